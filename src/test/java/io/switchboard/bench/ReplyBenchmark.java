package io.switchboard.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.switchboard.testing.Jdbc;
import io.switchboard.testing.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Replies through the outbox (issue 4, point 6): {@code concurrency} operators POST replies to the packaged
 * service for {@code seconds}; its dispatcher sends each to an API channel's reply URL, played by WireMock in
 * this JVM. Measured: replies accepted per second, replies sent per second, and the time from POST to SENT
 * (client's send instant to the delivery's {@code sent_at}, one clock). Checks that every reply was sent exactly
 * once. Tokens are verified against Quarkus's OIDC test server, started here as the tests start it.
 *
 * <p>Run with {@code bench/reply.sh}; settings come from system properties (see the fields).
 */
public final class ReplyBenchmark {

    private final String serverUrl = System.getProperty("db.url", "jdbc:mariadb://127.0.0.1:3306");
    private final String dbUser = System.getProperty("db.user", "root");
    private final String dbPassword = System.getProperty("db.password", "");
    private final String database = System.getProperty("db.name", "switchboard_bench_reply");
    private final int port = Integer.getInteger("port", 18081);
    private final int concurrency = Integer.getInteger("concurrency", 16);
    private final int seconds = Integer.getInteger("seconds", 20);
    private final int warmupSeconds = Integer.getInteger("warmup", 20);
    private final int conversations = Integer.getInteger("conversations", 200);
    /** The replica's sends in flight; the service's default unless given. */
    private final String workers = System.getProperty("workers");
    /** The sends in flight replies may take (SWITCHBOARD_DELIVERY_REPLY_WORKERS; the service's default if unset). */
    private final String replyWorkers = System.getProperty("replyWorkers");
    /** How long the provider takes to answer each reply (ms): a real provider's round trip; 0 answers at once. */
    private final int providerDelay = Integer.getInteger("providerDelay", 0);

    private final BenchHttp api = new BenchHttp(port);

    public static void main(String[] args) throws Exception {
        new ReplyBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        OidcWiremockTestResource oidc = new OidcWiremockTestResource();
        Map<String, String> oidcConfig = oidc.start();
        WireMockServer provider = new WireMockServer(options().dynamicPort().containerThreads(64));
        provider.start();
        provider.stubFor(post(urlEqualTo("/replies")).willReturn(okJson("{}").withFixedDelay(providerDelay)));
        BenchService.recreateDatabase(serverUrl, dbUser, dbPassword, database);
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", oidcConfig.get("keycloak.url") + "/realms/quarkus");
        if (workers != null) {
            env.put("SWITCHBOARD_DELIVERY_WORKERS", workers);
        }
        if (replyWorkers != null) {
            env.put("SWITCHBOARD_DELIVERY_REPLY_WORKERS", replyWorkers);
        }
        Process app = BenchService.start(port, serverUrl + "/" + database, env);
        try {
            String tenant = "bench";
            String admin = TestTokens.token(tenant, "carol", "admin");
            String agent = TestTokens.token(tenant, "alice", "agent");
            String channel = api.apiChannel(admin, "Bench app", provider.baseUrl() + "/replies");
            List<String> conversationIds =
                    api.inboundConversations(agent, channel, conversations, "Wo ist mein Paket?");
            System.out.printf("Warm-up %d s ...%n", warmupSeconds);
            load(agent, conversationIds, warmupSeconds);
            awaitAllSent(Duration.ofSeconds(60));
            System.out.printf("Replies: %d concurrent operators for %d s ...%n", concurrency, seconds);
            Map<String, Long> before = serverCounters();
            Map<String, Instant> posted = load(agent, conversationIds, seconds);
            awaitAllSent(Duration.ofSeconds(120));
            Map<String, Long> after = serverCounters();
            String report = report(posted) + "\n" + perReply(before, after, posted.size());
            System.out.println(report);
            Files.writeString(Path.of("target", "bench-reply.md"), report);
            verifyExactlyOnce(provider);
        } finally {
            app.destroy();
            app.waitFor();
            provider.stop();
            oidc.stop();
        }
    }

