package io.switchboard.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.switchboardclient.ApiClient;
import com.example.switchboardclient.api.ChannelsApi;
import com.example.switchboardclient.api.InboxApi;
import com.example.switchboardclient.api.ReportsApi;
import com.example.switchboardclient.model.ApiInboundRequest;
import com.example.switchboardclient.model.ChannelCostRow;
import com.example.switchboardclient.model.ChannelCostsReport;
import com.example.switchboardclient.model.ChannelKind;
import com.example.switchboardclient.model.ConversationStatus;
import com.example.switchboardclient.model.ConversationSummary;
import com.example.switchboardclient.model.ConversationView;
import com.example.switchboardclient.model.CreateChannelRequest;
import com.example.switchboardclient.model.CreateMessageRequest;
import com.example.switchboardclient.model.IngestResult;
import com.example.switchboardclient.model.MessageDirection;
import com.example.switchboardclient.model.MessageType;
import com.example.switchboardclient.model.MessageView;
import com.example.switchboardclient.model.PageConversationSummary;
import com.example.switchboardclient.model.Sender;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an SPA team gets: a client generated from {@code openapi/openapi.yaml} (at build time, into
 * {@code target/generated-test-sources}) that works against the service. A field the spec declares non-null but the
 * service leaves null, an enum value it does not list, or an operation id that moves, breaks this test or its build.
 */
@QuarkusTest
class GeneratedClientTest {

    @TestHTTPResource("/")
    URI base;

    private final String tenant = TestTokens.newTenant("client");
    private final String admin = TestTokens.token(tenant, "carol", "admin");
    private final String agent = TestTokens.token(tenant, "alice", "agent");
    private final String manager = TestTokens.token(tenant, "mona", "manager");

    private ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.setScheme(base.getScheme());
        client.setHost(base.getHost());
        client.setPort(base.getPort());
        client.setBasePath("");
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    @Test
    void anSpaWorksTheInboxAndReadsAReportThroughTheGeneratedClient() throws Exception {
        String channelId = new ChannelsApi(client(admin))
                .createChannel(new CreateChannelRequest().kind(ChannelKind.API).name("CRM"))
                .getId();
        IngestResult received = new ChannelsApi(client(agent))
                .receiveApiMessage(
                        channelId,
                        new ApiInboundRequest()
                                .externalId("m-1")
                                .sender(new Sender().id("u-1").name("Zoë"))
                                .text("Where is my order?"));

        InboxApi inbox = new InboxApi(client(agent));
        PageConversationSummary page =
                inbox.listConversations(null, null, null, null, null, null, 50, null, null, null);
        assertNull(page.getNextCursor(), "one conversation: no next page");
        List<String> ids =
                page.getItems().stream().map(ConversationSummary::getId).toList();
        assertEquals(List.of(received.getConversationId()), ids);

        ConversationView conversation = inbox.getConversation(received.getConversationId(), null);
        assertEquals(ConversationStatus.OPEN, conversation.getStatus());
        assertEquals(ChannelKind.API, conversation.getChannelKind());
        assertNull(conversation.getSnoozedUntil(), "not snoozed: null, which the spec allows");
        assertNull(conversation.getTeamId());

        MessageView note = inbox.createMessage(
                received.getConversationId(),
                new CreateMessageRequest().type(MessageType.NOTE).text("Called the warehouse"),
                null);
        assertEquals(MessageDirection.NOTE, note.getDirection());
        assertEquals("Called the warehouse", note.getText());
        assertTrue(
                inbox.listMessages(received.getConversationId(), null, null).getItems().stream()
                        .anyMatch(m -> note.getId().equals(m.getId())),
                "the note is in the conversation's messages");

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        ReportsApi reports = new ReportsApi(client(manager));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ChannelCostsReport report = reports.getChannelCostsReport(
                    today.toString(), today.plusDays(1).toString(), channelId, null, null);
            assertEquals(today.toString(), report.getFrom());
            ChannelCostRow row = report.getRows().stream()
                    .filter(r -> channelId.equals(r.getChannelId()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no row for the channel in " + report));
            assertEquals(1L, row.getMessagesIn());
        });
    }
}
