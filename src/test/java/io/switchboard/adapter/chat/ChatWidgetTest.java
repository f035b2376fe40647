package io.switchboard.adapter.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.common.Ids;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chat widget's public API, called as the widget on a customer's web site calls it. */
@QuarkusTest
class ChatWidgetTest {

    private static final String SECRET = "wZ8q-3nV7xK2pL9s-Tg4Rb6Yc1Hd5Mf0";
    private static final String WIDGET_ORIGIN = "https://shop.customer.example";

    @Inject
    Sql sql;

    @Inject
    AgroalDataSource dataSource;

    private final String tenant = TestTokens.newTenant("acme");
    private final String admin = TestTokens.token(tenant, "carol", "admin");
    private String channelId;
    private String key;

    @BeforeEach
    void createChatChannel() {
        var created = createChannel(admin, Map.of("kind", "CHAT", "name", "Web chat", "config", secret(SECRET)));
        channelId = created.get("id");
        key = created.get("key");
    }

    // --- writing --------------------------------------------------------------------------------------------

    @Test
    void aVisitorStartsAConversationAndWritesInIt() {
        String visitor = "user-" + UUID.randomUUID();
        var started = start(visitor, Map.of("name", "Zoë Müller", "email", "zoe@customer.example", "text", "Hallo 👋"))
                .statusCode(201)
                .contentType("application/json")
                .body("conversationId", notNullValue())
                .body("messageId", notNullValue())
                .extract();
        String conversationId = started.path("conversationId");

        send(visitor, "Привет, 世界! 🧑‍🚀🇩🇪", "c-1").statusCode(201).body("conversationId", equalTo(conversationId));
        // A second "start" continues the same conversation: a visitor has one private thread per channel.
        start(visitor, Map.of("text", "noch da?")).statusCode(201).body("conversationId", equalTo(conversationId));

        assertEquals(3, sql.count("SELECT COUNT(*) FROM message WHERE conversation_id = ?", conversationId));
        assertEquals(
                "Привет, 世界! 🧑‍🚀🇩🇪",
                sql.single("SELECT text FROM message WHERE external_id = ?", "chat:" + visitor + ":c-1"));
        assertEquals(
                "CHAT_ID",
                sql.single(
                        "SELECT kind FROM contact_identity WHERE channel_id = ? AND external_id = ?",
                        channelId,
                        visitor));
        assertEquals(
                List.of("Zoë Müller", "zoe@customer.example"),
                List.of(
                        sql.single(
                                "SELECT k.name FROM contact k JOIN conversation c ON c.contact_id = k.id"
                                        + " WHERE c.id = ?",
                                conversationId),
                        sql.single(
                                "SELECT k.email FROM contact k JOIN conversation c ON c.contact_id = k.id"
                                        + " WHERE c.id = ?",
                                conversationId)));
        assertEquals(
                1,
                sql.count(
                        "SELECT COUNT(*) FROM conversation WHERE id = ? AND status = 'OPEN' AND unread_count = 3",
                        conversationId));

        messages(visitor, null, null)
                .statusCode(200)
                .body("items.text", contains("Hallo 👋", "Привет, 世界! 🧑‍🚀🇩🇪", "noch da?"))
                .body("items.direction", everyItem(equalTo("INBOUND")))
                .body("items[0].id", equalTo(started.path("messageId")))
                .body("items[0].createdAt", notNullValue())
                .body("hasMore", equalTo(false));
    }

    @Test
    void aRepeatedClientMessageIdStoresOneMessage() {
        String visitor = "user-" + UUID.randomUUID();
        String messageId = send(visitor, "Is my order on its way? 📦", "m-1")
                .statusCode(201)
                .extract()
                .path("messageId");
        send(visitor, "Is my order on its way? 📦", "m-1").statusCode(200).body("messageId", equalTo(messageId));
        start(visitor, Map.of("text", "Is my order on its way? 📦", "clientMessageId", "m-1"))
                .statusCode(200)
                .body("messageId", equalTo(messageId));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
    }

