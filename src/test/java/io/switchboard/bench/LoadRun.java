package io.switchboard.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.switchboard.testing.TestTokens;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load run (issue 8): for {@code -Dminutes} (default 10) operators reply through the outbox while a provider sends
 * signed SMS webhooks, both at full speed, against the packaged service. Every 30 s it samples the service's heap
 * (after a young collection it is what {@code jvm_memory_used_bytes{area="heap"}} shows) and its resident memory,
 * and counts requests that were not answered as expected. Fails when any request failed or when the resident
 * memory still grows: the last third's peak more than 10% above the middle third's.
 */
public final class LoadRun {

    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)");
    private static final String ACCOUNT_SID = "AC00000000000000000000000000000002";

    private final String serverUrl = System.getProperty("db.url", "jdbc:mariadb://127.0.0.1:3306");
    private final String dbUser = System.getProperty("db.user", "root");
    private final String dbPassword = System.getProperty("db.password", "");
    private final int minutes = Integer.getInteger("minutes", 10);
    private final int operators = Integer.getInteger("operators", 8);
    private final int senders = Integer.getInteger("senders", 4);
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private int port;

    public static void main(String[] args) throws Exception {
        new LoadRun().run();
        System.exit(0);
    }

    private void run() throws Exception {
        OidcWiremockTestResource oidc = new OidcWiremockTestResource();
        Map<String, String> oidcConfig = oidc.start();
        WireMockServer provider = new WireMockServer(options().dynamicPort().containerThreads(64));
        provider.start();
        provider.stubFor(post(urlEqualTo("/replies")).willReturn(okJson("{}")));
        String database = "switchboard_bench_load";
        BenchService.recreateDatabase(serverUrl, dbUser, dbPassword, database);
        port = BenchService.freePort();
        Process app = BenchService.start(
                port,
                serverUrl + "/" + database,
                Map.of("QUARKUS_OIDC_AUTH_SERVER_URL", oidcConfig.get("keycloak.url") + "/realms/quarkus"),
                "bench-load.log");
        BenchHttp api = new BenchHttp(port);
        try {
            // Tokens that outlive the run (the test server's default lifetime is 10 minutes).
            long lifetime = minutes * 60L + 600;
            String admin = TestTokens.builder("load", "carol", "admin")
                    .expiresIn(lifetime)
                    .sign();
            String agent = TestTokens.builder("load", "alice", "agent")
                    .expiresIn(lifetime)
                    .sign();
            String apiChannel = api.call(
                            admin,
                            "POST",
                            "/api/v1/channels",
                            Map.of(
                                    "kind",
                                    "API",
                                    "name",
                                    "Shop",
                                    "config",
                                    Map.of("replyUrl", provider.baseUrl() + "/replies")),
                            201)
                    .get("id")
                    .asText();
            String smsKey = api.call(
                            admin,
                            "POST",
                            "/api/v1/channels",
                            Map.of(
                                    "kind", "SMS",
                                    "name", "SMS",
                                    "config",
                                            Map.of(
                                                    "accountSid", ACCOUNT_SID,
                                                    "authToken", "bench0auth0token0000000000000000",
                                                    "phoneNumber", "+14155550100")),
                            201)
                    .get("key")
                    .asText();
            List<String> conversations = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                conversations.add(api.call(
                                agent,
                                "POST",
                                "/api/v1/channels/" + apiChannel + "/inbound",
                                Map.of(
                                        "externalId",
                                        "in-" + i,
                                        "sender",
                                        Map.of("id", "user-" + i, "name", "User " + i),
                                        "text",
                                        "Hello?"),
                                201)
                        .get("conversationId")
                        .asText());
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
            AtomicLong replies = new AtomicLong();
            AtomicLong webhooks = new AtomicLong();
            Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
            CountDownLatch done = new CountDownLatch(operators + senders);
            for (int w = 0; w < operators; w++) {
                int worker = w;
                Thread.ofPlatform().start(() -> {
                    try {
                        for (long n = 0; System.nanoTime() < deadline; n++) {
                            String conversation =
                                    conversations.get((int) ((worker * 7919L + n) % conversations.size()));
                            int status = api.status(
                                    agent,
                                    "POST",
                                    "/api/v1/conversations/" + conversation + "/messages",
                                    Map.of("type", "REPLY", "text", "Ist unterwegs (#" + n + ")"));
                            count(status == 202 ? null : "reply " + status, replies, failures);
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            String webhookUrl = "http://127.0.0.1:" + port + "/webhooks/sms/" + smsKey;
            for (int w = 0; w < senders; w++) {
                int worker = w;
                Thread.ofPlatform().start(() -> {
                    try {
                        for (long n = 0; System.nanoTime() < deadline; n++) {
                            String status = api.smsWebhook(
                                    webhookUrl,
                                    ACCOUNT_SID,
                                    "SMload" + worker + "x" + n,
                                    "+1555" + String.format("%03d%04d", worker, n % 10_000),
                                    "Wo ist mein Paket? (#" + n + ")");
                            count(status.equals("200") ? null : "webhook " + status, webhooks, failures);
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            long pid = app.pid();
            StringBuilder samples = new StringBuilder(
                    "| minute | replies | webhooks | failed | heap used (MB) | resident (MB) |\n|---|---|---|---|---|---|\n");
            List<Long> resident = new ArrayList<>();
            while (!done.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                long rss = residentKb(pid) / 1024;
                resident.add(rss);
                String line = String.format(
                        "| %.1f | %d | %d | %d | %.0f | %d |%n",
                        resident.size() / 2.0,
                        replies.get(),
                        webhooks.get(),
                        failures.values().stream().mapToLong(AtomicLong::get).sum(),
                        heapMb(api),
                        rss);
                samples.append(line);
                System.out.print(line);
            }
            // Resident memory grows while the heap expands to its working size; steady means it stops growing: the
            // last third of the run may hold at most 10% more than the middle third.
            int third = Math.max(1, resident.size() / 3);
            double early = resident.subList(third, Math.min(resident.size(), 2 * third)).stream()
                    .mapToLong(Long::longValue)
                    .max()
                    .orElse(0);
            double late = resident.subList(resident.size() - third, resident.size()).stream()
                    .mapToLong(Long::longValue)
                    .max()
                    .orElse(0);
            String report = String.format(
                    "Load run: %d min, %d operators replying and %d webhook senders: %d replies (%.0f/s), %d webhooks"
                            + " (%.0f/s), failures %s; resident memory at most %.0f MB in the middle third, %.0f MB in the"
                            + " last%n%n%s",
                    minutes,
                    operators,
                    senders,
                    replies.get(),
                    replies.get() / (minutes * 60.0),
                    webhooks.get(),
                    webhooks.get() / (minutes * 60.0),
                    failures.isEmpty() ? "none" : failures,
                    early,
                    late,
                    samples);
            System.out.println(report);
            Files.writeString(Path.of("target", "bench-load.md"), report);
            if (!failures.isEmpty() || late > early * 1.10) {
                throw new IllegalStateException("Load run failed: " + report);
            }
        } finally {
            app.destroy();
            app.waitFor();
            provider.stop();
            oidc.stop();
        }
    }

    private static void count(String failure, AtomicLong ok, Map<String, AtomicLong> failures) {
        if (failure == null) {
            ok.incrementAndGet();
        } else {
            failures.computeIfAbsent(failure, f -> new AtomicLong()).incrementAndGet();
        }
    }

    private static double heapMb(BenchHttp api) {
        try {
            String metrics = api.get("/q/metrics");
            Matcher m = HEAP.matcher(metrics);
            double total = 0;
            while (m.find()) {
                total += Double.parseDouble(m.group(1));
            }
            return total / (1024 * 1024);
        } catch (Exception e) {
            return -1;
        }
    }

    private static long residentKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
