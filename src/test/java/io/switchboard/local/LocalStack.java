package io.switchboard.local;

import io.switchboard.testing.EmbeddedMariaDb;
import io.switchboard.testing.Jdbc;
import io.switchboard.testing.KeycloakServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs Switchboard on a developer machine with nothing installed but a JDK and Maven: an embedded MariaDB and
 * a Keycloak with the demo realm, both keeping their data under {@code ~/.switchboard}, then the packaged
 * service. Started by {@code mvn -Plocal package}; Ctrl-C stops everything.
 */
public final class LocalStack {

    private LocalStack() {}

    public static void main(String[] args) throws Exception {
        Path project = Path.of("").toAbsolutePath();
        Path home = Path.of(setting("SWITCHBOARD_LOCAL_HOME", System.getProperty("user.home") + "/.switchboard"));
        int dbPort = Integer.parseInt(setting("SWITCHBOARD_LOCAL_DB_PORT", "3307"));
        int keycloakPort = Integer.parseInt(setting("SWITCHBOARD_LOCAL_KEYCLOAK_PORT", "8180"));
        int appPort = Integer.parseInt(setting("SWITCHBOARD_LOCAL_HTTP_PORT", "8080"));
        Path keycloakHome = KeycloakServer.distribution();
        Path jar = project.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No packaged service at " + jar + "; run `mvn -Plocal package`");
        }

