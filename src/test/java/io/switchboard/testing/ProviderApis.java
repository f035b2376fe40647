package io.switchboard.testing;

import com.github.tomakehurst.wiremock.client.WireMock;
import java.net.URI;
import org.eclipse.microprofile.config.ConfigProvider;

/** The WireMock that plays the providers' APIs in tests (see {@link ProviderApisTestResource}). */
public final class ProviderApis {

    /** Path prefixes of the providers on the one server; requests arrive below them. */
    public static final String TWILIO = "/twilio";

    public static final String META = "/graph";
    public static final String X = "/x";

    private ProviderApis() {}

    /** A client of the running server, for stubs and request checks. */
    public static WireMock wireMock() {
        URI base =
                URI.create(ConfigProvider.getConfig().getValue("switchboard.providers.twilio.base-url", String.class));
        return WireMock.create().host(base.getHost()).port(base.getPort()).build();
    }
}
