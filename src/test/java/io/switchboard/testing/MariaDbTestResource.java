package io.switchboard.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the application under test at {@link TestDatabase}. */
public class MariaDbTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestDatabase.datasourceConfig();
    }

    @Override
    public void stop() {
        // The database outlives one application start; the JVM's shutdown stops an embedded server.
    }
}
