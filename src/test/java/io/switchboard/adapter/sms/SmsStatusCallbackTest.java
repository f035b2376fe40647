package io.switchboard.adapter.sms;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.adapter.sms.SmsWebhookTest.Param;
import io.switchboard.common.Ids;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Twilio's status callbacks for replies it accepted, signed as Twilio signs them: delivered, undelivered, and
 * forged or stale reports that must change nothing.
 */
@QuarkusTest
class SmsStatusCallbackTest {

    private static final String ACCOUNT_SID = "AC" + "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String NUMBER = "+14155550199";
    private static final String CUSTOMER = "+14155550142";

    @Inject
    Sql sql;

    @Inject
    AgroalDataSource dataSource;

    private final String tenant = TestTokens.newTenant("receipts");
    private final String admin = TestTokens.token(tenant, "carol", "admin");
    private final String agent = TestTokens.token(tenant, "alice", "agent");
    private final String authToken = HexFormat.of().formatHex(random(16));
    private String channelId;
    private String key;
    private String statusUrl;
    private String conversationId;

    @BeforeEach
    void connectNumberAndReceiveAMessage() {
        Map<String, String> channel = given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "SMS",
                        "name",
                        "Support line",
                        "config",
                        Map.of("accountSid", ACCOUNT_SID, "authToken", authToken, "phoneNumber", NUMBER)))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getMap("", String.class, String.class);
        channelId = channel.get("id");
        key = channel.get("key");
        // The SMS sender gives Twilio this callback URL: the webhook URL plus /status.
        statusUrl = channel.get("webhookUrl") + "/status";
        String inboundSid = sid();
        List<Param> inbound = List.of(
                new Param("MessageSid", inboundSid),
                new Param("AccountSid", ACCOUNT_SID),
                new Param("From", CUSTOMER),
                new Param("To", NUMBER),
                new Param("Body", "Is my order on its way?"),
                new Param("NumMedia", "0"));
        post(
                        "/webhooks/sms/" + key,
                        inbound,
                        SmsWebhookTest.twilioSignature(authToken, channel.get("webhookUrl"), inbound))
                .statusCode(200);
        conversationId = (String) sql.single("SELECT conversation_id FROM message WHERE external_id = ?", inboundSid);
    }

    /** A reply the SMS sender handed to Twilio, as the outbox records it once Twilio accepted it. */
    private String sentReply(String sid) {
        String messageId = Ids.newId();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        InboxFixture.execute(
                dataSource,
                "INSERT INTO message (id, tenant_id, conversation_id, channel_id, direction, text, external_id,"
                        + " delivery_status, created_at, received_at) VALUES (?, ?, ?, ?, 'OUTBOUND', 'Yes, tomorrow',"
                        + " ?, 'SENT', ?, ?)",
                messageId,
                tenant,
                conversationId,
                channelId,
                sid,
                now,
                now);
        InboxFixture.execute(
                dataSource,
                "INSERT INTO delivery (id, tenant_id, message_id, conversation_id, channel_id, status, attempts,"
                        + " provider_id, created_at, updated_at, sent_at) VALUES (?, ?, ?, ?, ?, 'SENT', 1, ?, ?, ?, ?)",
                Ids.newId(),
                tenant,
                messageId,
                conversationId,
                channelId,
                sid,
                now,
                now,
                now);
        return messageId;
    }

    private static List<Param> status(String sid, String status, String errorCode) {
        List<Param> params = new java.util.ArrayList<>(List.of(
                new Param("SmsSid", sid),
                new Param("SmsStatus", status),
                new Param("MessageStatus", status),
                new Param("To", CUSTOMER),
                new Param("MessageSid", sid),
                new Param("AccountSid", ACCOUNT_SID),
                new Param("From", NUMBER),
                new Param("ApiVersion", "2010-04-01")));
        if (errorCode != null) {
            params.add(new Param("ErrorCode", errorCode));
        }
        return params;
    }

    private ValidatableResponse report(List<Param> params) {
        return post(
                "/webhooks/sms/" + key + "/status",
                params,
                SmsWebhookTest.twilioSignature(authToken, statusUrl, params));
    }

    private ValidatableResponse post(String path, List<Param> params, String signature) {
        return given().contentType("application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .body(new String(SmsWebhookTest.formBody(params), StandardCharsets.US_ASCII))
                .post(path)
                .then();
    }

    private String deliveryStatus(String messageId) {
        return given().auth()
                .oauth2(agent)
                .get("/api/v1/conversations/" + conversationId + "/messages/" + messageId)
                .then()
                .statusCode(200)
                .extract()
                .path("deliveryStatus");
    }

    @Test
    void deliveredIsRecordedAndNeverUndone() {
        String sid = sid();
        String messageId = sentReply(sid);
        report(status(sid, "sent", null)).statusCode(204);
        assertEquals("SENT", deliveryStatus(messageId));
        report(status(sid, "delivered", null)).statusCode(204);
        assertEquals("DELIVERED", deliveryStatus(messageId));
        // A late failure report does not move it backwards.
        report(status(sid, "undelivered", "30003")).statusCode(204);
        assertEquals("DELIVERED", deliveryStatus(messageId));
        given().auth()
                .oauth2(agent)
                .get("/api/v1/conversations/" + conversationId + "/events")
                .then()
                .body(
                        "items.findAll { it.type == 'DELIVERY_UPDATED' && it.data.messageId == '" + messageId
                                + "' }.data.status",
                        equalTo(List.of("DELIVERED")));
    }

    @Test
    void undeliveredIsAFailureWithTwiliosErrorCode() {
        String sid = sid();
        String messageId = sentReply(sid);
        report(status(sid, "undelivered", "30003")).statusCode(204);
        assertEquals("FAILED", deliveryStatus(messageId));
        assertEquals(
                "Twilio reported the message undelivered (error 30003)",
                sql.single("SELECT last_error FROM delivery WHERE message_id = ?", messageId));
    }

    @Test
    void forgedOrForeignReportsChangeNothing() {
        String sid = sid();
        String messageId = sentReply(sid);
        List<Param> delivered = status(sid, "delivered", null);
        post(
                        "/webhooks/sms/" + key + "/status",
                        delivered,
                        SmsWebhookTest.twilioSignature("wrong", statusUrl, delivered))
                .statusCode(401);
        // Signed for the inbound URL, not for this one.
        post(
                        "/webhooks/sms/" + key + "/status",
                        delivered,
                        SmsWebhookTest.twilioSignature(authToken, statusUrl.replace("/status", ""), delivered))
                .statusCode(401);
        given().contentType("application/x-www-form-urlencoded")
                .body(new String(SmsWebhookTest.formBody(delivered), StandardCharsets.US_ASCII))
                .post("/webhooks/sms/" + key + "/status")
                .then()
                .statusCode(401);
        assertEquals("SENT", deliveryStatus(messageId));
        // A message Twilio knows and we do not: acknowledged, nothing stored.
        report(status(sid(), "delivered", null)).statusCode(204);
        post("/webhooks/sms/no-such-key/status", delivered, "x").statusCode(404);
    }

    private static String sid() {
        return "SM" + HexFormat.of().formatHex(random(16));
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
