package io.switchboard.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * One WireMock server that plays the providers' APIs (Twilio, Meta Graph, X) for every test: each provider's
 * base URL points at its own path prefix on it. Tests register and remove their own stubs through {@link
 * ProviderApis}; stubs that match on ids unique to the test keep tests apart. Twilio's message list can be
 * answered from the server's own request journal ({@link TwilioMessagesFake}).
 */
public class ProviderApisTestResource implements QuarkusTestResourceLifecycleManager {

    /**
     * Marks a test field that receives the running server: end-to-end tests of the packaged service, whose JVM is
     * not the test's, cannot find it through the configuration as {@link ProviderApis} does.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectProviderApis {}

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(TwilioMessagesFake.configure(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(32)
                .maxRequestJournalEntries(10_000)));
        server.start();
        String base = "http://127.0.0.1:" + server.port();
        return Map.of(
                "switchboard.providers.twilio.base-url", base + ProviderApis.TWILIO,
                "switchboard.providers.meta.base-url", base + ProviderApis.META,
                "switchboard.providers.x.base-url", base + ProviderApis.X);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                server, new TestInjector.AnnotatedAndMatchesType(InjectProviderApis.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
