package io.switchboard.local;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.switchboard.demo.DemoSeed;
import io.switchboard.testing.NoDelayGreenMail;
import io.switchboard.testing.ProviderApis;
import io.switchboard.testing.TwilioMessagesFake;
import java.time.Clock;
import java.util.Map;

/**
 * The providers of the local run, simulated as the tests simulate them, so that replies and posts of the demo
 * channels go out and come back with provider ids: WireMock plays Twilio (its message list included), Meta's
 * Graph API and X's API (their metrics reads too: {@link LocalMetricsFake}); GreenMail receives email over SMTP. Nothing leaves the machine.
 */
final class LocalProviders implements AutoCloseable {

    private final WireMockServer apis;
    private final GreenMail mail;

    private LocalProviders(WireMockServer apis, GreenMail mail) {
        this.apis = apis;
        this.mail = mail;
    }

    static LocalProviders start(int smtpPort) {
        WireMockServer apis = new WireMockServer(LocalMetricsFake.configure(
                TwilioMessagesFake.configure(WireMockConfiguration.options()
                        .bindAddress("127.0.0.1")
                        .dynamicPort()
                        .maxRequestJournalEntries(10_000)),
                Clock.systemUTC()));
        apis.start();
        WireMock wireMock = new WireMock("127.0.0.1", apis.port());
        TwilioMessagesFake.install(wireMock, ProviderApis.TWILIO, DemoSeed.TWILIO_ACCOUNT_SID);
        String id = "{{randomValue length=16 type='NUMERIC'}}";
        // Messenger's Send API, page posts and comment replies.
        wireMock.register(post(urlPathMatching(ProviderApis.META + "/[^/]+/[^/]+/messages"))
                .willReturn(json(200, "{\"recipient_id\": \"0\", \"message_id\": \"m_" + id + "\"}")));
        wireMock.register(post(urlPathMatching(ProviderApis.META + "/[^/]+/[^/]+/(feed|comments)"))
                .willReturn(json(200, "{\"id\": \"" + DemoSeed.FACEBOOK_PAGE_ID + "_" + id + "\"}")));
        // X: direct messages and posts.
        wireMock.register(post(urlPathMatching(ProviderApis.X + "/2/dm_conversations/.*"))
                .willReturn(
                        json(201, "{\"data\": {\"dm_conversation_id\": \"1-2\", \"dm_event_id\": \"18" + id + "\"}}")));
        wireMock.register(post(urlPathMatching(ProviderApis.X + "/2/tweets"))
                .willReturn(json(
                        201,
                        "{\"data\": {\"id\": \"18" + id + "\", \"edit_history_tweet_ids\": [], \"text\": \"\"}}")));
        // What the posts got and the followers, for the metrics collector.
        LocalMetricsFake.install(wireMock);
        GreenMail mail = new NoDelayGreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        return new LocalProviders(apis, mail);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body)
                .withTransformers("response-template");
    }

    /** The service's settings that point it at these providers. */
    Map<String, String> environment() {
        String base = "http://127.0.0.1:" + apis.port();
        return Map.of(
                "SWITCHBOARD_PROVIDERS_TWILIO_BASE_URL",
                base + ProviderApis.TWILIO,
                "SWITCHBOARD_PROVIDERS_META_BASE_URL",
                base + ProviderApis.META,
                "SWITCHBOARD_PROVIDERS_X_BASE_URL",
                base + ProviderApis.X,
                // The simulated providers are on this machine: allow them (production refuses internal addresses).
                "SWITCHBOARD_EGRESS_ALLOW",
                "127.0.0.1/32",
                "SMTP_HOST",
                "127.0.0.1",
                "SMTP_PORT",
                String.valueOf(mail.getSmtp().getPort()),
                "SMTP_START_TLS",
                "DISABLED",
                "SMTP_LOGIN",
                "DISABLED");
    }

    @Override
    public void close() {
        apis.stop();
        mail.stop();
    }
}
