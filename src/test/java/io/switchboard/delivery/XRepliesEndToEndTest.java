package io.switchboard.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.ProviderApis;
import io.switchboard.testing.ProviderSignatures;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * X replies end to end: direct messages and mentions arrive through the Account Activity webhook (signed), an
 * agent answers through the API, and the dispatcher calls X's v2 API (WireMock): a DM to the sender, or a post
 * in reply to the mention.
 */
@QuarkusTest
class XRepliesEndToEndTest extends ProviderReplyEndToEnd {

    private final String me = digits(19);
    private final String customer = digits(19);
    private final String consumerSecret = hex(24);
    private final String accessToken = me + "-" + hex(16);
    private String channelId;
    private String key;

    @BeforeEach
    void connectAccount() {
        Map<String, String> channel = channel(
                "X",
                "@acmesupport",
                Map.of("userId", me, "consumerSecret", consumerSecret, "accessToken", accessToken));
        channelId = channel.get("id");
        key = channel.get("key");
    }

    /** X posts an Account Activity delivery for our account, signed with the consumer secret. */
    private void xDelivers(String events) {
        byte[] raw = ("{\"for_user_id\":\"" + me + "\"," + events + "}").getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json; charset=utf-8")
                .header("x-twitter-webhooks-signature", ProviderSignatures.x(consumerSecret, raw))
                .body(raw)
                .post("/webhooks/x/" + key)
                .then()
                .statusCode(200);
    }

    /** The customer mentions our account in a post; returns the post's id. */
    private String mention(String text) {
        String tweetId = digits(19);
        xDelivers("""
                "tweet_create_events":[{"created_at":"Thu Nov 20 09:14:02 +0000 2025","id":%s,"id_str":"%s",\
                "text":"%s","in_reply_to_status_id":null,"in_reply_to_status_id_str":null,\
                "user":{"id":%s,"id_str":"%s","name":"Zo\\u00eb M\\u00fcller","screen_name":"zoe_%s"},\
                "timestamp_ms":"%d"}]""".formatted(
                tweetId, tweetId, text, customer, customer, customer.substring(0, 6), System.currentTimeMillis()));
        return tweetId;
    }

    /** What this account posts, recognised by its access token. */
    private MappingBuilder posts() {
        return post(urlPathEqualTo(ProviderApis.X + "/2/tweets"))
                .withHeader("Authorization", equalTo("Bearer " + accessToken));
    }

    private RequestPatternBuilder postsRequested() {
        return postRequestedFor(urlPathEqualTo(ProviderApis.X + "/2/tweets"))
                .withHeader("Authorization", equalTo("Bearer " + accessToken));
    }

    @Test
    void aDirectMessageIsAnsweredInTheSendersConversation() {
        String dmId = digits(19);
        xDelivers("""
                "direct_message_events":[{"type":"message_create","id":"%s","created_timestamp":"%d",\
                "message_create":{"target":{"recipient_id":"%s"},"sender_id":"%s",\
                "message_data":{"text":"Wo ist meine Bestellung? \\ud83d\\ude1e"}}}],\
                "users":{"%s":{"id":"%s","name":"Zo\\u00eb","screen_name":"zoe"}}""".formatted(dmId, System.currentTimeMillis(), me, customer, customer, customer));
        String conversationId = conversationOf(channelId, dmId);
        String dmApi = ProviderApis.X + "/2/dm_conversations/with/" + customer + "/messages";
        String eventId = digits(19);
        stub(post(urlPathEqualTo(dmApi))
                .withHeader("Authorization", equalTo("Bearer " + accessToken))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":{\"dm_conversation_id\":\"" + me + "-" + customer + "\",\"dm_event_id\":\""
                                + eventId + "\"}}")));

        String id = replies.send(conversationId, Replies.text("Sie ist unterwegs 📦"));
        replies.awaitStatus(conversationId, id, "SENT");
        replies.message(conversationId, id).body("externalId", Matchers.equalTo(eventId));
        wireMock.verifyThat(
                1,
                postRequestedFor(urlPathEqualTo(dmApi))
                        .withRequestBody(equalToJson("{\"text\":\"Sie ist unterwegs 📦\"}")));
        wireMock.verifyThat(0, postsRequested());
    }

    @Test
    void aMentionIsAnsweredWithAPostInReplyToIt() {
        String tweetId = mention("@acmesupport my order never came");
        String conversationId = conversationOf(channelId, tweetId);
        String replyId = digits(19);
        stub(posts().willReturn(aResponse()
                .withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{\"id\":\"" + replyId + "\",\"text\":\"@zoe Sorry!\"}}")));

        String id = replies.send(conversationId, Replies.text("Sorry! Please DM us your order number."));
        replies.awaitStatus(conversationId, id, "SENT");
        replies.message(conversationId, id).body("externalId", Matchers.equalTo(replyId));
        wireMock.verifyThat(1, postsRequested().withRequestBody(equalToJson("""
                                {"text":"Sorry! Please DM us your order number.",\
                                "reply":{"in_reply_to_tweet_id":"%s"}}""".formatted(tweetId))));
    }

    @Test
    void aReplyToAMentionLongerThanAPostIsRefused() {
        String tweetId = mention("@acmesupport hello?");
        String conversationId = conversationOf(channelId, tweetId);
        stub(posts().willReturn(aResponse().withStatus(201).withBody("{\"data\":{\"id\":\"1\"}}")));

        // 281 characters; 141 CJK characters, which weigh 2 each: 282 of X's 280.
        for (String text : new String[] {"x".repeat(281), "谢".repeat(141)}) {
            replies.post(conversationId, Replies.text(text), null)
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("type", Matchers.equalTo("urn:switchboard:problem:reply-refused"))
                    .body("detail", Matchers.containsString("280"));
        }
        assertEquals(0, outboundMessages(conversationId));
        wireMock.verifyThat(0, postsRequested());
    }
}
