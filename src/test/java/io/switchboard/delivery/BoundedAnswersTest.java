package io.switchboard.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.channel.outbound.ProviderHttp;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.Sql;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Answers of integrations are bounded: at most 1 MiB is read, and the whole exchange, body included, ends at the
 * deadline ({@code switchboard.providers.timeout}, 4 s here: WireMock itself needs about a second before it starts
 * answering 50 MiB on a busy machine); meanwhile another tenant's replies flow.
 */
@QuarkusTest
@TestProfile(BoundedAnswersTest.FourSecondDeadline.class)
class BoundedAnswersTest {

    public static class FourSecondDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "switchboard.providers.timeout", "4s",
                    "switchboard.delivery.lease", "10s",
                    "switchboard.delivery.max-attempts", "2");
        }
    }

    private static final int FIFTY_MIB = 50 * 1024 * 1024;

    private static WireMockServer integration;

    @Inject
    ProviderHttp http;

    @Inject
    Sql sql;

    @BeforeAll
    static void startIntegration() {
        integration = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        integration.start();
    }

    @AfterAll
    static void stopIntegration() {
        integration.stop();
    }

    private String stub(ResponseDefinitionBuilder answer) {
        String path = "/replies/" + UUID.randomUUID();
        integration.stubFor(post(urlEqualTo(path)).willReturn(answer));
        return integration.baseUrl() + path;
    }

    private static ResponseDefinitionBuilder fiftyMebibytes() {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("x".repeat(FIFTY_MIB));
    }

    /** Sixty bytes, one a second. */
    private static ResponseDefinitionBuilder dribbling() {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + "d".repeat(51) + "\"}")
                .withChunkedDribbleDelay(60, 60_000);
    }

    private SendOutcome send(String url) {
        return http.send(
                http.request(url)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                json -> Optional.of("ok"));
    }

    @Test
    void aFiftyMebibyteAnswerIsCutAtTheLimitAndFails() {
        Instant start = Instant.now();
        SendOutcome outcome = send(stub(fiftyMebibytes()));
        assertEquals(new SendOutcome.Permanent("The provider's answer is larger than 1048576 bytes"), outcome);
        assertTrue(Duration.between(start, Instant.now()).compareTo(Duration.ofSeconds(4)) < 0, "before the deadline");
    }

    @Test
    void aDribblingAnswerEndsAtTheDeadline() {
        Instant start = Instant.now();
        SendOutcome outcome = send(stub(dribbling()));
        Duration took = Duration.between(start, Instant.now());
        assertEquals(SendOutcome.Transient.class, outcome.getClass(), outcome.toString());
        assertEquals("The provider did not answer within PT4S", ((SendOutcome.Transient) outcome).error());
        assertTrue(took.compareTo(Duration.ofMillis(5_500)) < 0, "cut at the 4 s deadline, took " + took);
    }

    @Test
    void repliesToMisbehavingIntegrationsFailAsDocumentedWhileAnotherTenantsRepliesFlow() {
        InboxFixture hostile = new InboxFixture("bounded");
        InboxFixture other = new InboxFixture("bounded");
        Replies hostileReplies = new Replies(hostile);
        Replies otherReplies = new Replies(other);
        String hugeConversation = conversation(hostile, stub(fiftyMebibytes()));
        String dribbleUrl = stub(dribbling());
        String dribbleConversation = conversation(hostile, dribbleUrl);
        String okConversation = conversation(other, stub(okJson("{\"id\":\"fine-1\"}")));

        String huge = hostileReplies.send(hugeConversation, Replies.text("one"));
        String dribble = hostileReplies.send(dribbleConversation, Replies.text("two"));
        String fine = otherReplies.send(okConversation, Replies.text("three"));

        otherReplies.awaitStatus(okConversation, fine, "SENT");
        // Over the limit: failed at once (permanent), with a generic error.
        hostileReplies.awaitStatus(hugeConversation, huge, "FAILED");
        assertEquals(1L, attempts(huge));
        assertEquals("The provider's answer is larger than 1048576 bytes", lastError(huge));
        // Dribbling: each attempt cut at the deadline, retried (transient) until this profile's 2 attempts.
        hostileReplies.awaitStatus(dribbleConversation, dribble, "FAILED");
        assertEquals(2L, attempts(dribble));
        assertTrue(lastError(dribble).endsWith("The provider did not answer within PT4S"), lastError(dribble));
        assertEquals(
                2,
                integration
                        .findAll(postRequestedFor(urlEqualTo(
                                dribbleUrl.substring(integration.baseUrl().length()))))
                        .size());
    }

    private static String conversation(InboxFixture f, String replyUrl) {
        String channel = f.channel("App", Map.of("replyUrl", replyUrl));
        return f.deliver(channel, InboxFixture.message("in-" + UUID.randomUUID(), "user-1", "Ann", "Hi"))
                .statusCode(201)
                .extract()
                .path("conversationId");
    }

    private long attempts(String messageId) {
        return ((Number) sql.single("SELECT attempts FROM delivery WHERE message_id = ?", messageId)).longValue();
    }

    private String lastError(String messageId) {
        return (String) sql.single("SELECT last_error FROM delivery WHERE message_id = ?", messageId);
    }
}
