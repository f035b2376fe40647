package io.switchboard.adapter.sms;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import io.switchboard.channel.outbound.OutboundPost;
import io.switchboard.channel.outbound.PostPublisher;
import io.switchboard.channel.outbound.PostPublishers;
import io.switchboard.channel.outbound.PriorAcceptance;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.Ids;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.testing.Posts;
import io.switchboard.testing.ProviderApis;
import io.switchboard.testing.ProviderSenderContract;
import io.switchboard.testing.ProviderSignatures;
import io.switchboard.testing.TwilioMessagesFake;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** SMS broadcasts through Twilio's Messages API, and the lookup of messages Twilio already accepted. */
@QuarkusTest
class TwilioSmsPublisherTest extends ProviderSenderContract {

    @Inject
    PostPublishers publishers;

    @Inject
    SwitchboardConfig config;

    private final String accountSid = "AC" + hex(16);
    private final String authToken = hex(16);
    private final String recipient = "+49151" + digits(8);
    private final ResolvedChannel channel = new ResolvedChannel(
            Ids.newId(),
            "acme",
            ChannelKind.SMS,
            "key-" + hex(8),
            Map.of("accountSid", accountSid, "phoneNumber", "+14155550100"),
            Map.of("authToken", authToken));

    private TwilioSmsPublisher publisher() {
        return (TwilioSmsPublisher) publishers.forKind(ChannelKind.SMS).orElseThrow();
    }

