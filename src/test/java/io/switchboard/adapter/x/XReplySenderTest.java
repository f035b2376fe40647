package io.switchboard.adapter.x;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.ReplySenders;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.Ids;
import io.switchboard.testing.ProviderSenderContract;
import io.switchboard.testing.Replies;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Replies on X through the v2 API (DMs, replies to posts), played by WireMock. */
@QuarkusTest
class XReplySenderTest extends ProviderSenderContract {

    @Inject
    ReplySenders senders;

    private final String participant = digits(19);
    private final String token = "token-" + digits(20);
    private final ResolvedChannel channel = new ResolvedChannel(
            Ids.newId(),
            "acme",
            ChannelKind.X,
            "key-" + digits(8),
            Map.of("userId", digits(10)),
            Map.of("consumerSecret", "consumer-secret", "accessToken", token));

    private XReplySender sender() {
        return (XReplySender) senders.forKind(ChannelKind.X).orElseThrow();
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlPathEqualTo("/x/2/dm_conversations/with/" + participant + "/messages"));
    }

    @Override
    protected SendOutcome send() {
        return sender().send(
                        channel, Replies.reply("We are on it").to(participant).build());
    }

    @Override
    protected String clientErrorBody() {
        return """
                {"title": "Forbidden", "type": "about:blank", "status": 403,
                 "detail": "You cannot send messages to this user."}""";
    }

    @Override
    protected String clientErrorExplanation() {
        return "You cannot send messages to this user.";
    }

    @Test
    void directMessagesGoToTheParticipantWithTheUserToken() {
        stub(endpoint()
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"text\": \"We are on it\"}"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"data\": {\"dm_conversation_id\": \"1-" + participant
                                + "\", \"dm_event_id\": \"1582838449524535296\"}}")));
        assertEquals(new SendOutcome.Sent("1582838449524535296"), send());
    }

    @Test
    void mentionsAreAnsweredWithAReplyPost() {
        String tweetId = digits(19);
        stub(post(urlPathEqualTo("/x/2/tweets"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withRequestBody(equalToJson("""
                        {"text": "Sorry to hear that, we sent you a DM\\nhttps://acme.example/status",
                         "reply": {"in_reply_to_tweet_id": "%s"}}""".formatted(tweetId)))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withBody("{\"data\": {\"id\": \"1445880548472328192\", \"edit_history_tweet_ids\":"
                                + " [\"1445880548472328192\"], \"text\": \"Sorry…\"}}")));

        SendOutcome outcome = sender().send(
                        channel,
                        Replies.reply("Sorry to hear that, we sent you a DM")
                                .to(participant)
                                .publicReplyTo(tweetId)
                                .attachment("https://acme.example/status", null, null)
                                .build());

        assertEquals(new SendOutcome.Sent("1445880548472328192"), outcome);
    }

    @Test
    void aRateLimitWithoutRetryAfterWaitsUntilTheWindowResets() {
        long reset = Instant.now().plusSeconds(300).getEpochSecond();
        stub(endpoint()
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("x-rate-limit-reset", Long.toString(reset))
                        .withBody("{\"title\": \"Too Many Requests\", \"detail\": \"Too Many Requests\"}")));
        var outcome = assertInstanceOf(SendOutcome.Transient.class, send());
        assertTrue(
                outcome.retryAfter().compareTo(Duration.ofSeconds(290)) > 0
                        && outcome.retryAfter().compareTo(Duration.ofSeconds(301)) < 0,
                "waits until the reset: " + outcome.retryAfter());
    }

    @Test
    void postsOverTwoHundredEightyWeightedCharactersAreRefused() {
        XReplySender sender = sender();
        Instant now = Instant.now();
        assertEquals(
                Optional.empty(),
                sender.refusal(Replies.reply("a".repeat(280)).publicReplyTo("1").build(), now));
        assertEquals(
                "A post on X can have at most 280 characters (links count 23, emoji and CJK characters 2);"
                        + " this one counts 281",
                sender.refusal(Replies.reply("a".repeat(281)).publicReplyTo("1").build(), now)
                        .orElseThrow());
        assertTrue(
                sender.refusal(Replies.reply("日".repeat(141)).publicReplyTo("1").build(), now)
                        .isPresent(),
                "CJK characters count twice");
        assertEquals(
                Optional.empty(),
                sender.refusal(
                        Replies.reply("a".repeat(256) + " https://acme.example/" + "x".repeat(200))
                                .publicReplyTo("1")
                                .build(),
                        now),
                "a link counts 23");
        assertTrue(
                sender.refusal(Replies.reply("Hi").publicReplyTo(null).build(), now)
                        .isPresent(),
                "a public reply needs a post to answer");
        assertEquals(
                Optional.empty(),
                sender.refusal(Replies.reply("a".repeat(10_000)).build(), now));
        assertTrue(sender.refusal(Replies.reply("a".repeat(10_001)).build(), now)
                .orElseThrow()
                .contains("at most 10000 characters"));
    }
}