    @Test
    void concurrentCopiesOfOneMessageStoreOneRow() throws Exception {
        String visitor = "user-" + UUID.randomUUID();
        var pool = Executors.newFixedThreadPool(16);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                sent.add(pool.submit(() ->
                        send(visitor, "double click 🖱️", "dup-1").extract().statusCode()));
            }
            for (Future<Integer> f : sent) {
                statuses.add(f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 201), "statuses " + statuses);
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), "exactly one copy is reported as stored");
        assertEquals(1, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", tenant));
    }

    // --- reading --------------------------------------------------------------------------------------------

    @Test
    void theVisitorReadsRepliesButNeverInternalNotes() {
        String visitor = "user-" + UUID.randomUUID();
        String conversationId = send(visitor, "Where is my parcel?", "q-1")
                .statusCode(201)
                .extract()
                .path("conversationId");
        // Replies come from the delivery feature; here they are written as it will write them.
        insertMessage(conversationId, "NOTE", null, "Internal: customer is VIP, ship for free");
        insertMessage(conversationId, "OUTBOUND", "SENT", "It left the warehouse today 🚚");
        insertMessage(conversationId, "NOTE", null, "Internal: told them it shipped");

        messages(visitor, null, null)
                .statusCode(200)
                .body("items.text", contains("Where is my parcel?", "It left the warehouse today 🚚"))
                .body("items.direction", contains("INBOUND", "OUTBOUND"));
        String body = messages(visitor, null, null).extract().asString();
        assertFalse(body.contains("Internal"), "notes never reach the visitor: " + body);
    }

    @Test
    void theVisitorReadsOnlyRepliesThatWereSent() {
        String visitor = "user-" + UUID.randomUUID();
        String conversationId =
                send(visitor, "Hello?", "q-1").statusCode(201).extract().path("conversationId");
        insertMessage(conversationId, "OUTBOUND", "QUEUED", "queued, not sent yet");
        insertMessage(conversationId, "OUTBOUND", "SCHEDULED", "scheduled for tomorrow");
        insertMessage(conversationId, "OUTBOUND", "FAILED", "failed to send");
        insertMessage(conversationId, "OUTBOUND", "SENT", "sent");
        insertMessage(conversationId, "OUTBOUND", "DELIVERED", "sent and delivered");

        messages(visitor, null, null)
                .statusCode(200)
                .body("items.text", contains("Hello?", "sent", "sent and delivered"))
                .body("items.attachments", everyItem(empty()));
    }

    @Test
    void theTranscriptPagesOldestFirstAndThenPollsForNewMessages() {
        String visitor = "user-" + UUID.randomUUID();
        for (int i = 1; i <= 5; i++) {
            send(visitor, "message " + i, "p-" + i).statusCode(201);
        }
        var first = messages(visitor, null, 2)
                .statusCode(200)
                .body("items.text", contains("message 1", "message 2"))
                .body("hasMore", equalTo(true))
                .extract();
        var second = messages(visitor, first.path("nextCursor"), 2)
                .body("items.text", contains("message 3", "message 4"))
                .body("hasMore", equalTo(true))
                .extract();
        String last = messages(visitor, second.path("nextCursor"), 2)
                .body("items.text", contains("message 5"))
                .body("hasMore", equalTo(false))
                .extract()
                .path("nextCursor");
        assertNotNull(last, "the last page still tells where to poll from");

        // Polling: nothing new yet, and the cursor stays where it was.
        messages(visitor, last, null)
                .body("items", empty())
                .body("hasMore", equalTo(false))
                .body("nextCursor", equalTo(last));
        send(visitor, "message 6", "p-6").statusCode(201);
        messages(visitor, last, null).body("items.text", contains("message 6"));

        messages(visitor, "not-a-cursor!", null).statusCode(400).body("errors[0].field", equalTo("after"));
        messages(visitor, null, 0).statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    @Test
    void aVisitorWithoutMessagesHasAnEmptyTranscript() {
        messages("user-" + UUID.randomUUID(), null, null)
                .statusCode(200)
                .body("items", empty())
                .body("nextCursor", nullValue())
                .body("hasMore", equalTo(false));
    }

    @Test
    void aVisitorNeverSeesAnotherVisitorsMessages() {
        String alice = "alice-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        send(alice, "alice's secret", "a-1").statusCode(201);
        send(bob, "bob's question", "b-1").statusCode(201);

        messages(bob, null, null).statusCode(200).body("items.text", contains("bob's question"));
        // Bob cannot read Alice's conversation with his own hash, nor with a made-up one.
        given().queryParam("identifier", alice)
                .queryParam("identifierHash", hash(SECRET, bob))
                .get(base() + "/messages")
                .then()
                .statusCode(401);
    }

    // --- who may call ---------------------------------------------------------------------------------------

    @Test
    void aWrongOrMissingHashIsRefusedAndStoresNothing() {
        String visitor = "user-" + UUID.randomUUID();
        String right = hash(SECRET, visitor);
        String flipped = (right.charAt(0) == '0' ? "1" : "0") + right.substring(1);
        List<Map<String, Object>> forged = new ArrayList<>();
        forged.add(body(visitor, flipped, "forged", "f-1"));
        forged.add(body(visitor, hash(SECRET, "someone-else"), "forged", "f-2"));
        forged.add(body(visitor, hash("another-secret-of-16+", visitor), "forged", "f-3"));
        forged.add(body(visitor, "zz" + right.substring(2), "forged", "f-4"));
        forged.add(body(visitor, right.substring(0, 63), "forged", "f-5"));
        Map<String, Object> missing = body(visitor, null, "forged", "f-6");
        missing.remove("identifierHash");
        forged.add(missing);
        for (Map<String, Object> request : forged) {
            post("/messages", request)
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("status", equalTo(401))
                    .body("type", equalTo("urn:switchboard:problem:visitor-not-verified"));
            post("/conversations", request).statusCode(401);
        }
        given().queryParam("identifier", visitor)
                .get(base() + "/messages")
                .then()
                .statusCode(401);
        assertEquals(0, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", tenant));

        // The hash is hex: upper case proves the identifier as well.
        post("/messages", body(visitor, right.toUpperCase(), "real", "r-1")).statusCode(201);
    }

    @Test
    void unknownDisabledAndNonChatKeysAreNotFound() {
        String visitor = "user-" + UUID.randomUUID();
        Map<String, Object> request = body(visitor, hash(SECRET, visitor), "hi", "k-1");
        given().contentType("application/json")
                .body(request)
                .post("/public/v1/chat/no-such-key/messages")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        String apiKey =
                createChannel(admin, Map.of("kind", "API", "name", "CRM")).get("key");
        given().contentType("application/json")
                .body(request)
                .post("/public/v1/chat/" + apiKey + "/messages")
                .then()
                .statusCode(404);

        given().auth()
                .oauth2(admin)
                .delete("/api/v1/channels/" + channelId)
                .then()
                .statusCode(204);
        post("/messages", request).statusCode(404);
        messages(visitor, null, null).statusCode(404);
        assertEquals(0, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
    }

    @Test
    void anotherTenantsChatChannelKnowsNothingOfThisOne() {
        String visitor = "user-" + UUID.randomUUID();
        send(visitor, "for acme only", "t-1").statusCode(201);

        String otherTenant = TestTokens.newTenant("globex");
        String otherSecret = "globex-secret-0123456789";
        String otherKey = createChannel(
                        TestTokens.token(otherTenant, "gus", "admin"),
                        Map.of("kind", "CHAT", "name", "Globex chat", "config", secret(otherSecret)))
                .get("key");
        // This channel's hash proves nothing on the other channel...
        given().queryParam("identifier", visitor)
                .queryParam("identifierHash", hash(SECRET, visitor))
                .get("/public/v1/chat/" + otherKey + "/messages")
                .then()
                .statusCode(401);
        // ...and the same identifier there is another visitor, with a transcript of their own.
        given().queryParam("identifier", visitor)
                .queryParam("identifierHash", hash(otherSecret, visitor))
                .get("/public/v1/chat/" + otherKey + "/messages")
                .then()
                .statusCode(200)
                .body("items", empty());
    }

    // --- limits ---------------------------------------------------------------------------------------------

    @Test
    void aVisitorSendingTooFastIsToldToWaitAndThenAcceptedAgain() {
        // %test: a burst of 20, refilled at one message per second.
        String visitor = "user-" + UUID.randomUUID();
        int accepted = 0;
        ValidatableResponse refused = null;
        for (int i = 0; i < 60 && refused == null; i++) {
            var response = send(visitor, "spam " + i, "s-" + i);
            int status = response.extract().statusCode();
            if (status == 429) {
                refused = response;
            } else {
                assertEquals(201, status);
                accepted++;
            }
        }
        assertNotNull(refused, "the visitor was never limited");
        assertTrue(accepted >= 20, "the burst is allowed: " + accepted);
        refused.contentType("application/problem+json")
                .body("type", equalTo("urn:switchboard:problem:rate-limited"))
                .body("status", equalTo(429))
                .header("Retry-After", equalTo("1"));
        assertEquals(accepted, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));

        // Another visitor of the same channel is not affected.
        String other = "user-" + UUID.randomUUID();
        send(other, "hello", "o-1").statusCode(201);

        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> send(visitor, "patiently", "after-wait").extract().statusCode() == 201);
    }

    @Test
    void badInputIsAProblemAndStoresNothing() {
        String visitor = "user-" + UUID.randomUUID();
        String hash = hash(SECRET, visitor);
        given().contentType("application/json")
                .body("{\"identifier\": \"" + visitor + "\", \"text\": ")
                .post(base() + "/messages")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));
        post("/messages", body("has spaces", hash(SECRET, "has spaces"), "hi", "b-1"))
                .statusCode(400)
                .body("errors[0].field", equalTo("identifier"));
        post("/messages", body("x".repeat(129), hash(SECRET, "x".repeat(129)), "hi", "b-1"))
                .statusCode(400)
                .body("errors[0].field", equalTo("identifier"));
        post("/messages", body(visitor, hash, " \n ", "b-1")).statusCode(400).body("errors[0].field", equalTo("text"));
        post("/messages", body(visitor, hash, "ä".repeat(5001), "b-1"))
                .statusCode(400)
                .body("errors[0].field", equalTo("text"));
        post("/messages", body(visitor, hash, "hi", "a:b"))
                .statusCode(400)
                .body("errors[0].field", equalTo("clientMessageId"));
        post("/messages", body(visitor, hash, "hi", null))
                .statusCode(400)
                .body("errors[0].field", equalTo("clientMessageId"));
        Map<String, Object> badEmail = new HashMap<>(Map.of("identifier", visitor, "identifierHash", hash));
        badEmail.put("text", "hi");
        badEmail.put("email", "not an address");
        post("/conversations", badEmail).statusCode(400).body("errors[0].field", equalTo("email"));
        // A lone surrogate is not text (the database would keep a '?').
        given().contentType("application/json")
                .body("{\"identifier\":\"" + visitor + "\",\"identifierHash\":\"" + hash
                        + "\",\"text\":\"broken \\ud83d\",\"clientMessageId\":\"b-2\"}")
                .post(base() + "/messages")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("text"));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));

        // The longest text is fine, emoji and all.
        String longest = "😀".repeat(2500);
        post("/messages", body(visitor, hash, longest, "b-3")).statusCode(201);
        assertEquals(longest, sql.single("SELECT text FROM message WHERE channel_id = ?", channelId));
    }

    @Test
    void aShortIdentitySecretIsRefused() {
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of("kind", "CHAT", "name", "Weak", "config", secret("short")))
                .post("/api/v1/channels")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("config.identitySecret"));
    }

    // --- CORS -----------------------------------------------------------------------------------------------

    @Test
    void anyWebSiteMayCallThePublicPathsButNotTheOperatorApi() {
        given().header("Origin", WIDGET_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .options(base() + "/messages")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Content-Type"))
                .header("Access-Control-Allow-Credentials", nullValue());

        String visitor = "user-" + UUID.randomUUID();
        given().header("Origin", WIDGET_ORIGIN)
                .contentType("application/json")
                .body(body(visitor, hash(SECRET, visitor), "from the shop", "cors-1"))
                .post(base() + "/messages")
                .then()
                .statusCode(201)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Expose-Headers", containsString("Retry-After"));
        // Errors are readable by the widget too.
        given().header("Origin", WIDGET_ORIGIN)
                .queryParam("identifier", visitor)
                .get(base() + "/messages")
                .then()
                .statusCode(401)
                .header("Access-Control-Allow-Origin", "*");

        // The operator API keeps the configured SPA origins only.
        given().header("Origin", WIDGET_ORIGIN)
                .header("Access-Control-Request-Method", "GET")
                .options("/api/v1/me")
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", WIDGET_ORIGIN)
                .auth()
                .oauth2(admin)
                .get("/api/v1/channels")
                .then()
                .statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "http://localhost:5173")
                .header("Access-Control-Request-Method", "GET")
                .options("/api/v1/me")
                .then()
                .header("Access-Control-Allow-Origin", "http://localhost:5173");
        // A path that only looks public is judged by where it really leads.
        given().header("Origin", WIDGET_ORIGIN)
                .header("Access-Control-Request-Method", "GET")
                .options("/public/../api/v1/me")
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private String base() {
        return "/public/v1/chat/" + key;
    }

    private static Map<String, Object> secret(String value) {
        return Map.of("identitySecret", value);
    }

    static Map<String, String> createChannel(String token, Map<String, Object> body) {
        var created = given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .body("webhookUrl", startsWith("http"))
                .extract();
        return Map.of("id", created.path("id"), "key", created.path("key"));
    }

    /** What the customer's back end computes for the widget. */
    static String hash(String secret, String identifier) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> body(String identifier, String hash, String text, String clientMessageId) {
        Map<String, Object> body = new HashMap<>();
        body.put("identifier", identifier);
        body.put("identifierHash", hash);
        body.put("text", text);
        body.put("clientMessageId", clientMessageId);
        return body;
    }

    private ValidatableResponse post(String path, Map<String, Object> body) {
        return given().contentType("application/json")
                .body(body)
                .post(base() + path)
                .then();
    }

    private ValidatableResponse send(String visitor, String text, String clientMessageId) {
        return post("/messages", body(visitor, hash(SECRET, visitor), text, clientMessageId));
    }

    private ValidatableResponse start(String visitor, Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("identifier", visitor);
        body.put("identifierHash", hash(SECRET, visitor));
        return post("/conversations", body);
    }

    private ValidatableResponse messages(String visitor, String after, Integer limit) {
        var request = given().queryParam("identifier", visitor).queryParam("identifierHash", hash(SECRET, visitor));
        if (after != null) {
            request.queryParam("after", after);
        }
        if (limit != null) {
            request.queryParam("limit", limit);
        }
        return request.get(base() + "/messages").then();
    }

    /** Writes a reply or note as the inbox and the delivery outbox write them. */
    private void insertMessage(String conversationId, String direction, String deliveryStatus, String text) {
        try (var c = dataSource.getConnection();
                var insert = c.prepareStatement(
                        "INSERT INTO message (id, tenant_id, conversation_id, channel_id,"
                                + " direction, text, created_at, received_at, delivery_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Timestamp now = Timestamp.from(Instant.now());
            insert.setString(1, Ids.newId());
            insert.setString(2, tenant);
            insert.setString(3, conversationId);
            insert.setString(4, channelId);
            insert.setString(5, direction);
            insert.setString(6, text);
            insert.setTimestamp(7, now);
            insert.setTimestamp(8, now);
            insert.setString(9, deliveryStatus);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
