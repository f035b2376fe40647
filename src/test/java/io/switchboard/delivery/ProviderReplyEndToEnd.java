package io.switchboard.delivery;

import static io.restassured.RestAssured.given;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.restassured.response.ValidatableResponse;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.ProviderApis;
import io.switchboard.testing.ProviderSenderContract;
import io.switchboard.testing.Sql;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;

/**
 * Replies end to end through a provider channel: the conversation comes from the provider's real (signed)
 * webhook, an agent replies through the REST API, the outbox's dispatcher sends it to the provider (the shared
 * WireMock or GreenMail), and the test reads what the provider received and what the API shows. Each test
 * instance has a tenant of its own; its stubs match ids unique to it and are removed after each test.
 */
abstract class ProviderReplyEndToEnd {

    @Inject
    Sql sql;

    protected final InboxFixture f = new InboxFixture("e2e");
    protected final Replies replies = new Replies(f);
    protected final WireMock wireMock = ProviderApis.wireMock();
    private final List<StubMapping> stubs = new ArrayList<>();

    protected void stub(MappingBuilder mapping) {
        stubs.add(wireMock.register(mapping));
    }

    @AfterEach
    void removeStubs() {
        stubs.forEach(wireMock::removeStubMapping);
    }

    /** Creates a channel as an admin does; returns its {@code id}, {@code key} and {@code webhookUrl}. */
    protected Map<String, String> channel(String kind, String name, Map<String, String> config) {
        return f.channel(kind, name, config);
    }

    /** The conversation the inbound message with this provider id landed in. */
    protected String conversationOf(String channelId, String externalId) {
        return (String) sql.single(
                "SELECT conversation_id FROM message WHERE channel_id = ? AND external_id = ?", channelId, externalId);
    }

    protected ValidatableResponse events(String conversationId) {
        return given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations/" + conversationId + "/events")
                .then()
                .statusCode(200);
    }

    /** The statuses of a reply's DELIVERY_UPDATED events, oldest first. */
    protected List<String> deliveryStatuses(String conversationId, String messageId) {
        return events(conversationId)
                .extract()
                .path("items.findAll { it.type == 'DELIVERY_UPDATED' && it.data.messageId == '" + messageId
                        + "' }.data.status");
    }

    protected long outboundMessages(String conversationId) {
        return sql.count(
                "SELECT COUNT(*) FROM message WHERE conversation_id = ? AND direction = 'OUTBOUND'", conversationId);
    }

    protected static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** A random number of {@code n} digits, as providers' ids are. */
    protected static String digits(int n) {
        return ProviderSenderContract.digits(n);
    }
}
