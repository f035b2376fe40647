package io.switchboard.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.switchboard.testing.Jdbc;
import io.switchboard.testing.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Fault drill (issue 8): the provider is down (503) for {@code -Doutage.minutes} (default 10) while operators keep
 * replying; then it comes back. Reports the attempts made during the outage, how long the backlog took to drain
 * after recovery, and checks nothing failed and every reply reached the provider exactly once (one 200 each). The
 * service runs with its production delivery settings (max backoff 5 min, give up after 24 h).
 */
public final class ProviderOutageDrill {

    private final String serverUrl = System.getProperty("db.url", "jdbc:mariadb://127.0.0.1:3306");
    private final String dbUser = System.getProperty("db.user", "root");
    private final String dbPassword = System.getProperty("db.password", "");
    private final String database = "switchboard_bench_outage";
    private final double outageMinutes = Double.parseDouble(System.getProperty("outage.minutes", "10"));
    private final int replies = Integer.getInteger("replies", 300);

    public static void main(String[] args) throws Exception {
        new ProviderOutageDrill().run();
        System.exit(0);
    }

    private void run() throws Exception {
        OidcWiremockTestResource oidc = new OidcWiremockTestResource();
        Map<String, String> oidcConfig = oidc.start();
        WireMockServer provider = new WireMockServer(options().dynamicPort());
        provider.start();
        StubMapping down = provider.stubFor(post(urlEqualTo("/replies"))
                .willReturn(aResponse().withStatus(503).withBody("maintenance")));
        BenchService.recreateDatabase(serverUrl, dbUser, dbPassword, database);
        int port = BenchService.freePort();
        Process app = BenchService.start(
                port,
                serverUrl + "/" + database,
                Map.of("QUARKUS_OIDC_AUTH_SERVER_URL", oidcConfig.get("keycloak.url") + "/realms/quarkus"),
                "bench-outage.log");
        BenchHttp api = new BenchHttp(port);
        try {
            String tenant = "outage";
            String admin = TestTokens.token(tenant, "carol", "admin");
            String agent = TestTokens.token(tenant, "alice", "agent");
            String channel = api.apiChannel(admin, "Shop", provider.baseUrl() + "/replies");
            Instant outageStart = Instant.now();
            List<String> conversations = api.inboundConversations(agent, channel, 50, "Hello?");
            // Replies keep coming during the first half of the outage.
            long spacing = (long) (outageMinutes * 30_000 / replies);
            for (int i = 0; i < replies; i++) {
                api.call(
                        agent,
                        "POST",
                        "/api/v1/conversations/" + conversations.get(i % conversations.size()) + "/messages",
                        Map.of("type", "REPLY", "text", "Answer " + i),
                        202);
                Thread.sleep(spacing);
            }
            Instant recovery = outageStart.plusMillis((long) (outageMinutes * 60_000));
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), recovery).toMillis()));
            long attemptsDuringOutage = provider.getAllServeEvents().size();
            long failedDuringOutage = count("SELECT COUNT(*) FROM delivery WHERE status = 'FAILED'");
            provider.removeStub(down);
            provider.stubFor(post(urlEqualTo("/replies")).willReturn(okJson("{}")));
            Instant back = Instant.now();
            Instant drained = null;
            while (Duration.between(back, Instant.now()).compareTo(Duration.ofMinutes(15)) < 0) {
                if (count("SELECT COUNT(*) FROM delivery WHERE due_at IS NOT NULL") == 0) {
                    drained = Instant.now();
                    break;
                }
                Thread.sleep(500);
            }
            Map<String, Long> delivered = ReplyBenchmark.deliveredPerMessage(provider);
            long twice = delivered.values().stream().filter(n -> n > 1).count();
            long sent = count("SELECT COUNT(*) FROM delivery WHERE status = 'SENT'");
            long failed = count("SELECT COUNT(*) FROM delivery WHERE status = 'FAILED'");
            String report = String.format(
                    "| outage | replies | attempts during outage | FAILED during outage | drained after recovery |"
                            + " SENT | FAILED | delivered twice |%n|---|---|---|---|---|---|---|---|%n"
                            + "| %.1f min | %d | %d | %d | %s | %d | %d | %d |%n",
                    outageMinutes,
                    replies,
                    attemptsDuringOutage,
                    failedDuringOutage,
                    drained == null
                            ? "not within 15 min"
                            : Duration.between(back, drained).toSeconds() + " s",
                    sent,
                    failed,
                    twice);
            System.out.println(report);
            Files.writeString(Path.of("target", "bench-outage.md"), report);
            if (drained == null || failed > 0 || twice > 0 || sent != replies || delivered.size() != replies) {
                throw new IllegalStateException("The backlog did not drain exactly once: " + report);
            }
        } finally {
            app.destroy();
            app.waitFor();
            provider.stop();
            oidc.stop();
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = Jdbc.connect(serverUrl + "/" + database, dbUser, dbPassword);
                var s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
