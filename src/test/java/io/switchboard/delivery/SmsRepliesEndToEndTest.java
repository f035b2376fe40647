package io.switchboard.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.testing.ProviderApis;
import io.switchboard.testing.ProviderSignatures;
import io.switchboard.testing.SseClient;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMS replies end to end: a customer's text arrives through Twilio's signed webhook, an agent answers through
 * the API, the dispatcher hands it to Twilio's Messages API (WireMock), and Twilio's signed status callback
 * reports it delivered; operators watching the live stream see each step.
 */
@QuarkusTest
class SmsRepliesEndToEndTest extends ProviderReplyEndToEnd {

    private static final String NUMBER = "+14155550100";

    @Inject
    SwitchboardConfig config;

    @TestHTTPResource("/api/v1/stream")
    URL streamUrl;

    private final String accountSid = "AC" + hex(16);
    private final String authToken = hex(16);
    private final String customer = "+1415555" + digits(4);
    private String key;
    private String webhookUrl;
    private String conversationId;

    @BeforeEach
    void aCustomerTexts() {
        Map<String, String> channel = channel(
                "SMS", "Support line", Map.of("accountSid", accountSid, "authToken", authToken, "phoneNumber", NUMBER));
        key = channel.get("key");
        webhookUrl = channel.get("webhookUrl");
        String sid = "SM" + hex(16);
        twilioPosts(
                        webhookUrl,
                        List.of(
                                Map.entry("MessageSid", sid),
                                Map.entry("AccountSid", accountSid),
                                Map.entry("From", customer),
                                Map.entry("To", NUMBER),
                                Map.entry("Body", "Is my order on its way?"),
                                Map.entry("NumMedia", "0"),
                                Map.entry("ApiVersion", "2010-04-01")))
                .then()
                .statusCode(200);
        conversationId = conversationOf(channel.get("id"), sid);
    }

    /** Posts a form to one of the channel's webhook URLs, signed as Twilio signs it for that URL. */
    private io.restassured.response.Response twilioPosts(String url, List<Map.Entry<String, String>> params) {
        return given().contentType("application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", ProviderSignatures.twilio(authToken, url, params))
                .body(ProviderSignatures.form(params))
                .post(url.substring(url.indexOf("/webhooks/")));
    }

    private String messagesApi() {
        return ProviderApis.TWILIO + "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
    }

    /** Twilio answers the account's Messages API calls with these responses, in turn (the last one repeats). */
    private void twilioAnswers(ResponseDefinitionBuilder... responses) {
        for (int i = 0; i < responses.length; i++) {
            var mapping = post(urlPathEqualTo(messagesApi()))
                    .inScenario(accountSid)
                    .whenScenarioStateIs(i == 0 ? STARTED : "after-" + i);
            if (i < responses.length - 1) {
                mapping.willSetStateTo("after-" + (i + 1));
            }
            stub(mapping.willReturn(responses[i]));
        }
    }

