package io.switchboard.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the service with the local run's demo data: the tenant {@code acme} seeded at start
 * ({@code io.switchboard.demo.DemoSeed}), for browser tests that need a tenant with 90 days of figures. Its
 * operators are the demo realm's users (k8s/dev/switchboard-realm.json), so pair it with {@link KeycloakTestResource}.
 * The service gets an empty database of its own ({@value #DATABASE}): a class with this resource starts the packaged
 * service once more, so keep what needs the demo data in one class ({@code DemoOverviewIT}).
 */
public class DemoDataTestResource implements QuarkusTestResourceLifecycleManager {

    /** A database of its own, so that the seed finds acme without channels (other tests add theirs to acme). */
    static final String DATABASE = "switchboard_it_demo";

    @Override
    public Map<String, String> start() {
        Map<String, String> database = TestDatabase.separate(DATABASE);
        return Map.of(
                "switchboard.demo.seed", "true",
                "quarkus.datasource.jdbc.url", database.get("url"),
                "quarkus.datasource.username", database.get("username"),
                "quarkus.datasource.password", database.get("password"));
    }

    @Override
    public void stop() {}
}
