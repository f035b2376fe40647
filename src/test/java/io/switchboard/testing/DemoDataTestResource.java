package io.switchboard.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the service with the local run's demo data: the tenant {@code acme} seeded at start
 * ({@code io.switchboard.demo.DemoSeed}), for browser tests that need a tenant with 90 days of figures. Its
 * operators are the demo realm's users (k8s/dev/switchboard-realm.json), so pair it with {@link KeycloakTestResource}.
 */
public class DemoDataTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("switchboard.demo.seed", "true");
    }

    @Override
    public void stop() {}
}
