package io.switchboard.adapter.chat;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ChannelService;
import io.switchboard.channel.outbound.ReplySenders;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.Ids;
import io.switchboard.common.time.UtcColumns;
import io.switchboard.testing.Replies;
import io.switchboard.testing.Sql;
import io.switchboard.testing.SseClient;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replies reach chat visitors live: the delivery outbox marks a reply SENT and logs DELIVERY_UPDATED (written
 * here as it writes them), and the visitor's stream pushes the reply, to that visitor only.
 */
@QuarkusTest
class ChatReplyStreamTest {

    private static final String SECRET = "Hk3-pQ9z-Lw2xN7v-Rt5Yb8Cd1Fg4Js6";

    @Inject
    Sql sql;

    @Inject
    ChannelService channels;

    @Inject
    ReplySenders senders;

    @TestHTTPResource("/")
    URL root;

    private final String tenant = TestTokens.newTenant("acme");
    private final String admin = TestTokens.token(tenant, "carol", "admin");
    private String channelId;
    private String key;

    @BeforeEach
    void createChatChannel() {
        var created = ChatWidgetTest.createChannel(
                admin, Map.of("kind", "CHAT", "name", "Web chat", "config", Map.of("identitySecret", SECRET)));
        channelId = created.get("id");
        key = created.get("key");
    }

    @Test
    void aSentReplyIsPushedToItsVisitorOnly() {
        String zoe = "user-" + UUID.randomUUID();
        String max = "user-" + UUID.randomUUID();
        String zoesConversation = startConversation(zoe);
        String maxsConversation = startConversation(max);

        try (SseClient zoesStream = SseClient.connect(streamUrl(), headers(zoe));
                SseClient maxsStream = SseClient.connect(streamUrl(), headers(max))) {
            String queued = reply(zoesConversation, "Let me check", "QUEUED");
            String failed = reply(zoesConversation, "This one failed", "FAILED");
            String sent = reply(zoesConversation, "It left the warehouse today 🚚", "SENT");
            String toMax = reply(maxsConversation, "Hello Max", "SENT");

            zoesStream.awaitEvent("reply", sent);
            maxsStream.awaitEvent("reply", toMax);
            assertTrue(zoesStream.mentions("It left the warehouse today 🚚"), "the message itself is pushed");
            assertTrue(zoesStream.mentions("\"direction\":\"OUTBOUND\""), String.join("\n", zoesStream.lines()));
            assertFalse(zoesStream.mentions(queued) || zoesStream.mentions(failed), "only sent replies are pushed");
            assertFalse(zoesStream.mentions(toMax), "a visitor sees only their own replies");
            assertFalse(maxsStream.mentions(sent));
        }
    }

    @Test
    void theBrowsersEventSourceAuthenticatesByQueryParameters() {
        String zoe = "user-" + UUID.randomUUID();
        String conversation = startConversation(zoe);
        String url = streamUrl() + "?identifier=" + encode(zoe) + "&identifierHash=" + ChatWidgetTest.hash(SECRET, zoe);
        try (SseClient stream = SseClient.connect(url, Map.of())) {
            String sent = reply(conversation, "Hi from the team", "SENT");
            stream.awaitEvent("reply", sent);
        }
    }

    @Test
    void aVisitorWhoStartsWritingAfterConnectingGetsTheReplies() {
        String zoe = "user-" + UUID.randomUUID();
        try (SseClient stream = SseClient.connect(streamUrl(), headers(zoe))) {
            String conversation = startConversation(zoe);
            String sent = reply(conversation, "Welcome!", "SENT");
            stream.awaitEvent("reply", sent);
        }
    }

    @Test
    void unprovenVisitorsAreRefused() {
        String zoe = "user-" + UUID.randomUUID();
        given().header("X-Chat-Identifier", zoe)
                .header("X-Chat-Identifier-Hash", ChatWidgetTest.hash("another-secret-of-16+", zoe))
                .get("/public/v1/chat/" + key + "/stream")
                .then()
                .statusCode(401);
        given().get("/public/v1/chat/" + key + "/stream").then().statusCode(400);
        given().header("X-Chat-Identifier", "no spaces allowed")
                .header("X-Chat-Identifier-Hash", ChatWidgetTest.hash(SECRET, "no spaces allowed"))
                .get("/public/v1/chat/" + key + "/stream")
                .then()
                .statusCode(400);
        given().header("X-Chat-Identifier", zoe)
                .header("X-Chat-Identifier-Hash", ChatWidgetTest.hash(SECRET, zoe))
                .get("/public/v1/chat/not-a-key/stream")
                .then()
                .statusCode(404);
    }

    @Test
    void sendingAChatReplyMakesItVisible() {
        var channel = channels.resolveByKey(key).orElseThrow();
        String messageId = Ids.newId();
        SendOutcome outcome = senders.forKind(ChannelKind.CHAT)
                .orElseThrow()
                .send(
                        channel,
                        Replies.reply("Hi").delivery(Ids.newId(), messageId).build());
        assertEquals(new SendOutcome.Sent(messageId), outcome);
        assertTrue(senders.forKind(ChannelKind.CHAT)
                .orElseThrow()
                .refusal(Replies.reply(" ").build(), Instant.now())
                .isPresent());
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private String streamUrl() {
        return root.toString().replaceAll("/$", "") + "/public/v1/chat/" + key + "/stream";
    }

    private static Map<String, String> headers(String visitor) {
        return Map.of("X-Chat-Identifier", visitor, "X-Chat-Identifier-Hash", ChatWidgetTest.hash(SECRET, visitor));
    }

    private String startConversation(String visitor) {
        return given().contentType("application/json")
                .body(Map.of(
                        "identifier",
                        visitor,
                        "identifierHash",
                        ChatWidgetTest.hash(SECRET, visitor),
                        "text",
                        "Where is my parcel?"))
                .post("/public/v1/chat/" + key + "/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("conversationId");
    }

    /**
     * A reply as the delivery outbox leaves it: the message with its delivery status, and the DELIVERY_UPDATED
     * event of that status. Returns the message id.
     */
    private String reply(String conversationId, String text, String status) {
        String messageId = Ids.newId();
        var now = UtcColumns.toColumn(Instant.now());
        sql.update(
                "INSERT INTO message (id, tenant_id, conversation_id, channel_id, direction, text, external_id,"
                        + " delivery_status, created_at, received_at) VALUES (?, ?, ?, ?, 'OUTBOUND', ?, ?, ?, ?, ?)",
                messageId,
                tenant,
                conversationId,
                channelId,
                text,
                "SENT".equals(status) ? messageId : null,
                status,
                now,
                now);
        String data = "{\"messageId\":\"%s\",\"deliveryId\":\"%s\",\"status\":\"%s\",\"attempts\":1}"
                .formatted(messageId, Ids.newId(), status);
        sql.update(
                "INSERT INTO conversation_event (id, tenant_id, conversation_id, type, data, created_at)"
                        + " VALUES (?, ?, ?, 'DELIVERY_UPDATED', ?, ?)",
                Ids.newId(),
                tenant,
                conversationId,
                data,
                now);
        return messageId;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(10));
    }
}
