package io.switchboard.adapter.sms;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Twilio's inbound message webhook, driven the way Twilio drives it: the documented form parameters,
 * URL-encoded, signed as Twilio's security documentation describes (computed here, independently of the
 * production code).
 */
@QuarkusTest
class SmsWebhookTest {

    private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";
    private static final String ACCOUNT_SID = "AC" + "1f2e3d4c5b6a79880123456789abcdef";
    private static final String NUMBER = "+14155550100";

    @Inject
    Sql sql;

    @Inject
    ObjectMapper mapper;

    private final String tenant = TestTokens.newTenant("acme");
    private final String admin = TestTokens.token(tenant, "carol", "admin");
    private final String authToken = HexFormat.of().formatHex(randomBytes(16));
    private String channelId;
    private String key;
    private String webhookUrl;

    /** One POST parameter, in the order Twilio sends it. */
    record Param(String name, String value) {}

    @BeforeEach
    void connectNumber() {
        var channel = createChannel(admin, ACCOUNT_SID, authToken);
        channelId = channel.get("id");
        key = channel.get("key");
        webhookUrl = channel.get("webhookUrl");
    }

    private static Map<String, String> createChannel(String adminToken, String accountSid, String token) {
        return given().auth()
                .oauth2(adminToken)
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "SMS",
                        "name",
                        "Support line",
                        "config",
                        Map.of("accountSid", accountSid, "authToken", token, "phoneNumber", NUMBER)))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getMap("", String.class, String.class);
    }

    // --- Twilio's side -------------------------------------------------------------------------------------

    /** An inbound SMS with the parameters Twilio documents for messaging webhooks. */
    private static List<Param> inboundSms(String messageSid, String from, String body) {
        return new ArrayList<>(List.of(
                new Param("ToCountry", "US"),
                new Param("ToState", "CA"),
                new Param("SmsMessageSid", messageSid),
                new Param("NumMedia", "0"),
                new Param("ToCity", "SAN FRANCISCO"),
                new Param("FromZip", "94105"),
                new Param("SmsSid", messageSid),
                new Param("FromState", "CA"),
                new Param("SmsStatus", "received"),
                new Param("FromCity", "SAN FRANCISCO"),
                new Param("Body", body),
                new Param("FromCountry", "US"),
                new Param("To", NUMBER),
                new Param("MessagingServiceSid", "MG" + "00112233445566778899aabbccddeeff"),
                new Param("ToZip", "94105"),
                new Param("NumSegments", "1"),
                new Param("MessageSid", messageSid),
                new Param("AccountSid", ACCOUNT_SID),
                new Param("From", from),
                new Param("ApiVersion", "2010-04-01")));
    }

    private static String newSid(String prefix) {
        return prefix + HexFormat.of().formatHex(randomBytes(16));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** What Twilio computes: base64(HMAC-SHA1(auth token, URL + each parameter's name and value by name)). */
    static String twilioSignature(String authToken, String url, List<Param> params) {
        StringBuilder data = new StringBuilder(url);
        params.stream()
                .sorted(Comparator.comparing(Param::name))
                .forEach(p -> data.append(p.name()).append(p.value()));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] formBody(List<Param> params) {
        StringBuilder body = new StringBuilder();
        for (Param p : params) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(URLEncoder.encode(p.name(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(p.value(), StandardCharsets.UTF_8));
        }
        return body.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private ValidatableResponse post(String path, List<Param> params, String signature) {
        var request = given().contentType("application/x-www-form-urlencoded")
                .body(new String(formBody(params), StandardCharsets.US_ASCII));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return request.post(path).then();
    }

    /** Delivers the message to the channel's webhook URL, signed as Twilio signs it. */
    private ValidatableResponse deliver(List<Param> params) {
        return post("/webhooks/sms/" + key, params, twilioSignature(authToken, webhookUrl, params));
    }

    private long messages() {
        return sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId);
    }

    // --- Tests -----------------------------------------------------------------------------------------------

    @Test
    void anSmsIsStoredAsTheSendersMessageAndAnsweredWithEmptyTwiml() {
        String sid = newSid("SM");
        String text = "Grüße aus München 👋 — ¿todo bien? 日本語 & 100% = ok+";
        deliver(inboundSms(sid, "+14155550123", text))
                .statusCode(200)
                .contentType(startsWith("text/xml"))
                .body(equalTo(EMPTY_TWIML));

        assertEquals(1, messages());
        assertEquals(
                text, sql.single("SELECT text FROM message WHERE channel_id = ? AND external_id = ?", channelId, sid));
        assertEquals("INBOUND", sql.single("SELECT direction FROM message WHERE external_id = ?", sid));
        assertNull(sql.single("SELECT attachments FROM message WHERE external_id = ?", sid));
        String conversationId = (String) sql.single("SELECT conversation_id FROM message WHERE external_id = ?", sid);
        assertEquals(tenant, sql.single("SELECT tenant_id FROM conversation WHERE id = ?", conversationId));
        assertEquals(channelId, sql.single("SELECT channel_id FROM conversation WHERE id = ?", conversationId));
        assertEquals("OPEN", sql.single("SELECT status FROM conversation WHERE id = ?", conversationId));
        assertEquals(
                "PHONE",
                sql.single(
                        "SELECT kind FROM contact_identity WHERE channel_id = ? AND external_id = ?",
                        channelId,
                        "+14155550123"));
        assertEquals(
                "+14155550123",
                sql.single(
                        "SELECT k.phone FROM contact k JOIN conversation c ON c.contact_id = k.id WHERE c.id = ?",
                        conversationId));
        assertEquals(tenant, sql.single("SELECT tenant_id FROM message WHERE external_id = ?", sid));

        // The sender's next message joins the same conversation.
        String next = newSid("SM");
        deliver(inboundSms(next, "+14155550123", "noch da?")).statusCode(200);
        assertEquals(conversationId, sql.single("SELECT conversation_id FROM message WHERE external_id = ?", next));
        assertEquals(2L, sql.count("SELECT unread_count FROM conversation WHERE id = ?", conversationId));
    }

    @Test
    void anMmsKeepsItsMediaUrlsAndTypes() throws Exception {
        String sid = newSid("MM");
        List<Param> params = inboundSms(sid, "+447700900123", "Foto vom Schaden 📷");
        params.removeIf(p -> p.name().equals("NumMedia"));
        String media = "https://api.twilio.com/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages/" + sid + "/Media/";
        params.add(new Param("NumMedia", "2"));
        params.add(new Param("MediaContentType0", "image/jpeg"));
        params.add(new Param("MediaUrl0", media + "ME" + "0".repeat(32)));
        params.add(new Param("MediaContentType1", "video/mp4"));
        params.add(new Param("MediaUrl1", media + "ME" + "1".repeat(32)));

        deliver(params).statusCode(200).body(equalTo(EMPTY_TWIML));

        JsonNode attachments =
                mapper.readTree((String) sql.single("SELECT attachments FROM message WHERE external_id = ?", sid));
        assertEquals(2, attachments.size());
        assertEquals(
                media + "ME" + "0".repeat(32), attachments.get(0).get("url").asText());
        assertEquals("image/jpeg", attachments.get(0).get("contentType").asText());
        assertEquals(
                media + "ME" + "1".repeat(32), attachments.get(1).get("url").asText());
        assertEquals("video/mp4", attachments.get(1).get("contentType").asText());
        assertEquals("Foto vom Schaden 📷", sql.single("SELECT text FROM message WHERE external_id = ?", sid));
    }

    @Test
    void aRepeatedMessageSidStoresOneMessageAndIsAnsweredTheSame() {
        List<Param> params = inboundSms(newSid("SM"), "+14155550124", "hello");
        deliver(params).statusCode(200).body(equalTo(EMPTY_TWIML));
        deliver(params).statusCode(200).body(equalTo(EMPTY_TWIML));
        assertEquals(1, messages());
        assertEquals(1, sql.count("SELECT COUNT(*) FROM conversation WHERE channel_id = ?", channelId));
    }

    @Test
    void concurrentCopiesOfOneMessageStoreOneRow() throws Exception {
        List<Param> params = inboundSms(newSid("SM"), "+14155550125", "same message, many deliveries");
        var pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                statuses.add(pool.submit(() -> deliver(params).extract().statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertEquals(200, status.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, messages());
        assertEquals(1, sql.count("SELECT COUNT(*) FROM conversation WHERE channel_id = ?", channelId));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM contact_identity WHERE channel_id = ?", channelId));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", tenant));
    }

    @Test
    void aTamperedOrMissingSignatureIsRefusedAndNothingIsStored() {
        String sid = newSid("SM");
        List<Param> params = inboundSms(sid, "+14155550126", "transfer $100");
        String signature = twilioSignature(authToken, webhookUrl, params);

        // The body changed after signing.
        List<Param> altered = inboundSms(sid, "+14155550126", "transfer $900");
        post("/webhooks/sms/" + key, altered, signature)
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Twilio-Signature"))
                .body("status", equalTo(401));
        // The signature itself altered.
        String flipped = signature.substring(0, 5) + (signature.charAt(5) == 'A' ? 'B' : 'A') + signature.substring(6);
        post("/webhooks/sms/" + key, params, flipped).statusCode(401).contentType("application/problem+json");
        // Signed with another token.
        post("/webhooks/sms/" + key, params, twilioSignature("0".repeat(32), webhookUrl, params))
                .statusCode(401);
        // Signed for another URL.
        post("/webhooks/sms/" + key, params, twilioSignature(authToken, webhookUrl + "x", params))
                .statusCode(401);
        // No signature at all, or an empty one.
        post("/webhooks/sms/" + key, params, null).statusCode(401).contentType("application/problem+json");
        post("/webhooks/sms/" + key, params, "").statusCode(401);

        assertEquals(0, messages());
        assertEquals(0, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", tenant));
    }

    @Test
    void everyParameterIsSignedIncludingOnesWeDoNotUse() {
        List<Param> params = inboundSms(newSid("SM"), "+14155550127", "hi");
        // A signature over only the parameters we read does not cover what Twilio sent.
        List<Param> known = params.stream()
                .filter(p -> List.of("MessageSid", "AccountSid", "From", "To", "Body", "NumMedia")
                        .contains(p.name()))
                .toList();
        post("/webhooks/sms/" + key, params, twilioSignature(authToken, webhookUrl, known))
                .statusCode(401);
        // A parameter added to a signed request is not covered either.
        List<Param> extended = new ArrayList<>(params);
        extended.add(new Param("FromCity", "OAKLAND"));
        post("/webhooks/sms/" + key, extended, twilioSignature(authToken, webhookUrl, params))
                .statusCode(401);
        assertEquals(0, messages());
    }

    @Test
    void theQueryStringIsPartOfTheSignedUrl() {
        List<Param> params = inboundSms(newSid("SM"), "+14155550128", "with query");
        String path = "/webhooks/sms/" + key + "?source=twilio&region=us1";
        post(path, params, twilioSignature(authToken, webhookUrl + "?source=twilio&region=us1", params))
                .statusCode(200);
        post(path, params, twilioSignature(authToken, webhookUrl, params)).statusCode(401);
        assertEquals(1, messages());
    }

    @Test
    void anotherAccountsMessageIsForbidden() {
        List<Param> params = inboundSms(newSid("SM"), "+14155550129", "hi");
        params.replaceAll(p -> p.name().equals("AccountSid") ? new Param("AccountSid", "AC" + "9".repeat(32)) : p);
        deliver(params).statusCode(403).contentType("application/problem+json");
        assertEquals(0, messages());
    }

    @Test
    void anIncompleteMessageIsABadRequest() {
        List<Param> noSid = inboundSms(newSid("SM"), "+14155550130", "hi");
        noSid.removeIf(p -> p.name().equals("MessageSid"));
        deliver(noSid)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("MessageSid"));
        List<Param> noFrom = inboundSms(newSid("SM"), "+14155550130", "hi");
        noFrom.removeIf(p -> p.name().equals("From"));
        deliver(noFrom).statusCode(400).body("errors[0].field", equalTo("From"));
        List<Param> badMedia = inboundSms(newSid("MM"), "+14155550130", "hi");
        badMedia.replaceAll(p -> p.name().equals("NumMedia") ? new Param("NumMedia", "1") : p);
        badMedia.add(new Param("MediaUrl0", "file:///etc/passwd"));
        deliver(badMedia).statusCode(400).body("errors[0].field", equalTo("MediaUrl0"));
        post("/webhooks/sms/" + key, List.of(), twilioSignature(authToken, webhookUrl, List.of()))
                .statusCode(400)
                .body("errors.field", containsInAnyOrder("MessageSid", "From", "AccountSid"));
        assertEquals(0, messages());
    }

    @Test
    void unknownDisabledAndOtherKindsOfChannelAreNotFound() {
        List<Param> params = inboundSms(newSid("SM"), "+14155550131", "hi");
        post("/webhooks/sms/unknown-key", params, twilioSignature(authToken, webhookUrl, params))
                .statusCode(404)
                .contentType("application/problem+json");

        String apiChannelKey = given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of("kind", "API", "name", "CRM"))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
        post("/webhooks/sms/" + apiChannelKey, params, twilioSignature(authToken, webhookUrl, params))
                .statusCode(404);

        given().auth()
                .oauth2(admin)
                .delete("/api/v1/channels/" + channelId)
                .then()
                .statusCode(204);
        deliver(params).statusCode(404);
        assertEquals(0, messages());
    }

    @Test
    void theSameNumberTextingTwoTenantsMakesAConversationInEachTenantOnly() {
        String otherTenant = TestTokens.newTenant("globex");
        String otherToken = HexFormat.of().formatHex(randomBytes(16));
        var other = createChannel(TestTokens.token(otherTenant, "gina", "admin"), ACCOUNT_SID, otherToken);

        deliver(inboundSms(newSid("SM"), "+14155550132", "to acme")).statusCode(200);
        List<Param> toGlobex = inboundSms(newSid("SM"), "+14155550132", "to globex");
        post(
                        "/webhooks/sms/" + other.get("key"),
                        toGlobex,
                        twilioSignature(otherToken, other.get("webhookUrl"), toGlobex))
                .statusCode(200);
        // Each tenant's token only opens its own channel.
        post(
                        "/webhooks/sms/" + other.get("key"),
                        toGlobex,
                        twilioSignature(authToken, other.get("webhookUrl"), toGlobex))
                .statusCode(401);

        assertEquals(1, sql.count("SELECT COUNT(*) FROM conversation WHERE tenant_id = ?", tenant));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM conversation WHERE tenant_id = ?", otherTenant));
        assertEquals(
                "to acme",
                sql.single(
                        "SELECT m.text FROM message m JOIN conversation c ON c.id = m.conversation_id"
                                + " WHERE c.tenant_id = ? AND m.tenant_id = ?",
                        tenant,
                        tenant));
        assertEquals(
                "to globex",
                sql.single(
                        "SELECT m.text FROM message m JOIN conversation c ON c.id = m.conversation_id"
                                + " WHERE c.tenant_id = ? AND m.tenant_id = ?",
                        otherTenant,
                        otherTenant));
        assertEquals(
                1, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ? AND phone = ?", tenant, "+14155550132"));
        assertEquals(
                1,
                sql.count(
                        "SELECT COUNT(*) FROM contact WHERE tenant_id = ? AND phone = ?", otherTenant, "+14155550132"));
    }
}
