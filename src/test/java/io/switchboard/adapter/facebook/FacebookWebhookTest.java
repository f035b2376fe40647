package io.switchboard.adapter.facebook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Page webhooks as Meta delivers them: payloads shaped after the Graph API and Messenger Platform docs, raw
 * JSON with {@code \\u} escapes, signed here with independent code.
 */
@QuarkusTest
class FacebookWebhookTest {

    private static final String PAGE = "104857600123456";
    private static final String APP_SECRET = "5f2b7c0e9d1a4b3c8e6f0a1b2c3d4e5f";
    private static final String VERIFY_TOKEN = "rotating-verify-token-42";
    private static final String POST = PAGE + "_771234567890123";
    private static final String OTHER_POST = PAGE + "_8800";

    @Inject
    Sql sql;

    private final String tenant = TestTokens.newTenant("acme");
    private final String admin = TestTokens.token(tenant, "carol", "admin");
    private String channelId;
    private String key;

    @BeforeEach
    void createChannel() {
        String[] channel = createChannel(admin, APP_SECRET);
        channelId = channel[0];
        key = channel[1];
    }

    private static String[] createChannel(String adminToken, String appSecret) {
        var created = given().auth()
                .oauth2(adminToken)
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "FACEBOOK",
                        "name",
                        "Acme Coffee page",
                        "config",
                        Map.of(
                                "pageId",
                                PAGE,
                                "appSecret",
                                appSecret,
                                "verifyToken",
                                VERIFY_TOKEN,
                                "pageAccessToken",
                                "EAAJ-page-token")))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract();
        return new String[] {created.path("id"), created.path("key")};
    }

    // --- the handshake -------------------------------------------------------------------------------

    @Test
    void theSubscriptionHandshakeEchoesTheChallengeOnlyForTheChannelsVerifyToken() {
        given().queryParam("hub.mode", "subscribe")
                .queryParam("hub.verify_token", VERIFY_TOKEN)
                .queryParam("hub.challenge", "1158201444")
                .get("/webhooks/facebook/" + key)
                .then()
                .statusCode(200)
                .contentType("text/plain")
                .body(equalTo("1158201444"));
        given().queryParam("hub.mode", "subscribe")
                .queryParam("hub.verify_token", VERIFY_TOKEN + "x")
                .queryParam("hub.challenge", "1158201444")
                .get("/webhooks/facebook/" + key)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().queryParam("hub.mode", "subscribe")
                .queryParam("hub.challenge", "1158201444")
                .get("/webhooks/facebook/" + key)
                .then()
                .statusCode(403);
        given().queryParam("hub.mode", "unsubscribe")
                .queryParam("hub.verify_token", VERIFY_TOKEN)
                .queryParam("hub.challenge", "1158201444")
                .get("/webhooks/facebook/" + key)
                .then()
                .statusCode(403);
        given().queryParam("hub.mode", "subscribe")
                .queryParam("hub.verify_token", VERIFY_TOKEN)
                .queryParam("hub.challenge", "1158201444")
                .get("/webhooks/facebook/unknown-key-000000000000000000")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    // --- deliveries ----------------------------------------------------------------------------------

    /** Two entries of our page (messages, comments) and one of a page this channel does not serve. */
    private static String batch() {
        return delivery(
                entry(
                        PAGE,
                        List.of(
                                message(
                                        "5512345678901234",
                                        "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P",
                                        1763629200123L,
                                        "caf\\u00e9 \\ud83d\\ude00 \\u00bfqu\\u00e9 tal?"),
                                imageMessage(
                                        "5512345678901234",
                                        "m_image-1",
                                        1763629201000L,
                                        "https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg?_nc_cat=1&oh=00_AfA"),
                                echo("m_echo-1"),
                                delivered("5512345678901234"),
                                read("5512345678901234"),
                                message(
                                        "6698765432109876",
                                        "m_other-person-1",
                                        1763629202000L,
                                        "\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442 \\ud83d\\udc4b")),
                        List.of()),
                entry(
                        PAGE,
                        List.of(),
                        List.of(
                                comment(
                                        "771234567890123_9001",
                                        POST,
                                        "7001",
                                        "Zo\\u00eb M\\u00fcller",
                                        "Wann \\u00f6ffnet ihr? \\u2615",
                                        "add"),
                                comment(
                                        "771234567890123_9002",
                                        "771234567890123_9001",
                                        "7002",
                                        "Li Wei",
                                        "\\u540c\\u95ee \\ud83d\\ude4f",
                                        "add"),
                                comment(
                                        "771234567890123_9003",
                                        "771234567890123_9001",
                                        PAGE,
                                        "Acme Coffee",
                                        "At 7!",
                                        "add"),
                                comment(
                                        "771234567890123_9001",
                                        POST,
                                        "7001",
                                        "Zo\\u00eb M\\u00fcller",
                                        "edited text",
                                        "edited"),
                                reaction())),
                entry(
                        "999999999999999",
                        List.of(message("42", "m_foreign-page", 1763629203000L, "not ours")),
                        List.of()));
    }

    @Test
    void aBatchStoresEveryMessageAndNewCommentOfThePageOnceAndSkipsTheRest() {
        post(batch()).statusCode(200).body(equalTo("EVENT_RECEIVED"));

        assertEquals(
                List.of(
                        "771234567890123_9001",
                        "771234567890123_9002",
                        "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P",
                        "m_image-1",
                        "m_other-person-1"),
                sql.column("SELECT external_id FROM message WHERE channel_id = ? ORDER BY external_id", channelId));
        assertEquals(
                "café 😀 ¿qué tal?",
                text("m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P"));
        assertEquals("Привет 👋", text("m_other-person-1"));
        assertEquals("Wann öffnet ihr? ☕", text("771234567890123_9001"), "the added comment, not its later edit");
        assertEquals("同问 🙏", text("771234567890123_9002"));
        assertEquals(
                Instant.ofEpochMilli(1763629200123L),
                instant(sql.single(
                        "SELECT created_at FROM message WHERE channel_id = ? AND external_id = ?",
                        channelId,
                        "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P")));
        String attachments = (String) sql.single(
                "SELECT attachments FROM message WHERE channel_id = ? AND external_id = 'm_image-1'", channelId);
        assertTrue(
                attachments.contains("https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg?_nc_cat=1&oh=00_AfA"),
                attachments);
        assertTrue(attachments.contains("image/*"), attachments);

        // Each Messenger sender has a private conversation; the comment and its reply share a public one.
        String first = conversationOf(
                "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P");
        assertEquals(first, conversationOf("m_image-1"));
        assertEquals("contact:5512345678901234", sql.single("SELECT thread_key FROM conversation WHERE id = ?", first));
        assertEquals(false, publicThread(first));
        String comments = conversationOf("771234567890123_9001");
        assertEquals(comments, conversationOf("771234567890123_9002"));
        assertEquals(
                "fb-comment:771234567890123_9001",
                sql.single("SELECT thread_key FROM conversation WHERE id = ?", comments));
        assertEquals(true, publicThread(comments));
        assertEquals(3, sql.count("SELECT COUNT(*) FROM conversation WHERE channel_id = ?", channelId));
        assertEquals(2, sql.count("SELECT unread_count FROM conversation WHERE id = ?", comments));

        assertEquals(
                List.of("5512345678901234", "6698765432109876", "7001", "7002"),
                sql.column(
                        "SELECT external_id FROM contact_identity WHERE channel_id = ? AND kind = 'PAGE_SCOPED_ID'"
                                + " ORDER BY external_id",
                        channelId));
        assertEquals(
                "Zoë Müller",
                sql.single(
                        "SELECT k.name FROM contact k JOIN contact_identity i ON i.contact_id = k.id"
                                + " WHERE i.channel_id = ? AND i.external_id = '7001'",
                        channelId));
    }

    @Test
    void aRedeliveredBatchStoresNothingNew() {
        String body = batch();
        post(body).statusCode(200);
        long events = sql.count("SELECT COUNT(*) FROM conversation_event WHERE tenant_id = ?", tenant);
        long unread = sql.count("SELECT SUM(unread_count) FROM conversation WHERE channel_id = ?", channelId);

        post(body).statusCode(200).body(equalTo("EVENT_RECEIVED"));

        assertEquals(5, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
        assertEquals(3, sql.count("SELECT COUNT(*) FROM conversation WHERE channel_id = ?", channelId));
        assertEquals(4, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", tenant));
        assertEquals(events, sql.count("SELECT COUNT(*) FROM conversation_event WHERE tenant_id = ?", tenant));
        assertEquals(unread, sql.count("SELECT SUM(unread_count) FROM conversation WHERE channel_id = ?", channelId));
    }

    @Test
    void concurrentCopiesOfADeliveryStoreEachMessageOnce() throws Exception {
        String body = batch();
        var pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                statuses.add(pool.submit(() -> post(body).extract().statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertEquals(200, status.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(5, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
        assertEquals(3, sql.count("SELECT COUNT(*) FROM conversation WHERE channel_id = ?", channelId));
        assertEquals(4, sql.count("SELECT COUNT(*) FROM contact_identity WHERE channel_id = ?", channelId));
        assertEquals(4, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", tenant));
        assertEquals(
                5,
                sql.count(
                        "SELECT COUNT(*) FROM conversation_event WHERE tenant_id = ? AND type = 'MESSAGE_RECEIVED'",
                        tenant));
    }

    @Test
    void repliesJoinTheConversationOfTheCommentTheyAnswerAcrossDeliveries() {
        post(delivery(entry(
                        PAGE,
                        List.of(),
                        List.of(comment(OTHER_POST, "8800_1", OTHER_POST, "7101", "Ana", "First!", "add")))))
                .statusCode(200);
        post(delivery(entry(
                        PAGE,
                        List.of(),
                        List.of(
                                comment(OTHER_POST, "8800_2", "8800_1", "7102", "Ben", "Reply to Ana", "add"),
                                comment(
                                        OTHER_POST,
                                        "8800_3",
                                        OTHER_POST,
                                        "7103",
                                        "Cleo",
                                        "Another top-level comment",
                                        "add")))))
                .statusCode(200);
        // Replying to a reply: the parent is stored, so the ingestor follows it to its conversation.
        post(delivery(entry(
                        PAGE,
                        List.of(),
                        List.of(comment(OTHER_POST, "8800_4", "8800_2", "7101", "Ana", "@Ben thanks", "add")))))
                .statusCode(200);
        // Two replies to a comment this channel never saw meet in that comment's thread.
        post(delivery(entry(
                        PAGE,
                        List.of(),
                        List.of(
                                comment(OTHER_POST, "8800_6", "8800_5", "7104", "Dan", "me too", "add"),
                                comment(OTHER_POST, "8800_7", "8800_5", "7105", "Eve", "same here", "add")))))
                .statusCode(200);

        String thread = conversationOf("8800_1");
        assertEquals(thread, conversationOf("8800_2"));
        assertEquals(thread, conversationOf("8800_4"));
        assertEquals(3, sql.count("SELECT COUNT(*) FROM message WHERE conversation_id = ?", thread));
        String other = conversationOf("8800_3");
        assertTrue(!other.equals(thread), "another top-level comment is a conversation of its own");
        assertEquals(conversationOf("8800_6"), conversationOf("8800_7"));
        assertEquals(
                "fb-comment:8800_5",
                sql.single("SELECT thread_key FROM conversation WHERE id = ?", conversationOf("8800_6")));
        assertEquals(3, sql.count("SELECT COUNT(*) FROM conversation WHERE channel_id = ?", channelId));
    }

    @Test
    void aReplyToThePagesOwnReplyInTheSameDeliveryStaysInTheCommentsThread() {
        // Meta batches: the comment, the page's answer and the customer's answer to it arrive together.
        post(delivery(entry(
                        PAGE,
                        List.of(),
                        List.of(
                                comment(
                                        OTHER_POST,
                                        "8800_11",
                                        OTHER_POST,
                                        "7201",
                                        "Fay",
                                        "Gluten-free options?",
                                        "add"),
                                comment(OTHER_POST, "8800_12", "8800_11", PAGE, "Acme Coffee", "Yes, two!", "add"),
                                comment(
                                        OTHER_POST,
                                        "8800_13",
                                        "8800_12",
                                        "7201",
                                        "Fay",
                                        "Which ones? \ud83e\udd14",
                                        "add")))))
                .statusCode(200);

        assertEquals(
                List.of("8800_11", "8800_13"),
                sql.column("SELECT external_id FROM message WHERE channel_id = ? ORDER BY external_id", channelId));
        assertEquals(conversationOf("8800_11"), conversationOf("8800_13"));
        assertEquals("Which ones? 🤔", text("8800_13"));
    }

    @Test
    void aForgedOrMissingSignatureIsRefusedAndStoresNothing() {
        String body = batch();
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        // Tampered after signing.
        given().contentType("application/json")
                .header("X-Hub-Signature-256", signature(APP_SECRET, raw))
                .body(body.replace("caf\\u00e9", "cafe").getBytes(StandardCharsets.UTF_8))
                .post("/webhooks/facebook/" + key)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401));
        // Signed over the decoded text instead of the bytes sent: a server that re-serialised would accept it.
        String decoded = body.replace("caf\\u00e9 \\ud83d\\ude00", "café 😀");
        given().contentType("application/json")
                .header("X-Hub-Signature-256", signature(APP_SECRET, decoded.getBytes(StandardCharsets.UTF_8)))
                .body(raw)
                .post("/webhooks/facebook/" + key)
                .then()
                .statusCode(401);
        given().contentType("application/json")
                .header("X-Hub-Signature-256", signature("another-apps-secret", raw))
                .body(raw)
                .post("/webhooks/facebook/" + key)
                .then()
                .statusCode(401);
        given().contentType("application/json")
                .header("X-Hub-Signature-256", signature(APP_SECRET, raw).replace("sha256=", "sha1="))
                .body(raw)
                .post("/webhooks/facebook/" + key)
                .then()
                .statusCode(401);
        given().contentType("application/json")
                .body(raw)
                .post("/webhooks/facebook/" + key)
                .then()
                .statusCode(401);
        assertEquals(0, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", tenant));

        // The same bytes, correctly signed, are accepted: the refusals above were about the signature only.
        post(body).statusCode(200);
        assertEquals(5, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
    }

    @Test
    void aSignedButUnreadableDeliveryIsABadRequestAndStoresNothing() {
        post("{\"object\":\"page\",\"entry\":[").statusCode(400).contentType("application/problem+json");
        post("").statusCode(400).contentType("application/problem+json");
        post("[]").statusCode(400);
        post("{\"object\":\"page\",\"entry\":{}}").statusCode(400).body("errors[0].field", equalTo("entry"));
        // The first message is fine, the second has no mid: nothing of the delivery is stored.
        String missingMid = delivery(entry(
                PAGE,
                List.of(
                        message("5512345678901234", "m_fine", 1763629200000L, "fine"),
                        "{\"sender\":{\"id\":\"5512345678901234\"},\"recipient\":{\"id\":\"" + PAGE
                                + "\"},\"timestamp\":1763629200000,\"message\":{\"text\":\"no mid\"}}"),
                List.of()));
        post(missingMid)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("entry[0].messaging[1].message.mid"));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
    }

    @Test
    void anUnknownOrDisabledKeyIsNotFound() {
        String body = batch();
        given().contentType("application/json")
                .header("X-Hub-Signature-256", signature(APP_SECRET, body.getBytes(StandardCharsets.UTF_8)))
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/webhooks/facebook/no-such-channel-key-00000000000")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin)
                .delete("/api/v1/channels/" + channelId)
                .then()
                .statusCode(204);
        post(body).statusCode(404);
        assertEquals(0, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
    }

    @Test
    void aDeliveryBelongsToTheTenantOfTheChannelItWasSentTo() {
        String otherTenant = TestTokens.newTenant("globex");
        String otherSecret = "globex-app-secret-0123456789abcdef";
        String[] other = createChannel(TestTokens.token(otherTenant, "gina", "admin"), otherSecret);

        post(batch()).statusCode(200);

        assertEquals(
                List.of(tenant),
                sql.column("SELECT DISTINCT tenant_id FROM conversation WHERE channel_id = ?", channelId));
        assertEquals(
                List.of(tenant), sql.column("SELECT DISTINCT tenant_id FROM message WHERE channel_id = ?", channelId));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM message WHERE tenant_id = ?", otherTenant));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", otherTenant));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", other[0]));

        // The other tenant's app secret does not open this channel, though both serve the same page id.
        byte[] raw = batch().getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json")
                .header("X-Hub-Signature-256", signature(otherSecret, raw))
                .body(raw)
                .post("/webhooks/facebook/" + key)
                .then()
                .statusCode(401);
        given().contentType("application/json")
                .header("X-Hub-Signature-256", signature(otherSecret, raw))
                .body(raw)
                .post("/webhooks/facebook/" + other[1])
                .then()
                .statusCode(200);
        String mine = conversationOf("m_image-1");
        String theirs = (String) sql.single(
                "SELECT conversation_id FROM message WHERE channel_id = ? AND external_id = 'm_image-1'", other[0]);
        assertTrue(!mine.equals(theirs), "the same message id on another tenant's channel is its own row");
        assertEquals(otherTenant, sql.single("SELECT tenant_id FROM conversation WHERE id = ?", theirs));
    }

    // --- helpers --------------------------------------------------------------------------------------

    private ValidatableResponse post(String body) {
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        return given().contentType("application/json")
                .header("X-Hub-Signature-256", signature(APP_SECRET, raw))
                .body(raw)
                .post("/webhooks/facebook/" + key)
                .then();
    }

    /** As Meta signs: sha256= and the lower-case hex HMAC-SHA256 of the raw body under the app secret. */
    private static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String text(String externalId) {
        return (String)
                sql.single("SELECT text FROM message WHERE channel_id = ? AND external_id = ?", channelId, externalId);
    }

    private String conversationOf(String externalId) {
        return (String) sql.single(
                "SELECT conversation_id FROM message WHERE channel_id = ? AND external_id = ?", channelId, externalId);
    }

    private boolean publicThread(String conversationId) {
        Object value = sql.single("SELECT public_thread FROM conversation WHERE id = ?", conversationId);
        return value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
    }

    private static Instant instant(Object value) {
        return value instanceof LocalDateTime local
                ? Timestamp.valueOf(local).toInstant()
                : ((Timestamp) value).toInstant();
    }

    private static String delivery(String... entries) {
        return "{\"object\":\"page\",\"entry\":[" + String.join(",", entries) + "]}";
    }

    private static String entry(String pageId, List<String> messaging, List<String> changes) {
        StringBuilder entry = new StringBuilder("{\"id\":\"" + pageId + "\",\"time\":1763629205123");
        if (!messaging.isEmpty()) {
            entry.append(",\"messaging\":[").append(String.join(",", messaging)).append(']');
        }
        if (!changes.isEmpty()) {
            entry.append(",\"changes\":[").append(String.join(",", changes)).append(']');
        }
        return entry.append('}').toString();
    }

    /** {@code jsonText} is already JSON string content: escapes stay as they are. */
    private static String message(String psid, String mid, long timestamp, String jsonText) {
        return """
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":%d,\
                "message":{"mid":"%s","text":"%s"}}""".formatted(psid, PAGE, timestamp, mid, jsonText);
    }

    private static String imageMessage(String psid, String mid, long timestamp, String url) {
        return """
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":%d,\
                "message":{"mid":"%s","attachments":[{"type":"image","payload":{"url":"%s"}},\
                {"type":"location","payload":{"coordinates":{"lat":52.52,"long":13.40}}}]}}""".formatted(psid, PAGE, timestamp, mid, url);
    }

    /** What Meta sends back when the page itself sent a message. */
    private static String echo(String mid) {
        return """
                {"sender":{"id":"%s"},"recipient":{"id":"5512345678901234"},"timestamp":1763629204000,\
                "message":{"is_echo":true,"app_id":1517776481860111,"metadata":"sent-by-switchboard",\
                "mid":"%s","text":"Hi! How can we help?"}}""".formatted(PAGE, mid);
    }

    private static String delivered(String psid) {
        return """
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},\
                "delivery":{"mids":["m_echo-1"],"watermark":1763629204500}}""".formatted(psid, PAGE);
    }

    private static String read(String psid) {
        return """
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":1763629204600,\
                "read":{"watermark":1763629204500}}""".formatted(psid, PAGE);
    }

    /** A feed change adding (or editing) a comment on the page's post. */
    private static String comment(
            String commentId, String parentId, String fromId, String fromName, String jsonText, String verb) {
        return comment(POST, commentId, parentId, fromId, fromName, jsonText, verb);
    }

    private static String comment(
            String postId,
            String commentId,
            String parentId,
            String fromId,
            String fromName,
            String jsonText,
            String verb) {
        return """
                {"field":"feed","value":{"from":{"id":"%s","name":"%s"},\
                "post":{"status_type":"added_photos","is_published":true,"updated_time":"2025-11-20T09:14:02+0000",\
                "permalink_url":"https://www.facebook.com/acmecoffee/posts/pfbid02x","promotion_status":"inactive",\
                "id":"%s"},"message":"%s","post_id":"%s","comment_id":"%s","created_time":1763629260,\
                "item":"comment","parent_id":"%s","verb":"%s"}}""".formatted(fromId, fromName, postId, jsonText, postId, commentId, parentId, verb);
    }

    private static String reaction() {
        return """
                {"field":"feed","value":{"from":{"id":"7009","name":"Someone"},"post_id":"%s",\
                "created_time":1763629270,"item":"reaction","parent_id":"%s","reaction_type":"love","verb":"add"}}""".formatted(POST, POST);
    }
}
