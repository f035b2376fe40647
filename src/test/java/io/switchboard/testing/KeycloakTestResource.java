package io.switchboard.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Keycloak, started from the distribution that the build unpacks ({@code keycloak.home}) with the
 * realm export the project ships, on a fresh data directory.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    /** Marks a test field that receives the running {@link KeycloakServer}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectKeycloak {}

    private KeycloakServer server;

    @Override
    public Map<String, String> start() {
        String home = System.getProperty("keycloak.home");
        if (home == null) {
            throw new IllegalStateException("keycloak.home is not set; run the end-to-end tests through Maven");
        }
        try {
            Path data = Path.of("target", "keycloak-it-data").toAbsolutePath();
            deleteTree(data);
            server = KeycloakServer.start(
                    Path.of(home),
                    Path.of("k8s", "dev", "switchboard-realm.json"),
                    data,
                    KeycloakServer.freePort(),
                    // A loaded machine may need longer: -Dswitchboard.keycloak.start-timeout=PT8M
                    Duration.parse(System.getProperty("switchboard.keycloak.start-timeout", "PT4M")));
        } catch (Exception e) {
            throw new IllegalStateException("Keycloak did not start: " + e.getMessage(), e);
        }
        return Map.of("quarkus.oidc.auth-server-url", server.realmUrl());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                server, new TestInjector.AnnotatedAndMatchesType(InjectKeycloak.class, KeycloakServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void deleteTree(Path path) throws java.io.IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
