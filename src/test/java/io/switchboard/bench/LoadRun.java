package io.switchboard.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.switchboard.testing.Jdbc;
import io.switchboard.testing.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load run (issue 8): for {@code -Dminutes} (default 10) operators reply through the outbox while a provider sends
 * signed SMS webhooks against the packaged service, each at a target rate ({@code -DreplyRate}, {@code
 * -DwebhookRate} per second; 0 = as fast as the service answers) after {@code -Dwarmup} seconds (default 60) at the
 * same rates. Every 30 s it samples the service's heap (what {@code jvm_memory_used_bytes{area="heap"}} shows) and
 * its resident memory, and counts requests that were not answered as expected. At the end it waits for the outbox
 * to drain and checks that every accepted reply reached the provider exactly once and every acknowledged webhook
 * was stored exactly once. The live heap is measured after a full collection after the warm-up, after half the run
 * and at its end. Fails on any failed request, on a rate below 95% of its target, on a loss or a duplicate, when the
 * resident memory goes over the deployment's container limit or still grows (the last third's peak more than 10%
 * above the middle third's), or when the live heap still grows (more than 10% + 8 MB from the middle to the end).
 */
public final class LoadRun {

    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)");
    private static final Pattern LIVE = Pattern.compile("jvm_gc_live_data_size_bytes(?:\\{[^}]*})? ([0-9.E+]+)");
    private static final String ACCOUNT_SID = "AC00000000000000000000000000000002";

    private final String serverUrl = System.getProperty("db.url", "jdbc:mariadb://127.0.0.1:3306");
    private final String dbUser = System.getProperty("db.user", "root");
    private final String dbPassword = System.getProperty("db.password", "");
    private final int minutes = Integer.getInteger("minutes", 10);
    /**
     * The service's memory as deployed (k8s/deployment.yaml): a 768 MiB container limit, and the image's
     * MaxRAMPercentage=75 gives a 576 MiB heap. The run fails when the resident memory goes over the limit.
     */
    private final int memoryLimitMb = Integer.getInteger("memoryLimitMb", 768);
    /** The service's JVM options: by default the deployment's heap (75% of the limit); {@code -Djvm="..."} replaces it. */
    private final String jvm = System.getProperty("jvm", "-Xmx" + (memoryLimitMb * 3 / 4) + "m");

    private final int warmupSeconds = Integer.getInteger("warmup", 60);
    private final int operators = Integer.getInteger("operators", 8);
    private final int senders = Integer.getInteger("senders", 32);
    private final double replyRate = Double.parseDouble(System.getProperty("replyRate", "0"));
    private final double webhookRate = Double.parseDouble(System.getProperty("webhookRate", "0"));
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
                Map.of(
                        "QUARKUS_OIDC_AUTH_SERVER_URL",
                        oidcConfig.get("keycloak.url") + "/realms/quarkus",
                        "JAVA_TOOL_OPTIONS",
                        jvm + " -XX:+ExitOnOutOfMemoryError"),
                "bench-load.log");
        BenchHttp api = new BenchHttp(port);
        try {
            // Tokens that outlive the run (the test server's default lifetime is 10 minutes).
            long lifetime = minutes * 60L + warmupSeconds + 600;
            String admin = TestTokens.builder("load", "carol", "admin")
                    .expiresIn(lifetime)
                    .sign();
            String agent = TestTokens.builder("load", "alice", "agent")
                    .expiresIn(lifetime)
                    .sign();
            String apiChannel = api.apiChannel(admin, "Shop", provider.baseUrl() + "/replies");
            JsonNode sms = api.smsChannel(admin, ACCOUNT_SID);
            String smsKey = sms.get("key").asText();
            String smsChannel = sms.get("id").asText();
            List<String> conversations = api.inboundConversations(agent, apiChannel, 200, "Hello?");
            String webhookUrl = "http://127.0.0.1:" + port + "/webhooks/sms/" + smsKey;
            // Each webhook's MessageSid is unique over all phases (a repeated one is a provider's retry, acknowledged
            // without storing it again), so that the end check can count them; replies are counted by message id.
            Stage.Request reply = (worker, n) -> {
                String conversation = conversations.get((int) ((worker * 7919L + n) % conversations.size()));
                int status = api.status(
                        agent,
                        "POST",
                        "/api/v1/conversations/" + conversation + "/messages",
                        Map.of("type", "REPLY", "text", "Ist unterwegs (#" + worker + "-" + n + ")"));
                return status == 202 ? null : "reply " + status;
            };
            AtomicLong sids = new AtomicLong();
            Stage.Request webhook = (worker, n) -> {
                String status = api.smsWebhook(
                        webhookUrl,
                        ACCOUNT_SID,
                        "SMload" + sids.incrementAndGet(),
                        "+1555" + String.format("%03d%04d", worker % 1000, n % 10_000),
                        "Wo ist mein Paket? (#" + n + ")");
                return status.equals("200") ? null : "webhook " + status;
            };
            // A cold service starved of CPU stays slow (see the ingest benchmark), so the warm-up ramps up: a quarter
            // of it at a quarter of the rates, then half, three quarters and the full rates.
            System.out.printf(
                    "Warm-up: %d s ramping up to %s replies/s and %s webhooks/s%n",
                    warmupSeconds, rate(replyRate), rate(webhookRate));
            List<Stage> warmups = new ArrayList<>();
            for (int quarter = 1; quarter <= 4; quarter++) {
                double share = quarter / 4.0;
                Stage step = new Stage(
                        warmupSeconds / 4, operators, replyRate * share, reply, senders, webhookRate * share, webhook);
                step.awaitEnd(() -> {});
                warmups.add(step);
            }

            long pid = app.pid();
            // The live heap, after a full collection, at three points: what stays of the run's requests.
            double liveAfterWarmup = liveHeapMb(pid, api);
            System.out.printf(
                    "Load: %d min at %s replies/s (%d operators) and %s webhooks/s (%d senders)%n",
                    minutes, rate(replyRate), operators, rate(webhookRate), senders);
            Stage load = new Stage(minutes * 60, operators, replyRate, reply, senders, webhookRate, webhook);
            StringBuilder samples = new StringBuilder(
                    "| minute | replies | replies/s | webhooks | webhooks/s | failed"
                            + " | heap used (MB) | live after GC (MB) | resident (MB) |\n|---|---|---|---|---|---|---|---|---|\n");
            List<Long> resident = new ArrayList<>();
            long[] previous = {0, 0};
            double[] liveInTheMiddle = {-1};
            load.awaitEnd(() -> {
                long rss = BenchService.residentKb(pid) / 1024;
                resident.add(rss);
                if (resident.size() == minutes) {
                    liveInTheMiddle[0] = liveHeapMb(pid, api);
                }
                long r = load.replies.ok(), w = load.webhooks.ok();
                String line = String.format(
                        "| %.1f | %d | %.0f | %d | %.0f | %d | %.0f | %.0f | %d |%n",
                        resident.size() / 2.0,
                        r,
                        (r - previous[0]) / 30.0,
                        w,
                        (w - previous[1]) / 30.0,
                        load.failed(),
                        metricMb(api, HEAP),
                        metricMb(api, LIVE),
                        rss);
                previous[0] = r;
                previous[1] = w;
                samples.append(line);
                System.out.print(line);
            });

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
            double seconds = minutes * 60.0;
            List<String> problems = new ArrayList<>();
            Map<String, Long> warmupFailures = new java.util.TreeMap<>();
            warmups.forEach(step -> step.failures.forEach((k, v) -> warmupFailures.merge(k, v.get(), Long::sum)));
            if (load.failed() > 0 || !warmupFailures.isEmpty()) {
                problems.add("failed requests: warm-up " + warmupFailures + ", load " + load.failures);
            }
            checkRate("replies", load.replies.ok() / seconds, replyRate, problems);
            checkRate("webhooks", load.webhooks.ok() / seconds, webhookRate, problems);
            if (late > early * 1.10) {
                problems.add("resident memory still growing");
            }
            double liveAtTheEnd = liveHeapMb(pid, api);
            if (liveAtTheEnd > liveInTheMiddle[0] * 1.10 + 8) {
                problems.add(String.format(
                        "live heap still growing: %.0f MB after the warm-up, %.0f MB in the middle, %.0f MB at the end",
                        liveAfterWarmup, liveInTheMiddle[0], liveAtTheEnd));
            }
            long peak = resident.stream().mapToLong(Long::longValue).max().orElse(0);
            if (peak > memoryLimitMb) {
                problems.add("resident memory " + peak + " MB, over the container limit of " + memoryLimitMb + " MB");
            }
            long acceptedReplies = load.replies.ok()
                    + warmups.stream().mapToLong(step -> step.replies.ok()).sum();
            long acknowledgedWebhooks = load.webhooks.ok()
                    + warmups.stream().mapToLong(step -> step.webhooks.ok()).sum();
            Instant drainStarted = Instant.now();
            long unsent = awaitOutboxDrained(database, apiChannel, Duration.ofMinutes(3));
            Duration drain = Duration.between(drainStarted, Instant.now());
            long[] sent = countSent(database, apiChannel, provider);
            long[] stored = countStored(database, smsChannel);
            if (unsent > 0 || sent[0] != acceptedReplies || sent[1] != acceptedReplies || sent[2] > 0) {
                problems.add(String.format(
                        "replies: %d accepted, %d SENT, %d still unsent, %d received by the provider, %d of them"
                                + " more than once",
                        acceptedReplies, sent[0], unsent, sent[1], sent[2]));
            }
            if (stored[0] != acknowledgedWebhooks || stored[1] != acknowledgedWebhooks) {
                problems.add(String.format(
                        "webhooks: %d acknowledged, %d messages stored, %d distinct",
                        acknowledgedWebhooks, stored[0], stored[1]));
            }
            String report = String.format(
                    "Load run: %d min after a %d s warm-up; targets %s replies/s (%d operators) and %s webhooks/s (%d"
                            + " senders); the service's JVM options %s (container limit %d MB).%n%n"
                            + "| kind | target (/s) | done | rate (/s) | p50 (ms) | p99 (ms) | max (ms) |%n"
                            + "|---|---|---|---|---|---|---|%n%s%s%n"
                            + "Failed requests: %s. Resident memory at most %.0f MB in the middle third, %.0f MB in the"
                            + " last (limit %d MB); live heap after a full collection %.0f MB after the warm-up, %.0f MB"
                            + " after half the run, %.0f MB at its end. Outbox drained %.1f s after the load stopped: %d replies accepted (warm-up"
                            + " included), %d SENT, %d received by the provider, %d of them twice; %d webhooks"
                            + " acknowledged, %d stored (%d distinct).%n%n%s",
                    minutes,
                    warmupSeconds,
                    rate(replyRate),
                    operators,
                    rate(webhookRate),
                    senders,
                    jvm,
                    memoryLimitMb,
                    load.replies.row("replies (POST → 202)", replyRate, seconds),
                    load.webhooks.row("signed SMS webhooks (POST → 200)", webhookRate, seconds),
                    load.failed() == 0 && warmupFailures.isEmpty() ? "none" : warmupFailures + " " + load.failures,
                    early,
                    late,
                    memoryLimitMb,
                    liveAfterWarmup,
                    liveInTheMiddle[0],
                    liveAtTheEnd,
                    drain.toMillis() / 1000.0,
                    acceptedReplies,
                    sent[0],
                    sent[1],
                    sent[2],
                    acknowledgedWebhooks,
                    stored[0],
                    stored[1],
                    samples);
            System.out.println(report);
            Files.writeString(Path.of("target", "bench-load.md"), report);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Load run failed: " + problems + "\n" + report);
            }
        } finally {
            app.destroy();
            app.waitFor();
            provider.stop();
            oidc.stop();
        }
    }

    private static String rate(double perSecond) {
        return perSecond > 0 ? String.format("%.0f", perSecond) : "full speed";
    }

    private static void checkRate(String kind, double achieved, double target, List<String> problems) {
        if (target > 0 && achieved < target * 0.95) {
            problems.add(String.format("%s at %.1f/s, below 95%% of the target %.0f/s", kind, achieved, target));
        }
    }

    private Connection connect(String database) throws SQLException {
        return Jdbc.connect(serverUrl + "/" + database, dbUser, dbPassword);
    }

    /** Waits until no reply of the channel is left to send; answers how many still are after {@code atMost}. */
    private long awaitOutboxDrained(String database, String channel, Duration atMost) throws Exception {
        Instant deadline = Instant.now().plus(atMost);
        try (Connection c = connect(database);
                PreparedStatement pending = c.prepareStatement(
                        "SELECT COUNT(*) FROM delivery WHERE channel_id = ? AND status NOT IN ('SENT', 'FAILED')")) {
            pending.setString(1, channel);
            while (true) {
                long count;
                try (ResultSet rs = pending.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                }
                if (count == 0 || Instant.now().isAfter(deadline)) {
                    return count;
                }
                Thread.sleep(500);
            }
        }
    }

    /** Replies SENT, distinct replies the provider received, and how many of those it received more than once. */
    private long[] countSent(String database, String channel, WireMockServer provider) throws Exception {
        Map<String, Long> received = ReplyBenchmark.deliveredPerMessage(provider);
        long twice = received.values().stream().filter(n -> n > 1).count();
        try (Connection c = connect(database);
                PreparedStatement sent =
                        c.prepareStatement("SELECT COUNT(*) FROM delivery WHERE channel_id = ? AND status = 'SENT'")) {
            sent.setString(1, channel);
            try (ResultSet rs = sent.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), received.size(), twice};
            }
        }
    }

    /** Inbound messages stored on the channel, and how many distinct provider ids they carry. */
    private long[] countStored(String database, String channel) throws Exception {
        try (Connection c = connect(database);
                PreparedStatement stored = c.prepareStatement(
                        "SELECT COUNT(*), COUNT(DISTINCT external_id) FROM message WHERE channel_id = ?")) {
            stored.setString(1, channel);
            try (ResultSet rs = stored.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    /**
     * One phase of the run: operator threads replying and sender threads posting webhooks until the phase ends, each
     * kind paced to its rate when one is given (the threads share one schedule of slots, so the rate holds whatever
     * the number of threads; a slot missed because the service was slow is not made up after the phase ends).
     */
    static final class Stage {

        interface Request {
            /** Sends request {@code n} of {@code worker}; null when it was answered as expected, else what failed. */
            String send(int worker, long n);
        }

        final Kind replies = new Kind();
        final Kind webhooks = new Kind();
        final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        private final CountDownLatch done;

        Stage(
                int seconds,
                int operators,
                double replyRate,
                Request reply,
                int senders,
                double webhookRate,
                Request webhook) {
            long start = System.nanoTime();
            long deadline = start + Duration.ofSeconds(seconds).toNanos();
            done = new CountDownLatch(operators + senders);
            start(operators, new Pacer(replyRate, start), deadline, reply, replies);
            start(senders, new Pacer(webhookRate, start), deadline, webhook, webhooks);
        }

        private void start(int threads, Pacer pacer, long deadline, Request request, Kind kind) {
            for (int w = 0; w < threads; w++) {
                int worker = w;
                Thread.ofPlatform().start(() -> {
                    Latencies latencies = kind.latencies();
                    try {
                        for (long n = 0; pacer.await(deadline); n++) {
                            long sent = System.nanoTime();
                            String failure = request.send(worker, n);
                            if (failure == null) {
                                latencies.add(System.nanoTime() - sent);
                            } else {
                                failures.computeIfAbsent(failure, f -> new AtomicLong())
                                        .incrementAndGet();
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
        }

        /** Runs {@code sample} every 30 s until every thread has stopped. */
        void awaitEnd(Runnable sample) throws InterruptedException {
            while (!done.await(30, TimeUnit.SECONDS)) {
                sample.run();
            }
        }

        long failed() {
            return failures.values().stream().mapToLong(AtomicLong::get).sum();
        }
    }

    /** The answered requests of one kind: each thread records its own latencies. */
    static final class Kind {
        private final List<Latencies> perThread = new CopyOnWriteArrayList<>();

        Latencies latencies() {
            Latencies latencies = new Latencies();
            perThread.add(latencies);
            return latencies;
        }

        long ok() {
            return perThread.stream().mapToLong(l -> l.count).sum();
        }

        String row(String name, double target, double seconds) {
            long[] all = perThread.stream()
                    .flatMapToLong(l -> java.util.Arrays.stream(l.snapshot()))
                    .sorted()
                    .toArray();
            return String.format(
                    "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f |%n",
                    name, rate(target), all.length, all.length / seconds, p(all, 50), p(all, 99), p(all, 100));
        }

        private static double p(long[] sorted, int percentile) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1_000_000.0;
        }
    }

    /** One thread's latencies (ns); {@code count} is read by the sampler while the thread adds. */
    static final class Latencies {
        private long[] values = new long[1024];
        private volatile long count;

        void add(long nanos) {
            int n = (int) count;
            if (n == values.length) {
                values = java.util.Arrays.copyOf(values, n * 2);
            }
            values[n] = nanos;
            count = n + 1;
        }

        long[] snapshot() {
            return java.util.Arrays.copyOf(values, (int) count);
        }
    }

    /** Hands out send slots {@code 1/rate} apart from the start; without a rate, every call may go at once. */
    static final class Pacer {
        private final long interval;
        private final AtomicLong next;

        Pacer(double perSecond, long start) {
            this.interval = perSecond > 0 ? (long) (1e9 / perSecond) : 0;
            this.next = new AtomicLong(start);
        }

        /** Waits for the caller's slot; false once the phase is over. */
        boolean await(long deadline) {
            if (interval == 0) {
                return System.nanoTime() < deadline;
            }
            long slot = next.getAndAdd(interval);
            if (slot >= deadline) {
                return false;
            }
            long wait;
            while ((wait = slot - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            return System.nanoTime() < deadline;
        }
    }

    /**
     * The service's live heap: a full collection ({@code jcmd GC.run}, a pause of some 100 ms while the load runs),
     * then the heap in use as its metrics show it.
     */
    private static double liveHeapMb(long pid, BenchHttp api) {
        try {
            Process jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            String.valueOf(pid),
                            "GC.run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                return -1;
            }
        } catch (java.io.IOException | InterruptedException e) {
            return -1;
        }
        return metricMb(api, HEAP);
    }

    /** The sum of the metric's series, in MB; -1 when the metrics cannot be read. */
    private static double metricMb(BenchHttp api, Pattern metric) {
        try {
            String metrics = api.get("/q/metrics");
            Matcher m = metric.matcher(metrics);
            double total = 0;
            while (m.find()) {
                total += Double.parseDouble(m.group(1));
            }
            return total / (1024 * 1024);
        } catch (Exception e) {
            return -1;
        }
    }
}
