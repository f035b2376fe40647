package io.switchboard.adapter.facebook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
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

/** Replies on a Facebook page through the Graph API (Send API, comment replies), played by WireMock. */
@QuarkusTest
class FacebookReplySenderTest extends ProviderSenderContract {

    @Inject
    ReplySenders senders;

    private final String pageId = digits(15);
    private final String psid = digits(16);
    private final String token = "EAAG" + digits(20);
    private final ResolvedChannel channel = new ResolvedChannel(
            Ids.newId(),
            "acme",
            ChannelKind.FACEBOOK,
            "key-" + digits(8),
            Map.of("pageId", pageId),
            Map.of("appSecret", "app-secret", "verifyToken", "verify", "pageAccessToken", token));

    private FacebookReplySender sender() {
        return (FacebookReplySender) senders.forKind(ChannelKind.FACEBOOK).orElseThrow();
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlPathEqualTo("/graph/v21.0/" + pageId + "/messages"));
    }

    @Override
    protected SendOutcome send() {
        return sender().send(
                        channel, Replies.reply("Thanks for writing!").to(psid).build());
    }

    @Override
    protected String clientErrorBody() {
        return """
                {"error": {"message": "(#100) No matching user found", "type": "OAuthException", "code": 100,
                 "error_subcode": 2018001, "fbtrace_id": "AbCdEf"}}""";
    }

    @Override
    protected String clientErrorExplanation() {
        return "(#100) No matching user found (Graph error 100/2018001)";
    }

    @Test
    void messengerRepliesGoThroughTheSendApiWithThePageToken() {
        stub(endpoint()
                .withQueryParam("access_token", equalTo(token))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                                "{\"recipient_id\": \"" + psid + "\", \"message_id\": \"m_AG5Hz2Uq7tuwNEhXfYYKj8\"}")));

        SendOutcome outcome = sender().send(
                        channel,
                        Replies.reply("Here is the manual")
                                .to(psid)
                                .attachment("https://files.acme.example/manual.pdf", "application/pdf", "manual.pdf")
                                .build());

        assertEquals(new SendOutcome.Sent("m_AG5Hz2Uq7tuwNEhXfYYKj8"), outcome);
        assertEquals(
                1,
                wireMock.find(postRequestedFor(urlPathEqualTo("/graph/v21.0/" + pageId + "/messages"))
                                .withQueryParam("access_token", equalTo(token))
                                .withHeader("Content-Type", equalTo("application/json"))
                                .withRequestBody(equalToJson("""
                                        {"recipient": {"id": "%s"}, "messaging_type": "RESPONSE",
                                         "message": {"text": "Here is the manual\\nmanual.pdf: https://files.acme.example/manual.pdf"}}""".formatted(psid))))
                        .size());
    }

    @Test
    void commentThreadsAreAnsweredWithACommentReply() {
        String commentId = digits(15) + "_" + digits(15);
        stub(post(urlPathEqualTo("/graph/v21.0/" + commentId + "/comments"))
                .withQueryParam("access_token", equalTo(token))
                .withRequestBody(equalToJson("{\"message\": \"We have sent you a message 🙂\"}"))
                .willReturn(aResponse().withStatus(200).withBody("{\"id\": \"" + commentId + "9\"}")));

        SendOutcome outcome = sender().send(
                        channel,
                        Replies.reply("We have sent you a message 🙂")
                                .to("commenter")
                                .publicReplyTo(commentId)
                                .lastInboundAt(Instant.now().minus(Duration.ofDays(30)))
                                .build());

        assertEquals(new SendOutcome.Sent(commentId + "9"), outcome);
    }

    @Test
    void graphRateLimitsAnsweredAs4xxAreTransient() {
        stub(endpoint()
                .willReturn(aResponse()
                        .withStatus(400)
                        .withBody(
                                "{\"error\": {\"message\": \"(#613) Calls to this api have exceeded the rate limit.\","
                                        + " \"type\": \"OAuthException\", \"code\": 613}}")));
        var outcome = assertInstanceOf(SendOutcome.Transient.class, send());
        assertTrue(outcome.error().contains("exceeded the rate limit"), outcome.error());
    }

    @Test
    void messengerRepliesOutsideTheTwentyFourHourWindowAreRefused() {
        Instant now = Instant.parse("2025-06-02T12:00:00Z");
        FacebookReplySender sender = sender();
        var lastWrote = Instant.parse("2025-06-01T11:59:59Z");
        String refusal = sender.refusal(
                        Replies.reply("Hello?").lastInboundAt(lastWrote).build(), now)
                .orElseThrow();
        assertEquals(
                "Messenger allows replies only within 24 hours of the customer's last message; last message at"
                        + " 2025-06-01T11:59:59Z",
                refusal);
        assertEquals(
                Optional.empty(),
                sender.refusal(
                        Replies.reply("Hello?")
                                .lastInboundAt(Instant.parse("2025-06-01T12:00:00Z"))
                                .build(),
                        now));
        assertTrue(sender.refusal(Replies.reply("Hello?").lastInboundAt(null).build(), now)
                .isPresent());
        assertEquals(
                Optional.empty(),
                sender.refusal(
                        Replies.reply("Public answer")
                                .publicReplyTo("1_2")
                                .lastInboundAt(lastWrote)
                                .build(),
                        now),
                "comments have no window");
        assertTrue(sender.refusal(Replies.reply("x".repeat(2001)).build(), Instant.now())
                .orElseThrow()
                .contains("at most 2000 characters"));
    }
}
