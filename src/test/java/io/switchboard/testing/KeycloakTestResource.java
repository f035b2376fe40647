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
 * realm export the project ships, on a fresh data directory. One server serves every test class of a test JVM
 * (a start with the realm's import takes half a minute, once per class before): the tests only read the realm,
 * apart from adding their service's origin to the SPA client, and it is stopped when the JVM exits.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    /** Marks a test field that receives the running {@link KeycloakServer}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectKeycloak {}

    private static KeycloakServer shared;

    private KeycloakServer server;

    @Override
    public Map<String, String> start() {
        server = shared();
        return Map.of("quarkus.oidc.auth-server-url", server.realmUrl());
    }

    private static synchronized KeycloakServer shared() {
        if (shared != null && shared.isAlive()) {
            return shared;
        }
        String home = System.getProperty("keycloak.home");
        if (home == null) {
            throw new IllegalStateException("keycloak.home is not set; run the end-to-end tests through Maven");
        }
        try {
            Path data = Path.of("target", "keycloak-it-data").toAbsolutePath();
            deleteTree(data);
            shared = KeycloakServer.start(
                    Path.of(home),
                    Path.of("k8s", "dev", "switchboard-realm.json"),
                    data,
                    KeycloakServer.freePort(),
                    // A loaded machine may need longer: -Dswitchboard.keycloak.start-timeout=PT8M
                    Duration.parse(System.getProperty("switchboard.keycloak.start-timeout", "PT4M")));
        } catch (Exception e) {
            throw new IllegalStateException("Keycloak did not start: " + e.getMessage(), e);
        }
        KeycloakServer started = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "keycloak-stop"));
        return started;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                server, new TestInjector.AnnotatedAndMatchesType(InjectKeycloak.class, KeycloakServer.class));
    }

    @Override
    public void stop() {
        // Shared by the JVM's test classes: stopped by the shutdown hook.
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
