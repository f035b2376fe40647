package io.switchboard.inbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.Sql;
import io.switchboard.testing.SseClient;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Inbound through the API channel: the ingest path every channel shares. */
@QuarkusTest
class ApiChannelIngestTest {

    @Inject
    Sql sql;

    @TestHTTPResource("/api/v1/stream")
    URL streamUrl;

    private final String tenant = TestTokens.newTenant("acme");
    private final String admin = TestTokens.token(tenant, "carol", "admin");
    private final String agent = TestTokens.token(tenant, "alice", "agent");
    private String channelId;

    @BeforeEach
    void createChannel() {
        channelId = given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of("kind", "API", "name", "CRM"))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private io.restassured.response.ValidatableResponse send(String token, Map<String, Object> body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/channels/" + channelId + "/inbound")
                .then();
    }

    private static Map<String, Object> message(String externalId, String senderId, String text) {
        return Map.of("externalId", externalId, "sender", Map.of("id", senderId, "name", "Zoë Müller"), "text", text);
    }

    @Test
    void aMessageIsStoredOnceAndARetryReturnsTheSameMessage() {
        String messageId = send(agent, message("m-1", "u-1", "Hallo 👋 ünïcödé"))
                .statusCode(201)
                .body("duplicate", equalTo(false))
                .body("conversationId", notNullValue())
                .extract()
                .path("messageId");
        send(agent, message("m-1", "u-1", "Hallo 👋 ünïcödé"))
                .statusCode(200)
                .body("duplicate", equalTo(true))
                .body("messageId", equalTo(messageId));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
        assertEquals("Hallo 👋 ünïcödé", sql.single("SELECT text FROM message WHERE id = ?", messageId));
        assertEquals(
                "Zoë Müller",
                sql.single(
                        "SELECT k.name FROM contact k JOIN contact_identity i ON i.contact_id = k.id WHERE i.channel_id = ?",
                        channelId));
    }

    @Test
    void concurrentCopiesOfOneMessageStoreOneRow() throws Exception {
        var pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                statuses.add(pool.submit(() ->
                        send(agent, message("dup-1", "u-dup", "same")).extract().statusCode()));
            }
            int created = 0;
            for (Future<Integer> status : statuses) {
                int code = status.get(30, TimeUnit.SECONDS);
                assertTrue(code == 200 || code == 201, "status " + code);
                created += code == 201 ? 1 : 0;
            }
            assertEquals(1, created, "exactly one copy is reported as stored");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM conversation WHERE channel_id = ?", channelId));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM contact_identity WHERE channel_id = ?", channelId));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", tenant));
    }

    @Test
    void aSendersMessagesJoinTheirConversationAndThreadsAreTheirOwn() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int sender = 0; sender < 5; sender++) {
                for (int n = 0; n < 8; n++) {
                    String s = "u-" + sender;
                    String id = "m-" + sender + "-" + n;
                    sent.add(pool.submit(
                            () -> send(agent, message(id, s, "text " + id)).statusCode(201)));
                }
            }
            for (Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(40, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
        assertEquals(5, sql.count("SELECT COUNT(*) FROM conversation WHERE channel_id = ?", channelId));
        assertEquals(5, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", tenant));
        assertEquals(8L * 5, sql.count("SELECT SUM(unread_count) FROM conversation WHERE channel_id = ?", channelId));
        assertEquals(
                40,
                sql.count(
                        "SELECT COUNT(*) FROM conversation_event WHERE tenant_id = ? AND type = 'MESSAGE_RECEIVED'",
                        tenant));

        send(agent, Map.of("externalId", "t-1", "sender", Map.of("id", "u-0"), "threadKey", "order-77", "text", "x"))
                .statusCode(201);
        assertEquals(6, sql.count("SELECT COUNT(*) FROM conversation WHERE channel_id = ?", channelId));
    }

    @Test
    void aNewMessageReopensAResolvedConversation() {
        String conversationId = send(agent, message("r-1", "u-r", "first"))
                .statusCode(201)
                .extract()
                .path("conversationId");
        assertEquals(
                1, sql.count("SELECT COUNT(*) FROM conversation WHERE id = ? AND status = 'OPEN'", conversationId));
        // Resolve it as the inbox would (the inbox API is not needed to show the ingest rule).
        sql.column("SELECT 1"); // keeps the connection pool warm for the update below
        execute("UPDATE conversation SET status = 'RESOLVED' WHERE id = '" + conversationId + "'");
        send(agent, message("r-2", "u-r", "again")).statusCode(201).body("conversationId", equalTo(conversationId));
        assertEquals(
                1, sql.count("SELECT COUNT(*) FROM conversation WHERE id = ? AND status = 'OPEN'", conversationId));
        assertEquals(
                1,
                sql.count(
                        "SELECT COUNT(*) FROM conversation_event WHERE conversation_id = ? AND type = 'STATUS_CHANGED'",
                        conversationId));
    }

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    private void execute(String update) {
        try (var c = dataSource.getConnection();
                var s = c.createStatement()) {
            s.executeUpdate(update);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void badInputIsAProblemAndStoresNothing() {
        send(agent, Map.of("sender", Map.of("id", "u-1"), "text", "no id"))
                .statusCode(400)
                .body("errors[0].field", equalTo("externalId"));
        send(agent, Map.of("externalId", "x", "sender", Map.of("id", " ")))
                .statusCode(400)
                .body("errors[0].field", equalTo("sender.id"));
        send(
                        agent,
                        Map.of(
                                "externalId",
                                "x",
                                "sender",
                                Map.of("id", "u"),
                                "attachments",
                                List.of(Map.of("url", "file:///etc/passwd"))))
                .statusCode(400)
                .body("errors[0].field", equalTo("attachments[0].url"));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
    }

    @Test
    void anotherTenantCannotFeedThisChannel() {
        String intruder = TestTokens.token(TestTokens.newTenant("globex"), "gina", "agent");
        send(intruder, message("evil-1", "u-1", "hi")).statusCode(404);
        given().contentType("application/json")
                .body(message("anon", "u", "hi"))
                .post("/api/v1/channels/" + channelId + "/inbound")
                .then()
                .statusCode(401);
        assertEquals(0, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
    }

    @Test
    void liveStreamCarriesTheTenantsOwnActivityOnly() {
        String otherTenant = TestTokens.newTenant("globex");
        try (SseClient mine = SseClient.connect(streamUrl.toString(), agent);
                SseClient theirs =
                        SseClient.connect(streamUrl.toString(), TestTokens.token(otherTenant, "gina", "agent"))) {
            String conversationId = send(agent, message("live-1", "u-live", "are you there?"))
                    .statusCode(201)
                    .extract()
                    .path("conversationId");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> mine.saw("message-created", conversationId));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> mine.saw("conversation-created"));
            assertTrue(
                    theirs.lines().stream().noneMatch(line -> line.contains(conversationId)),
                    "another tenant's stream never sees this tenant's activity");
        }
    }
}