    /** POSTs replies from {@code concurrency} threads; returns each accepted reply's id and when it was sent. */
    private Map<String, Instant> load(String token, List<String> conversationIds, int durationSeconds)
            throws InterruptedException {
        Map<String, Instant> posted = new ConcurrentHashMap<>();
        AtomicLong errors = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(durationSeconds).toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            Thread.ofPlatform().start(() -> {
                try {
                    for (long n = 0; System.nanoTime() < deadline; n++) {
                        String conversation =
                                conversationIds.get((int) ((worker * 7919L + n) % conversationIds.size()));
                        Instant at = Instant.now();
                        try {
                            JsonNode reply = api.call(
                                    token,
                                    "POST",
                                    "/api/v1/conversations/" + conversation + "/messages",
                                    Map.of("type", "REPLY", "text", "Ist unterwegs 🚚 (#" + n + ")"),
                                    202);
                            posted.put(reply.get("id").asText(), at);
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        if (errors.get() > 0) {
            System.out.printf("%d POSTs failed%n", errors.get());
        }
        return posted;
    }

    private void awaitAllSent(Duration atMost) throws Exception {
        try (Connection c = connect()) {
            awaitAllSent(c, atMost);
        }
    }

    /** Waits until no delivery is due any more (every reply sent or given up); fails after {@code atMost}. */
    static void awaitAllSent(Connection c, Duration atMost) throws Exception {
        Instant deadline = Instant.now().plus(atMost);
        try (PreparedStatement pending = c.prepareStatement("SELECT COUNT(*) FROM delivery WHERE due_at IS NOT NULL")) {
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rs = pending.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("Replies still unsent after " + atMost);
    }

    private String report(Map<String, Instant> posted) throws Exception {
        Instant first = posted.values().stream().min(Instant::compareTo).orElseThrow();
        Sent sent;
        try (Connection c = connect()) {
            sent = postToSent(c, posted);
        }
        long[] sorted = sent.latencies();
        double sendSeconds = Duration.between(first, sent.lastSent()).toNanos() / 1e9;
        return String.format(
                """
                | replies POSTed | POSTs/s | sent | not sent | sent/s (first POST to last SENT) | POST→SENT p50 (ms) | p99 (ms) | max (ms) |
                |---|---|---|---|---|---|---|---|
                | %d | %.0f | %d | %d | %.0f | %.1f | %.1f | %.1f |
                """,
                posted.size(),
                posted.size() / (double) seconds,
                sorted.length,
                sent.notSent(),
                sorted.length / sendSeconds,
                percentile(sorted, 50),
                percentile(sorted, 99),
                percentile(sorted, 100));
    }

    /** POST→SENT of replies: sorted latencies (ns) of those SENT, how many are not, and the last {@code sent_at}. */
    record Sent(long[] latencies, long notSent, Instant lastSent) {}

    /**
     * The time from each reply's POST ({@code posted}: message id → the client's send instant) to its delivery's
     * {@code sent_at} (one clock: the database stores the service's UTC time).
     */
    static Sent postToSent(Connection c, Map<String, Instant> posted) throws Exception {
        List<Long> latencies = new ArrayList<>();
        Instant lastSent = Instant.EPOCH;
        long notSent = 0;
        try (PreparedStatement select = c.prepareStatement("SELECT m.id, d.status, d.sent_at FROM delivery d JOIN"
                + " message m ON m.id = d.message_id WHERE m.id = ?")) {
            for (var entry : posted.entrySet()) {
                select.setString(1, entry.getKey());
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next() || !"SENT".equals(rs.getString(2))) {
                        notSent++;
                        continue;
                    }
                    Instant sentAt = rs.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                    latencies.add(Duration.between(entry.getValue(), sentAt).toNanos());
                    if (sentAt.isAfter(lastSent)) {
                        lastSent = sentAt;
                    }
                }
            }
        }
        return new Sent(latencies.stream().mapToLong(Long::longValue).sorted().toArray(), notSent, lastSent);
    }

    /** The {@code p}th percentile of sorted nanoseconds, in milliseconds (NaN when there are none). */
    static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1_000_000.0;
    }

    /**
     * How often the API channel's reply URL (played by {@code provider}) accepted each message id: requests it
     * answered 200 (a drill's outage answers others).
     */
    static Map<String, Long> deliveredPerMessage(WireMockServer provider) {
        ObjectMapper json = new ObjectMapper();
        return provider.getAllServeEvents().stream()
                .filter(event -> event.getResponse().getStatus() == 200)
                .map(event -> {
                    try {
                        return json.readTree(event.getRequest().getBody())
                                .path("messageId")
                                .asText();
                    } catch (java.io.IOException unreadable) {
                        return "unreadable " + event.getId();
                    }
                })
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    }

    private void verifyExactlyOnce(WireMockServer provider) throws Exception {
        Map<String, Long> perMessage = deliveredPerMessage(provider);
        long twice = perMessage.values().stream().filter(n -> n > 1).count();
        long stored;
        try (Connection c = connect();
                var s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM delivery WHERE status = 'SENT'")) {
            rs.next();
            stored = rs.getLong(1);
        }
        System.out.printf(
                "Provider received %d distinct replies (%d more than once); %d deliveries SENT (warm-up included).%n",
                perMessage.size(), twice, stored);
        if (twice > 0 || perMessage.size() != stored) {
            throw new IllegalStateException("Not exactly once: " + Arrays.toString(new long[] {twice, stored}));
        }
    }

    /** The server's statement and commit counters ({@code SHOW GLOBAL STATUS}). */
    private Map<String, Long> serverCounters() throws Exception {
        Map<String, Long> counters = new HashMap<>();
        try (Connection c = connect();
                var s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_select', 'Com_insert',"
                                + " 'Com_update', 'Com_delete', 'Com_commit', 'Com_rollback', 'Com_set_option')")) {
            while (rs.next()) {
                counters.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counters;
    }

    /**
     * What the database saw per reply over the measured window (its POST, its send and its record; the harness's
     * own few polls of the outbox included): statements by kind and commits.
     */
    private static String perReply(Map<String, Long> before, Map<String, Long> after, int replies) {
        StringBuilder line = new StringBuilder("Per reply (server counters over the measured run):");
        for (String name : List.of(
                "Questions",
                "Com_select",
                "Com_insert",
                "Com_update",
                "Com_delete",
                "Com_set_option",
                "Com_commit",
                "Com_rollback")) {
            line.append(String.format(" %s %.2f", name, (after.get(name) - before.get(name)) / (double) replies));
        }
        return line.append('\n').toString();
    }

    private Connection connect() throws Exception {
        return Jdbc.connect(serverUrl + "/" + database, dbUser, dbPassword);
    }
}
