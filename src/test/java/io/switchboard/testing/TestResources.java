package io.switchboard.testing;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The resources every {@code @QuarkusTest} shares, declared once so that all test classes run against one
 * application start: the test database and Quarkus's OIDC test server, which serves the keys that verify the
 * tokens {@link TestTokens} signs; the WireMock that plays the providers' APIs; the mail server the platform
 * mailer sends through; the DNS server that answers the service's TXT look-ups.
 */
@WithTestResource(value = MariaDbTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ProviderApisTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MailServerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = DnsServerTestResource.class, scope = TestResourceScope.GLOBAL)
public final class TestResources {

    private TestResources() {}
}