        Path dbHome = home.resolve("mariadb-" + EmbeddedMariaDb.series());
        if (Files.isDirectory(home.resolve("mariadb/data")) && !Files.isDirectory(dbHome)) {
            say("Note: " + home.resolve("mariadb") + " holds the data of an earlier local run on MariaDB 11.4; the"
                    + " local run now uses MariaDB " + EmbeddedMariaDb.series() + " (the production series) and starts"
                    + " afresh in " + dbHome + ". Delete the old folder when you no longer need it.");
        }
        Path tmp =
                Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        if (home.toAbsolutePath().normalize().startsWith(tmp)) {
            say("Warning: " + home + " is under the temporary folder " + tmp + ", where the embedded MariaDB empties"
                    + " its data at every start: nothing of this run is kept. Set SWITCHBOARD_LOCAL_HOME to a folder"
                    + " elsewhere to keep it.");
        }
        say("Starting MariaDB " + EmbeddedMariaDb.VERSION + " (embedded) on 127.0.0.1:" + dbPort + ", data in "
                + dbHome);
        EmbeddedMariaDb db = EmbeddedMariaDb.start(home, dbPort);
        KeycloakServer keycloak = null;
        LocalProviders providers = null;
        Process app = null;
        try {
            createDatabase(db);
            say("Starting Keycloak " + keycloakHome.getFileName() + " on 127.0.0.1:" + keycloakPort
                    + " (about a minute the first time)");
            keycloak = KeycloakServer.start(
                    keycloakHome,
                    project.resolve("k8s/dev/switchboard-realm.json"),
                    home.resolve("keycloak"),
                    keycloakPort,
                    Duration.ofMinutes(5));

            // The console signs in from this origin: the realm must allow it (a kept realm predates the file's list).
            keycloak.allowWebOrigin("switchboard-spa", "http://localhost:" + appPort);
            providers = LocalProviders.start(freePort());
            say("Simulated providers (Twilio, Meta, X on WireMock; SMTP on GreenMail) are up");
            say("Starting Switchboard on http://localhost:" + appPort);
            app = startService(jar, appPort, home, db, keycloak, providers);
            waitUntilReady(app, "http://127.0.0.1:" + appPort + "/q/health/ready");
        } catch (Exception | Error e) {
            // Stop what already runs now: once main returns, Maven closes the class loader the hooks need.
            stopAll(app, keycloak, providers, db);
            throw e;
        }
        Process service = app;
        KeycloakServer identity = keycloak;
        LocalProviders simulated = providers;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> stopAll(service, identity, simulated, db), "local-stack-stop"));
        printWelcome(appPort, keycloak);
        System.exit(service.waitFor());
    }

    private static Process startService(
            Path jar, int appPort, Path home, EmbeddedMariaDb db, KeycloakServer keycloak, LocalProviders providers)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        // The AOT cache `mvn package` records on Java 25 (see docs/operations.md): the service starts sooner.
        Path cache = jar.resolveSibling("app.aot");
        if (Files.isRegularFile(cache) && Runtime.version().feature() >= 25) {
            command.add("-XX:AOTCache=" + cache);
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(appPort));
        builder.environment().put("QUARKUS_DATASOURCE_JDBC_URL", db.serverUrl() + "/switchboard");
        builder.environment().put("QUARKUS_DATASOURCE_USERNAME", "switchboard");
        builder.environment().put("QUARKUS_DATASOURCE_PASSWORD", "switchboard");
        builder.environment().put("QUARKUS_OIDC_AUTH_SERVER_URL", keycloak.realmUrl());
        builder.environment().putIfAbsent("SWITCHBOARD_PUBLIC_BASE_URL", "http://localhost:" + appPort);
        builder.environment().putIfAbsent("SWITCHBOARD_SECRETS_KEY", localSecretsKey(home));
        // EMAIL channels on the reserved .example domains send without a DNS proof here (never in production).
        builder.environment().putIfAbsent("SWITCHBOARD_EMAIL_VERIFIED_DOMAINS", "*.example");
        // The demo tenant acme, seeded once (io.switchboard.demo.DemoSeed); never on in production.
        builder.environment().putIfAbsent("SWITCHBOARD_DEMO_SEED", "true");
        providers.environment().forEach(builder.environment()::putIfAbsent);
        return builder.start();
    }

    /** A key of this machine's own for the channel secrets, made on first use and kept with the data. */
    private static String localSecretsKey(Path home) throws IOException {
        Path file = home.resolve("secrets.key");
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            Files.createDirectories(home);
            Files.writeString(file, java.util.Base64.getEncoder().encodeToString(key));
        }
        return Files.readString(file).strip();
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void stopAll(Process app, KeycloakServer keycloak, LocalProviders providers, EmbeddedMariaDb db) {
        if (app != null) {
            app.destroy();
            try {
                app.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (keycloak != null) {
            keycloak.close();
        }
        if (providers != null) {
            providers.close();
        }
        db.stopQuietly();
    }

    private static void createDatabase(EmbeddedMariaDb db) throws Exception {
        try (var connection = Jdbc.connect(db.serverUrl() + "/", "root", "");
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS switchboard CHARACTER SET " + EmbeddedMariaDb.CHARACTER_SET
                    + " COLLATE " + EmbeddedMariaDb.COLLATION);
        }
    }

    private static void waitUntilReady(Process app, String url) throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (!app.isAlive()) {
                throw new IllegalStateException("Switchboard exited with status " + app.exitValue());
            }
            try {
                var response = http.send(
                        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Still starting.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Switchboard did not become ready at " + url);
    }

    private static void printWelcome(int appPort, KeycloakServer keycloak) {
        String base = "http://localhost:" + appPort;
        System.out.printf("""

                ==========================================================================================
                 Switchboard is running.
                   Console      %1$s/   (sign in as alice / alice-pw)
                   API          %1$s/api/v1   (try %1$s/api/v1/me with a token)
                   Swagger UI   %1$s/q/swagger-ui
                   OpenAPI      %1$s/q/openapi
                   Health       %1$s/q/health/ready     Metrics %1$s/q/metrics
                   Keycloak     %2$s   (admin console: admin / admin)
                 Demo logins (password = user name + "-pw"):
                   tenant acme:   alice, andy (agent)   bob (manager)   carol (admin)
                   tenant globex: gina (agent)          gus (manager)
                 Get a token and call the API:
                   TOKEN=$(curl -s -d grant_type=password -d client_id=switchboard-api \\
                     -d client_secret=switchboard-api-demo-secret -d username=alice -d password=alice-pw \\
                     %3$s | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
                   curl -H "Authorization: Bearer $TOKEN" %1$s/api/v1/me
                 Demo data: tenant acme, 90 days of conversations (sign in as bob for the reports).
                 Watch messages arrive: mvn -Plocal exec:java@simulate   (in another terminal)
                 Press Ctrl-C to stop.
                ==========================================================================================
                %n""", base, keycloak.baseUrl(), keycloak.tokenEndpoint());
    }

    private static void say(String line) {
        System.out.println("[switchboard-local] " + line);
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
