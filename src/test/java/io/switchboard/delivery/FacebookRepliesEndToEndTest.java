package io.switchboard.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.time.UtcColumns;
import io.switchboard.testing.ProviderApis;
import io.switchboard.testing.ProviderSignatures;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Facebook page replies end to end: Messenger messages and page comments arrive through Meta's signed page
 * webhook, an agent answers through the API, and the dispatcher calls the Graph API (WireMock): the Send API for
 * Messenger, the comment-reply edge for comments.
 */
@QuarkusTest
class FacebookRepliesEndToEndTest extends ProviderReplyEndToEnd {

    @Inject
    SwitchboardConfig config;

    private final String page = digits(15);
    private final String appSecret = hex(16);
    private final String pageToken = "EAAJ" + hex(20);
    private String channelId;
    private String key;

    @BeforeEach
    void connectPage() {
        Map<String, String> channel = channel(
                "FACEBOOK",
                "Acme Coffee page",
                Map.of(
                        "pageId",
                        page,
                        "appSecret",
                        appSecret,
                        "verifyToken",
                        "verify-" + hex(4),
                        "pageAccessToken",
                        pageToken));
        channelId = channel.get("id");
        key = channel.get("key");
    }

    /** Meta posts a page delivery with one entry, signed with the app secret. */
    private void metaDelivers(String entryContent) {
        byte[] raw = ("{\"object\":\"page\",\"entry\":[{\"id\":\"" + page + "\",\"time\":" + System.currentTimeMillis()
                        + "," + entryContent + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json")
                .header("X-Hub-Signature-256", ProviderSignatures.meta(appSecret, raw))
                .body(raw)
                .post("/webhooks/facebook/" + key)
                .then()
                .statusCode(200);
    }

    /** A customer writes to the page on Messenger; returns the conversation. */
    private String messengerMessage(String psid, String mid, String text) {
        metaDelivers("""
                "messaging":[{"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":%d,\
                "message":{"mid":"%s","text":"%s"}}]""".formatted(psid, page, System.currentTimeMillis(), mid, text));
        return conversationOf(channelId, mid);
    }

    private String graph(String node, String edge) {
        return ProviderApis.META + "/" + config.providers().meta().apiVersion() + "/" + node + "/" + edge;
    }

    private List<LoggedRequest> requestsTo(String path) {
        return wireMock.find(postRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void aMessengerReplyGoesThroughTheSendApiToTheCustomersPsid() {
        String psid = digits(16);
        String conversationId = messengerMessage(psid, "m_" + hex(12), "Habt ihr heute offen? \\u2615");
        String sendApi = graph(page, "messages");
        stub(post(urlPathEqualTo(sendApi))
                .withQueryParam("access_token", equalTo(pageToken))
                .willReturn(okJson("{\"recipient_id\":\"" + psid + "\",\"message_id\":\"m_reply-" + page + "\"}")));

        String id = replies.send(conversationId, Replies.text("Ja, bis 18 Uhr!"));
        replies.awaitStatus(conversationId, id, "SENT");
        replies.message(conversationId, id).body("externalId", Matchers.equalTo("m_reply-" + page));

        List<LoggedRequest> sent = requestsTo(sendApi);
        assertEquals(1, sent.size());
        wireMock.verifyThat(
                1, postRequestedFor(urlPathEqualTo(sendApi)).withRequestBody(equalToJson("""
                                {"recipient":{"id":"%s"},"messaging_type":"RESPONSE",\
                                "message":{"text":"Ja, bis 18 Uhr!"}}""".formatted(psid))));
    }

    @Test
    void aMessengerReplyAfterTheTwentyFourHourWindowIsRefusedAndNothingIsStoredOrSent() {
        String psid = digits(16);
        String conversationId = messengerMessage(psid, "m_" + hex(12), "Hallo?");
        stub(post(urlPathEqualTo(graph(page, "messages"))).willReturn(okJson("{\"message_id\":\"m_never\"}")));
        sql.update(
                "UPDATE conversation SET last_inbound_at = ? WHERE id = ?",
                UtcColumns.toColumn(Instant.now().minus(Duration.ofHours(25))),
                conversationId);

        replies.post(conversationId, Replies.text("Sorry for the late answer"), null)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", Matchers.equalTo("urn:switchboard:problem:reply-refused"))
                .body("detail", Matchers.containsString("24 hours"));

        assertEquals(0, outboundMessages(conversationId));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM delivery WHERE conversation_id = ?", conversationId));
        events(conversationId).body("items.type", Matchers.not(Matchers.hasItem("REPLY_ADDED")));
        assertEquals(0, requestsTo(graph(page, "messages")).size());
    }

    @Test
    void aCommentReplyAnswersTheCustomersComment() {
        String postId = page + "_" + digits(15);
        String commentId = digits(15) + "_" + digits(15);
        metaDelivers("""
                "changes":[{"field":"feed","value":{"from":{"id":"%s","name":"Zo\\u00eb M\\u00fcller"},\
                "post":{"id":"%s","status_type":"added_photos","is_published":true},\
                "message":"Gibt es den Kuchen auch vegan?","post_id":"%s","comment_id":"%s",\
                "created_time":%d,"item":"comment","parent_id":"%s","verb":"add"}}]""".formatted(
                        digits(16), postId, postId, commentId, Instant.now().getEpochSecond(), postId));
        String conversationId = conversationOf(channelId, commentId);
        String commentsEdge = graph(commentId, "comments");
        String newComment = postId.substring(page.length() + 1) + "_" + digits(15);
        stub(post(urlPathEqualTo(commentsEdge))
                .withQueryParam("access_token", equalTo(pageToken))
                .willReturn(okJson("{\"id\":\"" + newComment + "\"}")));

        String id = replies.send(conversationId, Replies.text("Ja, jeden Freitag 🌱"));
        replies.awaitStatus(conversationId, id, "SENT");
        replies.message(conversationId, id).body("externalId", Matchers.equalTo(newComment));
        wireMock.verifyThat(
                1,
                postRequestedFor(urlPathEqualTo(commentsEdge))
                        .withRequestBody(equalToJson("{\"message\":\"Ja, jeden Freitag 🌱\"}")));
        assertEquals(0, requestsTo(graph(page, "messages")).size(), "a comment is answered in public");
    }
}
