package io.switchboard.bench;

import io.switchboard.testing.KeycloakServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fault drill (issue 8): Keycloak becomes unreachable and comes back. A running replica keeps verifying tokens it
 * can (signed with keys it already has); a replica started while Keycloak is down answers a clear 401 or 503, never
 * a 500; once Keycloak is back, both accept new tokens without a restart.
 */
public final class KeycloakOutageDrill {

    private static final String CLIENT = "switchboard-api";
    private static final String SECRET = "switchboard-api-demo-secret";

    private final String serverUrl = System.getProperty("db.url", "jdbc:mariadb://127.0.0.1:3306");
    private final String dbUser = System.getProperty("db.user", "root");
    private final String dbPassword = System.getProperty("db.password", "");
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> observed = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        new KeycloakOutageDrill().run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path home = KeycloakServer.distribution();
        Path realm = Path.of("k8s", "dev", "switchboard-realm.json");
        Path data = Path.of("target", "drill-keycloak-data").toAbsolutePath();
        int kcPort = KeycloakServer.freePort();
        KeycloakServer keycloak = KeycloakServer.start(home, realm, data, kcPort, Duration.ofMinutes(4));
        String database = "switchboard_bench_kc";
        BenchService.recreateDatabase(serverUrl, dbUser, dbPassword, database);
        Map<String, String> env = Map.of("QUARKUS_OIDC_AUTH_SERVER_URL", keycloak.realmUrl());
        int first = BenchService.freePort();
        Process running = BenchService.start(first, serverUrl + "/" + database, env, "bench-kc-first.log");
        Process late = null;
        try {
            String token = keycloak.passwordGrantToken(CLIENT, SECRET, "alice", "alice-pw");
            check("Keycloak up: running replica, alice's token", me(first, token), 200);

            keycloak.close();
            check("Keycloak down: running replica, the same token", me(first, token), 200);
            check("Keycloak down: running replica, a forged token", me(first, "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"), 401);
            int second = BenchService.freePort();
            late = BenchService.startUnready(second, serverUrl + "/" + database, env, "bench-kc-late.log");
            int whileDown = me(second, token);
            observed.put("Keycloak down: replica started meanwhile, alice's token", String.valueOf(whileDown));
            if (whileDown != 401 && whileDown != 503) {
                throw new IllegalStateException("A replica without Keycloak answered " + whileDown);
            }

            keycloak = KeycloakServer.start(home, realm, data, kcPort, Duration.ofMinutes(4));
            String fresh = keycloak.passwordGrantToken(CLIENT, SECRET, "alice", "alice-pw");
            check("Keycloak back: running replica, a new token", me(first, fresh), 200);
            int recovered = awaitStatus(second, fresh, 200, Duration.ofSeconds(60));
            check("Keycloak back: replica started while it was down, a new token", recovered, 200);
        } finally {
            running.destroy();
            running.waitFor();
            if (late != null) {
                late.destroy();
                late.waitFor();
            }
            keycloak.close();
        }
        StringBuilder report = new StringBuilder("| step | answer |\n|---|---|\n");
        observed.forEach((step, answer) ->
                report.append("| ").append(step).append(" | ").append(answer).append(" |\n"));
        System.out.println(report);
        Files.writeString(Path.of("target", "bench-keycloak-outage.md"), report.toString());
    }

    private void check(String step, int status, int expected) {
        observed.put(step, String.valueOf(status));
        if (status != expected) {
            throw new IllegalStateException(step + ": expected " + expected + " but got " + status + "; " + observed);
        }
    }

    private int awaitStatus(int port, String token, int expected, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        int status = me(port, token);
        while (status != expected && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            status = me(port, token);
        }
        return status;
    }

    private int me(int port, String token) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/me"))
                                .header("Authorization", "Bearer " + token)
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
