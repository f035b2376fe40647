package io.switchboard.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Settings that production must be given explicitly, for black-box tests of the packaged service. */
public class ProductionSettingsTestResource implements QuarkusTestResourceLifecycleManager {

    /** A key for tests only: 32 bytes, base64. */
    public static final String SECRETS_KEY = "dGVzdC1vbmx5LXNlY3JldHMta2V5LTMyLWJ5dGVzISE=";

    @Override
    public Map<String, String> start() {
        return Map.of("switchboard.secrets-key", SECRETS_KEY);
    }

    @Override
    public void stop() {}
}
