package io.switchboard.adapter.facebook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Page posts through the Graph API's feed edge, played by WireMock. */
@QuarkusTest
class FacebookPagePublisherTest extends ProviderSenderContract {

    @Inject
    PostPublishers publishers;

    private final String pageId = digits(15);
    private final String token = "EAAG" + digits(20);
    private final ResolvedChannel channel = new ResolvedChannel(
            Ids.newId(),
            "acme",
            ChannelKind.FACEBOOK,
            "key-" + digits(8),
            Map.of("pageId", pageId),
            Map.of("appSecret", "app-secret", "verifyToken", "verify", "pageAccessToken", token));

    private FacebookPagePublisher publisher() {
        return (FacebookPagePublisher) publishers.forKind(ChannelKind.FACEBOOK).orElseThrow();
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlPathEqualTo("/graph/v21.0/" + pageId + "/feed"));
    }

    @Override
    protected SendOutcome send() {
        return publisher().publish(channel, Posts.post("We are open on Sunday").build());
    }

    @Override
    protected String clientErrorBody() {
        return """
                {"error": {"message": "(#200) The user hasn't authorized the application to perform this action",
                 "type": "OAuthException", "code": 200, "fbtrace_id": "AbCdEf"}}""";
    }

    @Override
    protected String clientErrorExplanation() {
        return "(#200) The user hasn't authorized the application to perform this action (Graph error 200)";
    }

    @Test
    void postsTheMessageAndTheFirstMediumAsLinkWithThePageToken() {
        String postId = pageId + "_" + digits(16);
        stub(endpoint()
                .withQueryParam("access_token", equalTo(token))
                .withHeader("Content-Type", equalTo("application/json"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": \"" + postId + "\"}")));

        SendOutcome outcome = publisher()
                .publish(
                        channel,
                        Posts.post("Our new collection is here 🍂")
                                .medium("https://acme.example/autumn", "text/html", null)
                                .medium("https://files.acme.example/lookbook.pdf", "application/pdf", "Lookbook")
                                .build());

        assertEquals(new SendOutcome.Sent(postId), outcome);
        assertEquals(
                1,
                wireMock.find(postRequestedFor(urlPathEqualTo("/graph/v21.0/" + pageId + "/feed"))
                                .withRequestBody(equalToJson("""
                                        {"message": "Our new collection is here 🍂\\nLookbook: https://files.acme.example/lookbook.pdf",
                                         "link": "https://acme.example/autumn"}""")))
                        .size());
    }

    @Test
    void aPostOfTextAloneHasNoLinkAndALinkAloneNoMessage() {
        stub(endpoint()
                .withRequestBody(equalToJson("{\"message\": \"Just words\"}"))
                .willReturn(aResponse().withStatus(200).withBody("{\"id\": \"1_2\"}")));
        stub(endpoint()
                .withRequestBody(equalToJson("{\"link\": \"https://acme.example/\"}"))
                .willReturn(aResponse().withStatus(200).withBody("{\"id\": \"1_3\"}")));
        assertEquals(
                new SendOutcome.Sent("1_2"),
                publisher().publish(channel, Posts.post("  Just words ").build()));
        assertEquals(
                new SendOutcome.Sent("1_3"),
                publisher()
                        .publish(
                                channel,
                                Posts.post(null)
                                        .medium("https://acme.example/", null, null)
                                        .build()));
    }

    @Test
    void graphRateLimitsAreTransient() {
        stub(endpoint()
                .willReturn(aResponse()
                        .withStatus(403)
                        .withBody("{\"error\": {\"message\": \"(#32) Page request limit reached\", \"code\": 32}}")));
        assertInstanceOf(SendOutcome.Transient.class, send());
    }

    @Test
    void refusesEmptyPostsAndPostsOverFacebooksLimit() {
        FacebookPagePublisher publisher = publisher();
        assertEquals(PostPublisher.Mode.FEED, publisher.mode());
        assertEquals(
                List.of("A Facebook post needs text or a link"),
                publisher.problems(channel, Posts.post(" ").validating().build()));
        assertEquals(
                List.of(),
                publisher.problems(
                        channel, Posts.post("x".repeat(63_206)).validating().build()));
        assertEquals(
                List.of("A Facebook post can have at most 63206 characters; this one has 63207"),
                publisher.problems(
                        channel, Posts.post("x".repeat(63_207)).validating().build()));
        assertEquals(
                List.of("A Facebook post can have at most 63206 characters; this one has 63207 (links to further"
                        + " media included)"),
                publisher.problems(
                        channel,
                        Posts.post("x".repeat(63_206 - "\nhttps://a.example/2".length() + 1))
                                .medium("https://a.example/1", null, null)
                                .medium("https://a.example/2", null, null)
                                .validating()
                                .build()));
    }
}
