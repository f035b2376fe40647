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
import io.switchboard.channel.outbound.PostPublisher;
import io.switchboard.channel.outbound.PostPublishers;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.Ids;
import io.switchboard.testing.Posts;
import io.switchboard.testing.ProviderSenderContract;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Posts on X through {@code POST /2/tweets}, played by WireMock. */
@QuarkusTest
class XPostPublisherTest extends ProviderSenderContract {

    @Inject
    PostPublishers publishers;

    private final String token = "token-" + digits(20);
    private final String text = "Launch day " + digits(6);
    private final ResolvedChannel channel = new ResolvedChannel(
            Ids.newId(),
            "acme",
            ChannelKind.X,
            "key-" + digits(8),
            Map.of("userId", digits(10)),
            Map.of("consumerSecret", "consumer-secret", "accessToken", token));

    private XPostPublisher publisher() {
        return (XPostPublisher) publishers.forKind(ChannelKind.X).orElseThrow();
    }

    /** Matches this instance's text: every X test posts to the same path. */
    @Override
    protected MappingBuilder endpoint() {
        return post(urlPathEqualTo("/x/2/tweets")).withRequestBody(equalToJson("{\"text\": \"" + text + "\"}"));
    }

    @Override
    protected SendOutcome send() {
        return publisher().publish(channel, Posts.post(text).build());
    }

    @Override
    protected String clientErrorBody() {
        return """
                {"title": "Forbidden", "type": "about:blank", "status": 403,
                 "detail": "You are not allowed to create a Tweet with duplicate content."}""";
    }

    @Override
    protected String clientErrorExplanation() {
        return "You are not allowed to create a Tweet with duplicate content.";
    }

    @Test
    void postsTheTextWithMediaAsLinksAndTheUserToken() {
        String id = digits(19);
        stub(post(urlPathEqualTo("/x/2/tweets"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"text": "%s\\nhttps://files.acme.example/launch.png"}""".formatted(text)))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"data\": {\"id\": \"" + id + "\", \"edit_history_tweet_ids\": [\"" + id
                                + "\"], \"text\": \"" + text + "\"}}")));

        SendOutcome outcome = publisher()
                .publish(
                        channel,
                        Posts.post(text)
                                .medium("https://files.acme.example/launch.png", "image/png", null)
                                .build());

        assertEquals(new SendOutcome.Sent(id), outcome);
    }

    @Test
    void aRateLimitWaitsUntilTheWindowResets() {
        long reset = Instant.now().plusSeconds(600).getEpochSecond();
        stub(endpoint()
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("x-rate-limit-reset", Long.toString(reset))
                        .withBody("{\"title\": \"Too Many Requests\"}")));
        var outcome = assertInstanceOf(SendOutcome.Transient.class, send());
        assertTrue(
                outcome.retryAfter().compareTo(Duration.ofSeconds(590)) > 0,
                outcome.retryAfter().toString());
    }

    @Test
    void postsOverTwoHundredEightyWeightedCharactersAreRefused() {
        XPostPublisher publisher = publisher();
        assertEquals(PostPublisher.Mode.FEED, publisher.mode());
        assertEquals(
                List.of(),
                publisher.problems(
                        channel, Posts.post("a".repeat(280)).validating().build()));
        assertEquals(
                List.of("An X post can carry at most 280 characters (links count 23, emoji and CJK characters 2);"
                        + " this one counts 281"),
                publisher.problems(
                        channel, Posts.post("a".repeat(281)).validating().build()));
        assertEquals(
                List.of("An X post can carry at most 280 characters (links count 23, emoji and CJK characters 2);"
                        + " this one counts 282"),
                publisher.problems(
                        channel, Posts.post("日".repeat(141)).validating().build()));
        assertEquals(
                List.of(),
                publisher.problems(
                        channel,
                        Posts.post("a".repeat(256))
                                .medium("https://files.acme.example/" + "x".repeat(100) + ".png", null, null)
                                .validating()
                                .build()),
                "256 + a line break + a link of 23");
        assertEquals(
                List.of("An X post can carry at most 280 characters (links count 23, emoji and CJK characters 2;"
                        + " media go as links); this one counts 281"),
                publisher.problems(
                        channel,
                        Posts.post("a".repeat(257))
                                .medium("https://files.acme.example/a.png", null, null)
                                .validating()
                                .build()));
        assertEquals(
                List.of("A post on X needs text"),
                publisher.problems(channel, Posts.post("  ").validating().build()));
    }
}
