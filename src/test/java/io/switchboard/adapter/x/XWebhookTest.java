package io.switchboard.adapter.x;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.Base64;
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
 * Account Activity deliveries as X sends them: payloads shaped after the published examples, raw JSON with
 * {@code \\u} escapes and 64-bit ids, signed here with independent code.
 */
@QuarkusTest
class XWebhookTest {

    /** Our account. Like every id here it is above 2^53, where doubles (and JavaScript) lose digits. */
    private static final String ME = "1403792947239325696";

    private static final String ZOE = "1850000000000000123";
    private static final String LI = "1850000000000000124";
    private static final String CONSUMER_SECRET = "xQ7s9vW2kLmN4pR6tY8uZ0aB3cD5eF7gH9iJ1kL3mN5oP7qR9s";

    @Inject
    Sql sql;

    private final String tenant = TestTokens.newTenant("acme");
    private final String admin = TestTokens.token(tenant, "carol", "admin");
    private String channelId;
    private String key;

    @BeforeEach
    void createChannel() {
        String[] channel = createChannel(admin, CONSUMER_SECRET);
        channelId = channel[0];
        key = channel[1];
    }

    private static String[] createChannel(String adminToken, String consumerSecret) {
        var created = given().auth()
                .oauth2(adminToken)
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "X",
                        "name",
                        "@acmesupport",
                        "config",
                        Map.of("userId", ME, "consumerSecret", consumerSecret, "accessToken", "1403792947-token")))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract();
        return new String[] {created.path("id"), created.path("key")};
    }

    // --- CRC -----------------------------------------------------------------------------------------

    @Test
    void theChallengeResponseCheckSignsTheTokenWithTheConsumerSecret() {
        String crcToken = "Tc1mYWtlLWNyYy10b2tlbi0xNzYzNjI5MjAw";
        given().queryParam("crc_token", crcToken)
                .queryParam("nonce", "MTc2MzYyOTIwMA")
                .get("/webhooks/x/" + key)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("response_token", equalTo("sha256=" + base64Hmac(CONSUMER_SECRET, crcToken)));
        given().get("/webhooks/x/" + key).then().statusCode(400).contentType("application/problem+json");
        given().queryParam("crc_token", crcToken)
                .get("/webhooks/x/no-such-channel-key-000000000000")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    // --- direct messages -------------------------------------------------------------------------------

    private static String directMessages() {
        return """
                {"for_user_id":"%s","direct_message_indicate_typing_events":[],\
                "direct_message_events":[%s,%s,%s],"apps":{"268278":{"id":"268278","name":"Web App",\
                "url":"https://mobile.twitter.com"}},"users":%s}""".formatted(
                        ME,
                        dm(
                                "1850000000000000777",
                                ZOE,
                                ME,
                                1763629200123L,
                                "Hallo! Wo ist meine Bestellung \\u2116 42? \\ud83d\\ude1e",
                                null),
                        dm(
                                "1850000000000000778",
                                ZOE,
                                ME,
                                1763629201000L,
                                "Das kam an https://t.co/AbCdEf1234",
                                "https://t.co/AbCdEf1234"),
                        dm("1850000000000000779", ME, ZOE, 1763629202000L, "Sorry! We are on it.", null),
                        users());
    }

    @Test
    void receivedDirectMessagesAreStoredInTheSendersPrivateConversationAndOurOwnAreSkipped() {
        post(directMessages()).statusCode(200);

        assertEquals(
                List.of("1850000000000000777", "1850000000000000778"),
                sql.column("SELECT external_id FROM message WHERE channel_id = ? ORDER BY external_id", channelId));
        assertEquals("Hallo! Wo ist meine Bestellung № 42? 😞", text("1850000000000000777"));
        assertEquals("Das kam an", text("1850000000000000778"), "the media's t.co link gives way to the attachment");
        String attachments = (String) sql.single(
                "SELECT attachments FROM message WHERE channel_id = ? AND external_id = '1850000000000000778'",
                channelId);
        assertTrue(attachments.contains("https://pbs.twimg.com/dm_photo/1850000000000000778/Xk3pQ.jpg"), attachments);
        assertEquals(
                Instant.ofEpochMilli(1763629200123L),
                instant(sql.single(
                        "SELECT created_at FROM message WHERE channel_id = ? AND external_id = '1850000000000000777'",
                        channelId)));

        String conversation = conversationOf("1850000000000000777");
        assertEquals(conversation, conversationOf("1850000000000000778"));
        assertEquals("contact:" + ZOE, sql.single("SELECT thread_key FROM conversation WHERE id = ?", conversation));
        assertEquals(false, publicThread(conversation));
        assertEquals(
                List.of(ZOE + " @zoe_mueller X_USER_ID Zoë Müller"),
                sql.column(
                        "SELECT CONCAT(i.external_id, ' ', i.handle, ' ', i.kind, ' ', k.name) FROM contact_identity i"
                                + " JOIN contact k ON k.id = i.contact_id WHERE i.channel_id = ?",
                        channelId));
    }

    // --- mentions --------------------------------------------------------------------------------------

    /**
     * A mention whose id comes only as a JSON number, a long reply to it with a photo, our own reply, and a
     * repost of one of our posts.
     */
    private static String mentions() {
        String mention = """
                {"created_at":"Thu Nov 20 09:14:02 +0000 2025","id":1850000000000000999,\
                "text":"@acmesupport where is my order? caf\\u00e9 closed \\ud83d\\ude1e","truncated":false,\
                "in_reply_to_status_id":null,"in_reply_to_status_id_str":null,"in_reply_to_user_id":%s,\
                "in_reply_to_user_id_str":"%s","in_reply_to_screen_name":"acmesupport",\
                "user":{"id":%s,"id_str":"%s","name":"Zo\\u00eb M\\u00fcller","screen_name":"zoe_mueller"},\
                "entities":{"hashtags":[],"urls":[],"user_mentions":[{"screen_name":"acmesupport","id":%s,\
                "id_str":"%s","indices":[0,12]}],"symbols":[]},"lang":"en","timestamp_ms":"1763630042000"}""".formatted(ME, ME, ZOE, ZOE, ME, ME);
        String longReply = """
                {"created_at":"Thu Nov 20 09:15:10 +0000 2025","id":1850000000000001001,\
                "id_str":"1850000000000001001","text":"@zoe_mueller @acmesupport same here \\u540c\\u95ee\\u2026 https://t.co/Zz9",\
                "truncated":true,"in_reply_to_status_id":1850000000000000999,\
                "in_reply_to_status_id_str":"1850000000000000999","user":{"id":%s,"name":"Li Wei",\
                "screen_name":"liwei"},"extended_tweet":{"full_text":"@zoe_mueller @acmesupport same here \\u540c\\u95ee \\ud83d\\ude4f my parcel has been stuck in Leipzig since Monday and nobody answers the hotline",\
                "display_text_range":[26,128],"entities":{"hashtags":[],"urls":[],"user_mentions":[],"symbols":[]},\
                "extended_entities":{"media":[{"id":1850000000000001002,"id_str":"1850000000000001002",\
                "media_url_https":"https://pbs.twimg.com/media/GcA1b2C3d4E.jpg","url":"https://t.co/Zz9",\
                "type":"photo"}]}},"timestamp_ms":"1763630110000"}""".formatted(LI);
        String ourReply = """
                {"created_at":"Thu Nov 20 09:16:00 +0000 2025","id":1850000000000001100,"id_str":"1850000000000001100",\
                "text":"@zoe_mueller We are sorry! Please DM us.","in_reply_to_status_id_str":"1850000000000000999",\
                "user":{"id":%s,"id_str":"%s","name":"Acme Support","screen_name":"acmesupport"},\
                "timestamp_ms":"1763630160000"}""".formatted(ME, ME);
        String repost = """
                {"created_at":"Thu Nov 20 09:17:00 +0000 2025","id":1850000000000001200,"id_str":"1850000000000001200",\
                "text":"RT @acmesupport: New blend out today","user":{"id":%s,"id_str":"%s","name":"Li Wei",\
                "screen_name":"liwei"},"retweeted_status":{"id":1850000000000000500,"id_str":"1850000000000000500",\
                "text":"New blend out today","user":{"id_str":"%s","screen_name":"acmesupport"}},\
                "timestamp_ms":"1763630220000"}""".formatted(LI, LI, ME);
        return """
                {"for_user_id":"%s","user_has_blocked":false,"tweet_create_events":[%s,%s,%s,%s]}""".formatted(ME, mention, longReply, ourReply, repost);
    }

    @Test
    void mentionsAreStoredAsOnePublicThreadWithTheirExactIds() {
        post(mentions()).statusCode(200);

        assertEquals(
                List.of("1850000000000000999", "1850000000000001001"),
                sql.column("SELECT external_id FROM message WHERE channel_id = ? ORDER BY external_id", channelId));
        assertEquals("@acmesupport where is my order? café closed 😞", text("1850000000000000999"));
        assertEquals(
                "@zoe_mueller @acmesupport same here 同问 🙏 my parcel has been stuck in Leipzig since Monday and"
                        + " nobody answers the hotline",
                text("1850000000000001001"),
                "a long post's full text, not its truncated text");
        assertTrue(((String) sql.single(
                        "SELECT attachments FROM message WHERE channel_id = ? AND external_id = '1850000000000001001'",
                        channelId))
                .contains("https://pbs.twimg.com/media/GcA1b2C3d4E.jpg"));

        String thread = conversationOf("1850000000000000999");
        assertEquals(thread, conversationOf("1850000000000001001"));
        assertEquals(
                "x-tweet:1850000000000000999", sql.single("SELECT thread_key FROM conversation WHERE id = ?", thread));
        assertEquals(true, publicThread(thread));
        // The author ids came as JSON numbers too (Li's only as one): every digit survives.
        assertEquals(
                List.of(ZOE, LI),
                sql.column(
                        "SELECT external_id FROM contact_identity WHERE channel_id = ? ORDER BY external_id",
                        channelId));
        assertEquals(
                "@liwei",
                sql.single(
                        "SELECT handle FROM contact_identity WHERE channel_id = ? AND external_id = ?", channelId, LI));
    }

    @Test
    void thePersonBehindADirectMessageAndAMentionIsOneContact() {
        post(directMessages()).statusCode(200);
        post(mentions()).statusCode(200);

        // Zoë wrote privately and publicly: one identity, one contact; Li is the other contact.
        assertEquals(2, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", tenant));
        assertEquals(
                1,
                sql.count(
                        "SELECT COUNT(*) FROM contact_identity WHERE channel_id = ? AND external_id = ?",
                        channelId,
                        ZOE));
        assertNotEquals(conversationOf("1850000000000000777"), conversationOf("1850000000000000999"));
    }

    @Test
    void aReplyToAStoredPostJoinsItsConversationInALaterDelivery() {
        post(mentions()).statusCode(200);
        post(tweets(tweet("1850000000000002001", "1850000000000001001", ZOE, "zoe_mueller", "@liwei me too!")))
                .statusCode(200);
        post(tweets(tweet("1850000000000002002", "1850000000000002001", LI, "liwei", "@zoe_mueller \\ud83d\\ude4c")))
                .statusCode(200);
        post(tweets(tweet("1850000000000002003", null, LI, "liwei", "@acmesupport new question")))
                .statusCode(200);

        String thread = conversationOf("1850000000000000999");
        assertEquals(thread, conversationOf("1850000000000002001"));
        assertEquals(thread, conversationOf("1850000000000002002"));
        assertEquals(4, sql.count("SELECT COUNT(*) FROM message WHERE conversation_id = ?", thread));
        assertEquals(
                "x-tweet:1850000000000002003",
                sql.single("SELECT thread_key FROM conversation WHERE id = ?", conversationOf("1850000000000002003")));
    }

    @Test
    void aConversationThroughOurOwnReplyInOneDeliveryStaysOneThread() {
        post(tweets(
                        tweet("1850000000000003001", null, ZOE, "zoe_mueller", "@acmesupport is the shop open?"),
                        tweet(
                                "1850000000000003002",
                                "1850000000000003001",
                                ME,
                                "acmesupport",
                                "@zoe_mueller until 6pm"),
                        tweet(
                                "1850000000000003003",
                                "1850000000000003002",
                                ZOE,
                                "zoe_mueller",
                                "@acmesupport danke \u2764\ufe0f")))
                .statusCode(200);

        assertEquals(
                List.of("1850000000000003001", "1850000000000003003"),
                sql.column("SELECT external_id FROM message WHERE channel_id = ? ORDER BY external_id", channelId));
        assertEquals(conversationOf("1850000000000003001"), conversationOf("1850000000000003003"));
        assertEquals("@acmesupport danke ❤️", text("1850000000000003003"));
    }

    // --- refusals ----------------------------------------------------------------------------------------

    @Test
    void eventsForAnotherAccountAreAcknowledgedAndIgnored() {
        post(directMessages().replace("\"for_user_id\":\"" + ME + "\"", "\"for_user_id\":\"2244994945\""))
                .statusCode(200);
        assertEquals(0, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
    }

    @Test
    void aForgedOrMissingSignatureIsRefusedAndStoresNothing() {
        String body = directMessages();
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        String good = "sha256=" + base64Hmac(CONSUMER_SECRET, raw);
        given().contentType("application/json")
                .header("x-twitter-webhooks-signature", good)
                .body(body.replace("\\u2116 42", "\\u2116 43").getBytes(StandardCharsets.UTF_8))
                .post("/webhooks/x/" + key)
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().contentType("application/json")
                .header("x-twitter-webhooks-signature", "sha256=" + base64Hmac("another-consumer-secret", raw))
                .body(raw)
                .post("/webhooks/x/" + key)
                .then()
                .statusCode(401);
        // The right HMAC in the wrong encoding (hex, as Meta uses) is not X's signature.
        given().contentType("application/json")
                .header(
                        "x-twitter-webhooks-signature",
                        "sha256=" + HexFormat.of().formatHex(hmac(CONSUMER_SECRET, raw)))
                .body(raw)
                .post("/webhooks/x/" + key)
                .then()
                .statusCode(401);
        given().contentType("application/json")
                .body(raw)
                .post("/webhooks/x/" + key)
                .then()
                .statusCode(401);
        assertEquals(0, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));

        given().contentType("application/json")
                .header("X-Twitter-Webhooks-Signature", good)
                .body(raw)
                .post("/webhooks/x/" + key)
                .then()
                .statusCode(200);
        assertEquals(2, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
    }

    @Test
    void aSignedButUnreadableDeliveryIsABadRequestAndStoresNothing() {
        post("{\"for_user_id\":\"" + ME + "\",\"direct_message_events\":[{")
                .statusCode(400)
                .contentType("application/problem+json");
        post("{\"direct_message_events\":[]}").statusCode(400).body("errors[0].field", equalTo("for_user_id"));
        // An id that is not an integer cannot be trusted to the digit: refused, not rounded.
        post(tweets(tweet("1850000000000002001", null, ZOE, "zoe_mueller", "fine"), """
                        {"id":1.850000000000002E18,"text":"float id","user":{"id_str":"%s","screen_name":"x"}}""".formatted(LI)))
                .statusCode(400)
                .body("errors[0].field", equalTo("tweet_create_events[1].id"));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
    }

    @Test
    void anUnknownKeyIsNotFound() {
        byte[] raw = directMessages().getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json")
                .header("x-twitter-webhooks-signature", "sha256=" + base64Hmac(CONSUMER_SECRET, raw))
                .body(raw)
                .post("/webhooks/x/no-such-channel-key-000000000000")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    // --- exactly once ------------------------------------------------------------------------------------

    @Test
    void redeliveriesAndConcurrentCopiesStoreEachMessageOnce() throws Exception {
        String dms = directMessages();
        String posts = mentions();
        post(dms).statusCode(200);
        long events = sql.count("SELECT COUNT(*) FROM conversation_event WHERE tenant_id = ?", tenant);
        post(dms).statusCode(200);
        assertEquals(events, sql.count("SELECT COUNT(*) FROM conversation_event WHERE tenant_id = ?", tenant));

        var pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String body = i % 2 == 0 ? dms : posts;
                statuses.add(pool.submit(() -> post(body).extract().statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertEquals(200, status.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
        assertEquals(2, sql.count("SELECT COUNT(*) FROM conversation WHERE channel_id = ?", channelId));
        assertEquals(2, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", tenant));
        assertEquals(
                4,
                sql.count(
                        "SELECT COUNT(*) FROM conversation_event WHERE tenant_id = ? AND type = 'MESSAGE_RECEIVED'",
                        tenant));
    }

    @Test
    void aDeliveryBelongsToTheTenantOfTheChannelItWasSentTo() {
        String otherTenant = TestTokens.newTenant("globex");
        String otherSecret = "globex-consumer-secret-0123456789";
        String[] other = createChannel(TestTokens.token(otherTenant, "gina", "admin"), otherSecret);

        post(directMessages()).statusCode(200);

        assertEquals(
                List.of(tenant),
                sql.column("SELECT DISTINCT tenant_id FROM conversation WHERE channel_id = ?", channelId));
        assertEquals(
                List.of(tenant),
                sql.column("SELECT DISTINCT tenant_id FROM contact_identity WHERE channel_id = ?", channelId));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM message WHERE tenant_id = ?", otherTenant));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", other[0]));
        byte[] raw = directMessages().getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json")
                .header("x-twitter-webhooks-signature", "sha256=" + base64Hmac(otherSecret, raw))
                .body(raw)
                .post("/webhooks/x/" + key)
                .then()
                .statusCode(401);
    }

    // --- helpers --------------------------------------------------------------------------------------

    private ValidatableResponse post(String body) {
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        return given().contentType("application/json; charset=utf-8")
                .header("x-twitter-webhooks-signature", "sha256=" + base64Hmac(CONSUMER_SECRET, raw))
                .body(raw)
                .post("/webhooks/x/" + key)
                .then();
    }

    private static byte[] hmac(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Hmac(String secret, byte[] data) {
        return Base64.getEncoder().encodeToString(hmac(secret, data));
    }

    private static String base64Hmac(String secret, String data) {
        return base64Hmac(secret, data.getBytes(StandardCharsets.UTF_8));
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

    /** {@code jsonText} is already JSON string content; {@code mediaLink} attaches a photo whose t.co link it is. */
    private static String dm(
            String id, String sender, String recipient, long timestamp, String jsonText, String mediaLink) {
        String attachment = mediaLink == null ? "" : """
                ,"attachment":{"type":"media","media":{"id":1850000000000009001,"id_str":"1850000000000009001",\
                "indices":[11,34],"media_url":"http://pbs.twimg.com/dm_photo/%s/Xk3pQ.jpg",\
                "media_url_https":"https://pbs.twimg.com/dm_photo/%s/Xk3pQ.jpg","url":"%s",\
                "display_url":"pic.twitter.com/Xk3pQ","type":"photo"}}""".formatted(id, id, mediaLink);
        return """
                {"type":"message_create","id":"%s","created_timestamp":"%d","message_create":{\
                "target":{"recipient_id":"%s"},"sender_id":"%s","source_app_id":"268278",\
                "message_data":{"text":"%s","entities":{"hashtags":[],"symbols":[],"user_mentions":[],"urls":[]}%s}}}""".formatted(id, timestamp, recipient, sender, jsonText, attachment);
    }

    private static String users() {
        return """
                {"%s":{"id":"%s","created_timestamp":"1422556069340","name":"Zo\\u00eb M\\u00fcller",\
                "screen_name":"zoe_mueller","protected":false,"verified":false,"followers_count":112,\
                "friends_count":240,"statuses_count":3021,"profile_image_url":"http://pbs.twimg.com/p/z.jpg",\
                "profile_image_url_https":"https://pbs.twimg.com/p/z.jpg"},\
                "%s":{"id":"%s","created_timestamp":"1400000000000","name":"Acme Support",\
                "screen_name":"acmesupport","protected":false,"verified":true}}""".formatted(ZOE, ZOE, ME, ME);
    }

    private static String tweet(String id, String inReplyTo, String authorId, String screenName, String jsonText) {
        String replyTo = inReplyTo == null ? "null" : "\"" + inReplyTo + "\"";
        return """
                {"created_at":"Thu Nov 20 10:00:00 +0000 2025","id":%s,"id_str":"%s","text":"%s",\
                "in_reply_to_status_id_str":%s,"user":{"id":%s,"id_str":"%s","name":"%s",\
                "screen_name":"%s"}}""".formatted(id, id, jsonText, replyTo, authorId, authorId, screenName, screenName);
    }

    private static String tweets(String... tweets) {
        return "{\"for_user_id\":\"" + ME + "\",\"tweet_create_events\":[" + String.join(",", tweets) + "]}";
    }
}
