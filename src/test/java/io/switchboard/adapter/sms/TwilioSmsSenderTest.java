package io.switchboard.adapter.sms;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.OutboundReply;
import io.switchboard.channel.outbound.PriorAcceptance;
import io.switchboard.channel.outbound.ReplySenders;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.Ids;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.testing.ProviderApis;
import io.switchboard.testing.ProviderSenderContract;
import io.switchboard.testing.ProviderSignatures;
import io.switchboard.testing.Replies;
import io.switchboard.testing.TwilioMessagesFake;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Replies by SMS through Twilio's Messages API, played by WireMock as Twilio documents it. */
@QuarkusTest
class TwilioSmsSenderTest extends ProviderSenderContract {

    @Inject
    ReplySenders senders;

    @Inject
    SwitchboardConfig config;

    private final String accountSid = "AC" + hex(16);
    private final String authToken = hex(16);
    private final ResolvedChannel channel = new ResolvedChannel(
            Ids.newId(),
            "acme",
            ChannelKind.SMS,
            "key-" + hex(8),
            Map.of("accountSid", accountSid, "phoneNumber", "+14155550100"),
            Map.of("authToken", authToken));

    private TwilioSmsSender sender() {
        return (TwilioSmsSender) senders.forKind(ChannelKind.SMS).orElseThrow();
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlPathEqualTo("/twilio/2010-04-01/Accounts/" + accountSid + "/Messages.json"));
    }

    @Override
    protected SendOutcome send() {
        return sender().send(
                        channel,
                        Replies.reply("Your parcel left today")
                                .to("+4915112345678")
                                .build());
    }

    @Override
    protected String clientErrorBody() {
        return """
                {"code": 21211, "message": "The 'To' number +4915112345678 is not a valid phone number.",
                 "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}""";
    }

    @Override
    protected String clientErrorExplanation() {
        return "The 'To' number +4915112345678 is not a valid phone number. (Twilio error 21211)";
    }

    @Test
    void sendsTheDocumentedFormWithBasicAuthenticationAndReportsTheSid() {
        stub(endpoint()
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\": \"MM1f0e2d3c4b5a69788796a5b4c3d2e1f0\", \"status\": \"queued\"}")));
        OutboundReply reply = Replies.reply("  Here is your invoice 🧾 ")
                .to("+4915112345678")
                .attachment("https://files.acme.example/invoice.pdf", "application/pdf", "invoice.pdf")
                .attachment("https://files.acme.example/label.png", "image/png", null)
                .build();

        SendOutcome outcome = sender().send(channel, reply);

        assertEquals(new SendOutcome.Sent("MM1f0e2d3c4b5a69788796a5b4c3d2e1f0"), outcome);
        var requests =
                wireMock.find(postRequestedFor(endpoint().build().getRequest().getUrlMatcher())
                        .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded")));
        assertEquals(1, requests.size());
        var request = requests.get(0);
        assertEquals(
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8)),
                request.getHeader("Authorization"));
        assertEquals(
                List.of(
                        Map.entry("To", "+4915112345678"),
                        Map.entry("From", "+14155550100"),
                        Map.entry("Body", "Here is your invoice 🧾"),
                        Map.entry(
                                "StatusCallback",
                                config.publicBaseUrl() + "/webhooks/sms/" + channel.key() + "/status?delivery="
                                        + reply.deliveryId()),
                        Map.entry("MediaUrl", "https://files.acme.example/invoice.pdf"),
                        Map.entry("MediaUrl", "https://files.acme.example/label.png")),
                ProviderSignatures.parseForm(request.getBodyAsString()));
    }

    @Test
    void refusesWhatTwilioWouldRefuse() {
        Instant now = Instant.now();
        TwilioSmsSender sender = sender();
        assertEquals(
                Optional.empty(), sender.refusal(Replies.reply("x".repeat(1600)).build(), now));
        assertEquals(
                Optional.empty(),
                sender.refusal(Replies.reply("🚚".repeat(1600)).build(), now));
        assertTrue(sender.refusal(Replies.reply("x".repeat(1601)).build(), now)
                .orElseThrow()
                .contains("at most 1600 characters; this one has 1601"));
        assertTrue(sender.refusal(Replies.reply("  ").build(), now).isPresent(), "nothing to send");
        assertEquals(
                Optional.empty(),
                sender.refusal(
                        Replies.reply(null)
                                .attachment("https://files.acme.example/a.png", "image/png", null)
                                .build(),
                        now),
                "a picture alone is an MMS");
    }

    @Test
    void aReplyTwilioAlreadyAcceptedIsFoundInTheAccountsMessageList() {
        stub(TwilioMessagesFake.acceptMessages(ProviderApis.TWILIO, accountSid));
        stub(TwilioMessagesFake.listMessages(ProviderApis.TWILIO, accountSid));
        Instant since = Instant.now();
        OutboundReply reply =
                Replies.reply(" Your parcel left today ").to("+4915112345678").build();

        var sent = (SendOutcome.Sent) sender().send(channel, reply);

        assertEquals(new PriorAcceptance.Accepted(sent.providerId()), sender().priorAcceptance(channel, reply, since));
        assertEquals(
                PriorAcceptance.NOT_ACCEPTED,
                sender().priorAcceptance(
                                channel,
                                Replies.reply("Your parcel arrives tomorrow")
                                        .to("+4915112345678")
                                        .build(),
                                since));
    }

    @Test
    void aFailingLookupTellsTheOutboxToWait() {
        stub(com.github.tomakehurst.wiremock.client.WireMock.get(
                        urlPathEqualTo("/twilio/2010-04-01/Accounts/" + accountSid + "/Messages.json"))
                .willReturn(aResponse().withStatus(500)));
        OutboundReply reply = Replies.reply("Hi").to("+4915112345678").build();
        assertTrue(sender().priorAcceptance(channel, reply, Instant.now()) instanceof PriorAcceptance.Unknown);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