    private static ResponseDefinitionBuilder accepted(String sid) {
        return aResponse()
                .withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"sid\":\"" + sid + "\",\"status\":\"queued\",\"direction\":\"outbound-api\"}");
    }

    private List<LoggedRequest> requestsToTwilio() {
        return wireMock.find(postRequestedFor(urlPathEqualTo(messagesApi())));
    }

    @Test
    void aReplyGoesToTwilioAndTheStatusCallbackMarksItDelivered() {
        String sid = "SM" + hex(16);
        twilioAnswers(accepted(sid));

        String id = replies.send(conversationId, Replies.text("Yes – it arrives tomorrow 🚚"));
        replies.awaitStatus(conversationId, id, "SENT");
        replies.message(conversationId, id).body("externalId", equalTo(sid));

        List<LoggedRequest> sent = requestsToTwilio();
        assertEquals(1, sent.size());
        String deliveryId = (String) sql.single("SELECT id FROM delivery WHERE message_id = ?", id);
        String statusCallback = config.publicBaseUrl() + "/webhooks/sms/" + key + "/status?delivery=" + deliveryId;
        assertEquals(
                List.of(
                        Map.entry("To", customer),
                        Map.entry("From", NUMBER),
                        Map.entry("Body", "Yes – it arrives tomorrow 🚚"),
                        Map.entry("StatusCallback", statusCallback)),
                ProviderSignatures.parseForm(sent.get(0).getBodyAsString()));
        assertEquals(
                webhookUrl + "/status?delivery=" + deliveryId,
                statusCallback,
                "Twilio calls back where the channel listens, naming the delivery");

        // Twilio reports the progress to the StatusCallback it was given, signed for that URL.
        twilioPosts(statusCallback, status(sid, "sent")).then().statusCode(204);
        twilioPosts(statusCallback, status(sid, "delivered")).then().statusCode(204);
        assertEquals("DELIVERED", replies.status(conversationId, id));
        assertEquals(List.of("SENDING", "SENT", "DELIVERED"), deliveryStatuses(conversationId, id));
    }

    @Test
    void aStatusCallbackThatOvertakesTwiliosAnswerIsAppliedWhenTheSendIsRecorded() {
        String sid = "SM" + hex(16);
        // Twilio takes its time to answer; its delivery report comes in meanwhile.
        twilioAnswers(accepted(sid).withFixedDelay(800));

        String id = replies.send(conversationId, Replies.text("Your parcel is at the door"));
        Awaitility.await()
                .until(() -> wireMock.find(postRequestedFor(urlPathEqualTo(messagesApi())))
                                .size()
                        == 1);
        assertEquals("SENDING", sql.single("SELECT status FROM delivery WHERE message_id = ?", id));
        String deliveryId = (String) sql.single("SELECT id FROM delivery WHERE message_id = ?", id);
        twilioPosts(webhookUrl + "/status?delivery=" + deliveryId, status(sid, "delivered"))
                .then()
                .statusCode(204);

        replies.awaitStatus(conversationId, id, "DELIVERED");
        replies.message(conversationId, id).body("externalId", equalTo(sid));
        assertEquals(List.of("SENDING", "SENT", "DELIVERED"), deliveryStatuses(conversationId, id));
    }

    @Test
    void aServerErrorAtTwilioIsRetriedOnce() {
        String sid = "SM" + hex(16);
        twilioAnswers(
                aResponse().withStatus(500).withBody("{\"code\":20500,\"message\":\"Internal Server Error\"}"),
                accepted(sid));
        String id = replies.send(conversationId, Replies.text("One moment please"));
        replies.awaitStatus(conversationId, id, "SENT");
        replies.message(conversationId, id).body("externalId", equalTo(sid));
        assertEquals(2, requestsToTwilio().size());
        assertEquals(2L, sql.count("SELECT attempts FROM delivery WHERE message_id = ?", id));
        assertEquals(1, outboundMessages(conversationId));
    }

    @Test
    void aRefusalByTwilioFailsTheReplyWithTwiliosMessage() {
        twilioAnswers(aResponse()
                .withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":21610,\"message\":\"Attempt to send to unsubscribed recipient\","
                        + "\"more_info\":\"https://www.twilio.com/docs/errors/21610\",\"status\":400}"));
        String id = replies.send(conversationId, Replies.text("Are you still there?"));
        replies.awaitStatus(conversationId, id, "FAILED");
        assertEquals(1, requestsToTwilio().size());
        String error = (String) sql.single("SELECT last_error FROM delivery WHERE message_id = ?", id);
        assertTrue(error.contains("Attempt to send to unsubscribed recipient"), error);
        events(conversationId)
                .body(
                        "items.find { it.type == 'DELIVERY_UPDATED' && it.data.status == 'FAILED' }.data.error",
                        equalTo(error));
    }

    @Test
    void operatorsWatchingTheStreamSeeTheReplyAndEachDeliveryStep() {
        String sid = "SM" + hex(16);
        twilioAnswers(accepted(sid));
        try (SseClient stream = SseClient.connect(streamUrl.toString(), f.agent)) {
            String id = replies.send(conversationId, Replies.text("On its way!"));
            stream.awaitEvent("message-created", id);
            replies.awaitStatus(conversationId, id, "SENT");
            String statusCallback = webhookUrl + "/status";
            twilioPosts(statusCallback, status(sid, "delivered")).then().statusCode(204);

            // QUEUED → SENDING → SENT → DELIVERED: one message-updated for each change after the reply was written.
            Awaitility.await().until(() -> stream.countEvents("message-updated", id) >= 3);
            assertEquals(3, stream.countEvents("message-updated", id));
            assertEquals(1, stream.countEvents("message-created", id));
        }
    }

    private List<Map.Entry<String, String>> status(String sid, String status) {
        return List.of(
                Map.entry("SmsSid", sid),
                Map.entry("SmsStatus", status),
                Map.entry("MessageStatus", status),
                Map.entry("To", customer),
                Map.entry("MessageSid", sid),
                Map.entry("AccountSid", accountSid),
                Map.entry("From", NUMBER),
                Map.entry("ApiVersion", "2010-04-01"));
    }
}