    private String messagesPath() {
        return TwilioMessagesFake.messagesPath(ProviderApis.TWILIO, accountSid);
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlPathEqualTo(messagesPath()));
    }

    @Override
    protected SendOutcome send() {
        return publisher()
                .publish(
                        channel, Posts.post("Our shop opens at 9").to(recipient).build());
    }

    @Override
    protected String clientErrorBody() {
        return """
                {"code": 21610, "message": "Attempt to send to unsubscribed recipient",
                 "more_info": "https://www.twilio.com/docs/errors/21610", "status": 400}""";
    }

    @Override
    protected String clientErrorExplanation() {
        return "Attempt to send to unsubscribed recipient (Twilio error 21610)";
    }

    @Test
    void broadcastsAreBroadcastsOfTheSmsKind() {
        assertEquals(PostPublisher.Mode.BROADCAST, publisher().mode());
        assertEquals(ChannelKind.SMS, publisher().kind());
    }

    @Test
    void sendsTwiliosFormWithAStatusCallbackNamingTheDelivery() {
        stub(endpoint()
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\": \"MM0123456789abcdef0123456789abcdef\", \"status\": \"queued\"}")));
        String deliveryId = Ids.newId();
        OutboundPost post = Posts.post(" Summer sale: 20 % off 🌞 ")
                .to(recipient)
                .delivery(deliveryId)
                .medium("https://files.acme.example/sale.jpg", "image/jpeg", "sale.jpg")
                .build();

        assertEquals(
                new SendOutcome.Sent("MM0123456789abcdef0123456789abcdef"),
                publisher().publish(channel, post));

        var requests = wireMock.find(postRequestedFor(urlPathEqualTo(messagesPath())));
        assertEquals(1, requests.size());
        assertEquals(
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8)),
                requests.get(0).getHeader("Authorization"));
        assertEquals(
                List.of(
                        Map.entry("To", recipient),
                        Map.entry("From", "+14155550100"),
                        Map.entry("Body", "Summer sale: 20 % off 🌞"),
                        Map.entry(
                                "StatusCallback",
                                config.publicBaseUrl() + "/webhooks/sms/" + channel.key() + "/status?delivery="
                                        + deliveryId),
                        Map.entry("MediaUrl", "https://files.acme.example/sale.jpg")),
                ProviderSignatures.parseForm(requests.get(0).getBodyAsString()));
    }

    @Test
    void textsOverTheSegmentCapAreRefusedWithTheirEncodingAndCounts() {
        TwilioSmsPublisher publisher = publisher();
        assertEquals(10, config.publishing().smsMaxSegments(), "the default cap");
        assertEquals(
                List.of(),
                publisher.problems(
                        channel, Posts.post("a".repeat(1530)).validating().build()));
        assertEquals(
                List.of("This text needs 11 GSM-7 segments (1531 characters); an SMS broadcast is capped at 10"),
                publisher.problems(
                        channel, Posts.post("a".repeat(1531)).validating().build()));
        assertEquals(
                List.of("This text needs 11 UCS-2 segments (712 characters; '😀' is not a GSM-7 character); an SMS"
                        + " broadcast is capped at 10"),
                publisher.problems(
                        channel, Posts.post("😀".repeat(356)).validating().build()));
        assertEquals(
                List.of(),
                publisher.problems(
                        channel, Posts.post("😀".repeat(330)).validating().build()),
                "33 emoji per part, ten parts");
        assertEquals(
                List.of("An SMS broadcast needs text or at least one medium"),
                publisher.problems(channel, Posts.post("  ").validating().build()));
        assertEquals(
                List.of(),
                publisher.problems(
                        channel,
                        Posts.post(null)
                                .medium("https://files.acme.example/a.png", "image/png", null)
                                .validating()
                                .build()),
                "a picture alone is an MMS");
        Posts many = Posts.post("Pictures");
        for (int i = 0; i < 11; i++) {
            many.medium("https://files.acme.example/" + i + ".png", "image/png", null);
        }
        assertEquals(
                List.of("An MMS can carry at most 10 media; this post has 11"),
                publisher.problems(channel, many.validating().build()));
    }

    @Test
    void aMessageTwilioAcceptedIsFoundInItsListAndNotSentAgain() {
        stub(TwilioMessagesFake.acceptMessages(ProviderApis.TWILIO, accountSid));
        stub(TwilioMessagesFake.listMessages(ProviderApis.TWILIO, accountSid));
        Instant since = Instant.now();
        OutboundPost post = Posts.post("Doors open at 7").to(recipient).build();

        var sent = assertInstanceOf(SendOutcome.Sent.class, publisher().publish(channel, post));

        assertEquals(
                new PriorAcceptance.Accepted(sent.providerId()), publisher().priorAcceptance(channel, post, since));
        assertEquals(
                PriorAcceptance.NOT_ACCEPTED,
                publisher()
                        .priorAcceptance(
                                channel,
                                Posts.post("Doors open at 8").to(recipient).build(),
                                since),
                "another text is another message");
        assertEquals(
                PriorAcceptance.NOT_ACCEPTED,
                publisher()
                        .priorAcceptance(
                                channel,
                                Posts.post("Doors open at 7")
                                        .to("+4930" + digits(8))
                                        .build(),
                                since),
                "another recipient");
        assertEquals(
                PriorAcceptance.NOT_ACCEPTED,
                publisher().priorAcceptance(channel, post, since.plusSeconds(5)),
                "a message from before the delivery was claimed is an earlier occurrence");
        var lookups = wireMock.find(getRequestedFor(urlPathEqualTo(messagesPath())));
        assertEquals(recipient, lookups.get(0).queryParameter("To").firstValue());
        assertEquals("+14155550100", lookups.get(0).queryParameter("From").firstValue());
        assertEquals("50", lookups.get(0).queryParameter("PageSize").firstValue());
        assertTrue(lookups.get(0).getHeader("Authorization").startsWith("Basic "));
    }

    @Test
    void anAnswerLostToATimeoutIsFoundAfterwards() {
        // Twilio accepts the message but its answer arrives after our timeout: the dispatcher records nothing.
        stub(TwilioMessagesFake.acceptMessages(ProviderApis.TWILIO, accountSid)
                .willReturn(
                        aResponse().withTransformers(TwilioMessagesFake.ACCEPT).withFixedDelay(2_000)));
        stub(TwilioMessagesFake.listMessages(ProviderApis.TWILIO, accountSid));
        Instant since = Instant.now();
        OutboundPost post = Posts.post("Last call!").to(recipient).build();

        assertInstanceOf(SendOutcome.Transient.class, publisher().publish(channel, post));

        var accepted = TwilioMessagesFake.accepted(wireMock, ProviderApis.TWILIO, accountSid);
        assertEquals(1, accepted.size());
        assertEquals(
                new PriorAcceptance.Accepted(accepted.get(0).sid()), publisher().priorAcceptance(channel, post, since));
    }

    @Test
    void theLookupPagesBackUntilItReachesTheTimeOfTheFirstAttempt() {
        stub(TwilioMessagesFake.acceptMessages(ProviderApis.TWILIO, accountSid));
        stub(TwilioMessagesFake.listMessages(ProviderApis.TWILIO, accountSid));
        Instant since = Instant.now();
        OutboundPost first = Posts.post("Reminder 0").to(recipient).build();
        var sent = assertInstanceOf(SendOutcome.Sent.class, publisher().publish(channel, first));
        for (int i = 1; i <= 60; i++) {
            assertInstanceOf(
                    SendOutcome.Sent.class,
                    publisher()
                            .publish(
                                    channel,
                                    Posts.post("Reminder " + i).to(recipient).build()));
        }

        assertEquals(
                new PriorAcceptance.Accepted(sent.providerId()), publisher().priorAcceptance(channel, first, since));
        assertEquals(
                2,
                wireMock.find(getRequestedFor(urlPathEqualTo(messagesPath()))).size(),
                "two pages of 50");
    }

    @Test
    void aLookupThatFailsTransientlyIsUnknownRatherThanNotAccepted() {
        stub(get(urlPathEqualTo(messagesPath()))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "30")));
        OutboundPost post = Posts.post("Hello").to(recipient).build();

        var unknown = assertInstanceOf(
                PriorAcceptance.Unknown.class, publisher().priorAcceptance(channel, post, Instant.now()));
        assertEquals(Duration.ofSeconds(30), unknown.retryAfter());
        assertTrue(unknown.error().contains("503"), unknown.error());
    }

    @Test
    void aLookupTwilioRefusesLetsTheSendMeetTheSameRefusal() {
        stub(get(urlPathEqualTo(messagesPath()))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withBody("{\"code\": 20003, \"message\": \"Authenticate\", \"status\": 401}")));
        assertEquals(
                PriorAcceptance.NOT_ACCEPTED,
                publisher()
                        .priorAcceptance(
                                channel, Posts.post("Hello").to(recipient).build(), Instant.now()));
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
