package io.switchboard.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.switchboard.common.Ids;
import io.switchboard.testing.Jdbc;
import io.switchboard.testing.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * Overload drill (issue 21, point 4). Tenant {@code big} holds {@code -Dmessages} (1,000,000) messages in a tenth as
 * many conversations, loaded by {@link InboxDataLoader}. Tenant {@code second} has operators who reply (an API
 * channel, WireMock as the provider) and an SMS channel whose signed Twilio webhooks open new conversations that
 * are auto-assigned (round robin) to its online operators. A warm-up ({@code -Dwarmup}, 20 s) runs the replies,
 * the webhooks and the flood's reads, so that the service has compiled every path before it is measured, as a
 * replica that has served a day's reads has, then waits {@code -Dsettle} (30) seconds for the read limit to grow
 * back ({@code -DwarmReads=false}: the replies and webhooks only, no wait, and the flood then also pays for
 * compiling the read paths). First a quiet phase (replies and webhooks only), then
 * the same with {@code -Dclients} (64) clients reading {@code big}'s slowest pages as fast as they are answered
 * (after a 503 they wait as its {@code Retry-After} says; {@code -DhonorRetryAfter=false}: they do not). Fails
 * (non-zero exit) unless: the flood's POST→SENT p99 is within {@code -Dfactor} (2) times the quiet one; every reply
 * reached the provider exactly once; every webhook was acknowledged (200) and stored once; every new conversation
 * of both phases was assigned; the flood's reads got only 200 or 503 with {@code Retry-After} (no other status,
 * none without an answer within 30 s); and once the flood stops, all three reads answer 200 within {@code
 * -Drecovery} (10) seconds. Results: stdout and {@code target/bench-overload.md}.
 *
 * <p>Run with {@code bench/overload.sh}; {@code -Dload=auto} (default) keeps the database of an earlier run that
 * holds the requested messages.
 */
public final class OverloadDrill {

    private static final String BIG = "big";
    private static final String WORD = "refund";

    private final String serverUrl = System.getProperty("db.url", "jdbc:mariadb://127.0.0.1:3306");
    private final String dbUser = System.getProperty("db.user", "root");
    private final String dbPassword = System.getProperty("db.password", "");
    private final String database = System.getProperty("db.name", "switchboard_bench_overload");
    private final String load = System.getProperty("load", "auto");
    private final int messages = Integer.getInteger("messages", 1_000_000);
    private final int perConversation = Integer.getInteger("perConversation", 10);
    private final int channels = Integer.getInteger("channels", 2);
    private final double wordShare = Double.parseDouble(System.getProperty("wordShare", "0.02"));
    private final int clients = Integer.getInteger("clients", 64);
    private final boolean honorRetryAfter = Boolean.parseBoolean(System.getProperty("honorRetryAfter", "true"));
    private final int warmupSeconds = Integer.getInteger("warmup", 20);
    /** Whether the warm-up runs the flood's reads too. */
    private final boolean warmReads = Boolean.parseBoolean(System.getProperty("warmReads", "true"));
    /** Seconds between a warm-up with reads and the quiet phase. */
    private final int settleSeconds = Integer.getInteger("settle", 30);

    private final int quietSeconds = Integer.getInteger("quiet", 60);
    private final int floodSeconds = Integer.getInteger("flood", 60);
    private final double replyRate = Double.parseDouble(System.getProperty("replyRate", "10"));
    private final double webhookRate = Double.parseDouble(System.getProperty("webhookRate", "10"));
    private final int operators = Integer.getInteger("operators", 8);
    private final double factor = Double.parseDouble(System.getProperty("factor", "2"));
    private final int recoveryLimit = Integer.getInteger("recovery", 10);
    /** The service's reads-per-tenant limit ({@code SWITCHBOARD_READS_MAX_CONCURRENT_PER_TENANT}); empty: its default. */
    private final String tenantReads = System.getProperty("tenantReads", "");
    /** MariaDB's {@code innodb_buffer_pool_size} for the drill, in bytes (0: the server's own); restored after it. */
    private final long bufferPool = Long.getLong("buffer-pool", 0);

    private BenchHttp api;
    private String smsUrl;
    private String smsChannel;
    private List<String> operatorTokens;
    private List<String> replyConversations;

    public static void main(String[] args) throws Exception {
        new OverloadDrill().run();
        System.exit(0);
    }

    /** One phase's traffic and what came of it. */
    private record Phase(
            String name,
            Instant start,
            Instant end,
            Map<String, Instant> replies,
            Queue<Long> replyPostNanos,
            Queue<String> failures,
            List<String> acknowledged,
            Reads reads) {}

    /** The flood's reads per page: answers by kind, latencies of the 200s, and the recovery after it. */
    private record Reads(
            Map<String, Map<String, AtomicLong>> answers,
            Map<String, Queue<Long>> okNanos,
            double lastAnsweredSeconds,
            double recoveredSeconds,
            List<String> limits) {}

    private void run() throws Exception {
        long bufferPoolBefore = bufferPool(bufferPool);
        try {
            drill();
        } finally {
            bufferPool(bufferPoolBefore);
        }
    }

    /** Sets the server's buffer pool size unless {@code bytes} is 0; returns the size it had (0 if unchanged). */
    private long bufferPool(long bytes) throws SQLException {
        if (bytes == 0) {
            return 0;
        }
        try (Connection c = Jdbc.connect(serverUrl + "/", dbUser, dbPassword);
                Statement s = c.createStatement()) {
            long before;
            try (ResultSet rs = s.executeQuery("SELECT @@innodb_buffer_pool_size")) {
                rs.next();
                before = rs.getLong(1);
            }
            s.execute("SET GLOBAL innodb_buffer_pool_size = " + bytes);
            return before;
        }
    }

    private void drill() throws Exception {
        OidcWiremockTestResource oidc = new OidcWiremockTestResource();
        Map<String, String> oidcConfig = oidc.start();
        WireMockServer provider = new WireMockServer(options().dynamicPort().containerThreads(64));
        provider.start();
        provider.stubFor(post(urlEqualTo("/replies")).willReturn(okJson("{}")));
        boolean loaded = !"true".equals(load) && loadedMessages() == messages;
        if (!loaded) {
            if ("false".equals(load)) {
                throw new IllegalStateException("-Dload=false, but " + database + " does not hold the messages");
            }
            BenchService.recreateDatabase(serverUrl, dbUser, dbPassword, database);
        }
        int port = BenchService.freePort();
        Map<String, String> env = new TreeMap<>();
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", oidcConfig.get("keycloak.url") + "/realms/quarkus");
        // How the read limit moves (ReadBulkhead logs each change at INFO; the service logs WARN otherwise).
        env.put("QUARKUS_LOG_CATEGORY__IO_SWITCHBOARD_LIMITS__LEVEL", "INFO");
        if (!tenantReads.isEmpty()) {
            env.put("SWITCHBOARD_READS_MAX_CONCURRENT_PER_TENANT", tenantReads);
        }
        // Other settings of the service, to try them: -Dservice.env=SWITCHBOARD_READS_YIELD_TOLERANCE=1.25,...
        for (String setting : System.getProperty("service.env", "").split(",")) {
            if (!setting.isBlank()) {
                env.put(setting.substring(0, setting.indexOf('=')).trim(), setting.substring(setting.indexOf('=') + 1));
            }
        }
        Process app = BenchService.start(port, serverUrl + "/" + database, env, "bench-overload.log");
        api = new BenchHttp(port);
        try {
            if (!loaded) {
                loadBig();
            }
            awaitFactsCaughtUp();
            String loadStart = loadAverage();
            setUpSecond(port, provider.baseUrl() + "/replies");
            List<String> readers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                readers.add(TestTokens.token(BIG, "reader" + i, "agent"));
                api.call(readers.get(i), "GET", "/api/v1/me", null, 200);
            }
            List<String> sample = sampleConversations();
            Map<String, Double> quietReads = quietReads(readers.get(0), sample);

            System.out.printf("Warm-up %d s%s ...%n", warmupSeconds, warmReads ? ", with the flood's reads" : "");
            phase("warm", warmupSeconds, warmReads ? readers : null, warmReads ? sample : null);
            awaitAllSent();
            if (warmReads) {
                // The read limit and budget the warm-up's reads brought down grow back within about 20 s.
                Thread.sleep(Duration.ofSeconds(settleSeconds).toMillis());
            }
            System.out.printf("Quiet: replies and webhooks for %d s ...%n", quietSeconds);
            Phase quiet = phase("quiet", quietSeconds, null, null);
            awaitAllSent();
            System.out.printf("Flood: the same with %d clients reading %s for %d s ...%n", clients, BIG, floodSeconds);
            Phase flood = phase("flood", floodSeconds, readers, sample);
            awaitAllSent();
            awaitAssigned(Duration.ofSeconds(60));
            String report = report(provider, quiet, flood, quietReads, loadStart, loadAverage());
            System.out.println(report);
            Files.writeString(Path.of("target", "bench-overload.md"), report);
            if (report.contains("FAIL")) {
                throw new IllegalStateException("The overload drill failed; see target/bench-overload.md");
            }
        } finally {
            app.destroy();
            app.waitFor();
            provider.stop();
            oidc.stop();
        }
    }

    private void loadBig() throws Exception {
        int conversations = messages / perConversation;
        System.out.printf(
                "Loading %s: %,d messages in %,d conversations on %d SMS channels ...%n",
                BIG, (long) conversations * perConversation, conversations, channels);
        long t0 = System.nanoTime();
        try (Connection c = connect()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < channels; i++) {
                ids.add(Ids.newId());
                InboxDataLoader.smsChannel(
                        c,
                        BIG,
                        ids.get(i),
                        "big-" + i,
                        BenchService.SECRETS_KEY,
                        IngestBenchmark.ACCOUNT_SID,
                        IngestBenchmark.AUTH_TOKEN);
            }
            InboxDataLoader.load(
                    c,
                    BIG,
                    ids,
                    1,
                    new InboxDataLoader.Plan(conversations, perConversation, wordShare, WORD, Duration.ofDays(90)),
                    Instant.now());
        }
        System.out.printf("Loaded in %.0f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** Tenant {@code second}: operators online in a team the SMS channel assigns to, an API channel to reply on. */
    private void setUpSecond(int port, String replyUrl) throws Exception {
        String tenant = "second-" + System.currentTimeMillis();
        String admin = TestTokens.token(tenant, "carol", "admin");
        String manager = TestTokens.token(tenant, "mona", "manager");
        api.call(admin, "GET", "/api/v1/me", null, 200);
        String replyChannel = api.apiChannel(admin, "Shop", replyUrl);
        operatorTokens = new ArrayList<>();
        List<String> operatorIds = new ArrayList<>();
        for (int i = 0; i < operators; i++) {
            String token = TestTokens.token(tenant, "op" + i, "agent");
            operatorTokens.add(token);
            operatorIds.add(
                    api.call(token, "GET", "/api/v1/me", null, 200).get("id").asText());
            api.call(token, "PUT", "/api/v1/operators/me/availability", Map.of("availability", "ONLINE"), 200);
        }
        replyConversations = api.inboundConversations(operatorTokens.get(0), replyChannel, 50, "Wo ist mein Paket?");
        smsChannel = Ids.newId();
        try (Connection c = connect()) {
            InboxDataLoader.smsChannel(
                    c,
                    tenant,
                    smsChannel,
                    "second-" + smsChannel,
                    BenchService.SECRETS_KEY,
                    IngestBenchmark.ACCOUNT_SID,
                    IngestBenchmark.AUTH_TOKEN);
        }
        smsUrl = "http://127.0.0.1:" + port + "/webhooks/sms/second-" + smsChannel;
        api.call(manager, "PATCH", "/api/v1/settings/capacity", Map.of("capacity", Map.of("SMS", 100)), 200);
        String team = api.call(manager, "POST", "/api/v1/teams", Map.of("name", "Support", "members", operatorIds), 201)
                .get("id")
                .asText();
        api.call(
                manager,
                "PUT",
                "/api/v1/channels/" + smsChannel + "/routing",
                Map.of("teamId", team, "autoAssignment", "ROUND_ROBIN"),
                200);
    }

    /** Replies and webhooks at their rates for {@code seconds}; with {@code readers}, the flood on top. */
    private Phase phase(String name, int seconds, List<String> readers, List<String> sample) throws Exception {
        Map<String, Instant> replies = new ConcurrentHashMap<>();
        Queue<Long> replyPostNanos = new ConcurrentLinkedQueue<>();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean flooding = new AtomicBoolean(readers != null);
        List<Thread> flood = new ArrayList<>();
        Map<String, Map<String, AtomicLong>> answers = new TreeMap<>();
        Map<String, Queue<Long>> okNanos = new TreeMap<>();
        AtomicLong lastAnswer = new AtomicLong();
        List<String> limits = Collections.synchronizedList(new ArrayList<>());
        if (readers != null) {
            // The replica's read limit, the critical work's median and usual pace, once a second (ReadBulkhead).
            flood.add(Thread.ofPlatform().start(() -> {
                while (flooding.get()) {
                    try {
                        limits.add(limitNow());
                    } catch (Exception e) {
                        limits.add("? (" + e.getMessage() + ")");
                    }
                    pause(flooding, 1000);
                }
            }));
            for (String page : pages(sample).keySet()) {
                answers.put(page, new ConcurrentHashMap<>());
                okNanos.put(page, new ConcurrentLinkedQueue<>());
            }
            for (int i = 0; i < clients; i++) {
                int client = i;
                flood.add(Thread.ofPlatform().start(() -> {
                    for (long n = 0; flooding.get(); n++) {
                        Map.Entry<String, String> page = page(sample, client + n);
                        long t0 = System.nanoTime();
                        BenchHttp.Answer answer = api.read(readers.get(client % readers.size()), page.getValue());
                        lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                        String kind = answer.status() == -1
                                ? "no answer"
                                : answer.status()
                                        + (answer.retryAfter() == null ? "" : " Retry-After " + answer.retryAfter());
                        answers.get(page.getKey())
                                .computeIfAbsent(kind, k -> new AtomicLong())
                                .incrementAndGet();
                        if (answer.status() == 200) {
                            okNanos.get(page.getKey()).add(System.nanoTime() - t0);
                        } else if (answer.status() == 503 && answer.retryAfter() != null && honorRetryAfter) {
                            pause(flooding, Long.parseLong(answer.retryAfter()) * 1000);
                        }
                    }
                }));
            }
        }
        Instant start = Instant.now();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> traffic = new ArrayList<>();
        traffic.addAll(paced(operators, replyRate, end, n -> {
            Instant at = Instant.now();
            long t0 = System.nanoTime();
            try {
                String conversation = replyConversations.get((int) (n % replyConversations.size()));
                replies.put(
                        api.reply(
                                operatorTokens.get((int) (n % operators)), conversation, "Ist unterwegs (#" + n + ")"),
                        at);
                replyPostNanos.add(System.nanoTime() - t0);
            } catch (Exception e) {
                failures.add("reply: " + e.getMessage());
            }
        }));
        traffic.addAll(paced(4, webhookRate, end, n -> {
            // Every fourth webhook comes from a new sender (of this phase): a new conversation to assign.
            String sid = "SM" + name + n + "x" + Ids.newId().substring(24);
            String from = "+1777" + List.of("warm", "quiet", "flood").indexOf(name) + String.format("%07d", n / 4);
            String status = api.smsWebhook(smsUrl, IngestBenchmark.ACCOUNT_SID, sid, from, "Where is order " + n + "?");
            if ("200".equals(status)) {
                acknowledged.add(sid);
            } else {
                failures.add("webhook: " + status);
            }
        }));
        for (Thread t : traffic) {
            t.join();
        }
        Instant phaseEnd = Instant.now();
        if (readers == null) {
            return new Phase(name, start, phaseEnd, replies, replyPostNanos, failures, acknowledged, null);
        }
        flooding.set(false);
        long stopped = System.nanoTime();
        double recovered = recovery(readers.get(0), sample, stopped);
        for (Thread t : flood) {
            t.join(Duration.ofSeconds(60));
        }
        double lastAnswered = Math.max(0, (lastAnswer.get() - stopped) / 1e9);
        return new Phase(
                name,
                start,
                phaseEnd,
                replies,
                replyPostNanos,
                failures,
                acknowledged,
                new Reads(answers, okNanos, lastAnswered, recovered, List.copyOf(limits)));
    }

    /** Seconds from the flood's end until all three pages answer 200 in one round (NaN: not within a minute). */
    private double recovery(String reader, List<String> sample, long stopped) throws InterruptedException {
        while (System.nanoTime() - stopped < Duration.ofMinutes(1).toNanos()) {
            boolean all = true;
            for (String path : pages(sample).values()) {
                all &= api.read(reader, path).status() == 200;
            }
            if (all) {
                return (System.nanoTime() - stopped) / 1e9;
            }
            Thread.sleep(100);
        }
        return Double.NaN;
    }

    /** The three pages the flood reads: the filtered list, the search, and a conversation's messages. */
    private static Map<String, String> pages(List<String> sample) {
        return pages(sample, 0);
    }

    private static Map<String, String> pages(List<String> sample, long n) {
        Map<String, String> pages = new TreeMap<>();
        pages.put("list status=OPEN&kind=SMS", "/api/v1/conversations?status=OPEN&kind=SMS&limit=25");
        pages.put("search q=" + WORD, "/api/v1/conversations?q=" + WORD + "&limit=25");
        pages.put(
                "messages of a conversation",
                "/api/v1/conversations/" + sample.get((int) (n % sample.size())) + "/messages?limit=25");
        return pages;
    }

    private static Map.Entry<String, String> page(List<String> sample, long n) {
        List<Map.Entry<String, String>> pages =
                new ArrayList<>(pages(sample, n / 3).entrySet());
        return pages.get((int) (n % pages.size()));
    }

    /** The pages' quiet latency: the median of 5 reads each, one at a time, before any load. */
    private Map<String, Double> quietReads(String reader, List<String> sample) throws Exception {
        Map<String, Double> p50 = new TreeMap<>();
        for (var page : pages(sample).entrySet()) {
            long[] nanos = new long[5];
            for (int i = 0; i < nanos.length; i++) {
                long t0 = System.nanoTime();
                BenchHttp.Answer answer = api.read(reader, page.getValue());
                nanos[i] = System.nanoTime() - t0;
                if (answer.status() != 200) {
                    throw new IllegalStateException(page.getKey() + " answered " + answer + " before the flood");
                }
            }
            java.util.Arrays.sort(nanos);
            p50.put(page.getKey(), ReplyBenchmark.percentile(nanos, 50));
        }
        return p50;
    }

    private static void pause(AtomicBoolean flooding, long millis) {
        long until = System.currentTimeMillis() + millis;
        while (flooding.get() && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * {@code threads} threads that run {@code action} for call 0, 1, 2 … at {@code perSecond} in total, each at its
     * due time (or at once, when late), until {@code endNanos}.
     */
    private static List<Thread> paced(int threads, double perSecond, long endNanos, LongConsumer action) {
        long start = System.nanoTime();
        long interval = (long) (1e9 / perSecond);
        AtomicLong next = new AtomicLong();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            started.add(Thread.ofPlatform().start(() -> {
                for (long n = next.getAndIncrement(); start + n * interval < endNanos; n = next.getAndIncrement()) {
                    long wait = start + n * interval - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    action.accept(n);
                }
            }));
        }
        return started;
    }

    private String report(
            WireMockServer provider,
            Phase quiet,
            Phase flood,
            Map<String, Double> quietReads,
            String loadStart,
            String loadEnd)
            throws Exception {
        List<String> failed = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        int conversations = messages / perConversation;
        out.append(String.format(
                "Tenant `%s`: %,d messages in %,d conversations (%d SMS channels, \"%s\" in %.0f%%). Tenant `second`:"
                        + " %d operators reply at %.0f/s (API channel, WireMock provider), signed SMS webhooks at"
                        + " %.0f/s (every fourth a new conversation, auto-assigned round robin). %s, quiet %d s, then"
                        + " flood %d s: %d clients read `%s`%s; reads per tenant limit: %s; InnoDB buffer pool %,d MB."
                        + " Load average (1, 5, 15 min) at start %s, at end %s.%n%n",
                BIG,
                (long) conversations * perConversation,
                conversations,
                channels,
                WORD,
                wordShare * 100,
                operators,
                replyRate,
                webhookRate,
                warmReads
                        ? "Warm-up " + warmupSeconds + " s with the flood's reads"
                        : "Warm-up " + warmupSeconds + " s without reads",
                quietSeconds,
                floodSeconds,
                clients,
                BIG,
                honorRetryAfter ? " (after a 503 waiting as its Retry-After says)" : " without pausing after a 503",
                tenantReads.isEmpty() ? "default" : tenantReads,
                count("SELECT @@innodb_buffer_pool_size") / (1024 * 1024),
                loadStart,
                loadEnd));
        Map<String, Long> delivered = ReplyBenchmark.deliveredPerMessage(provider);
        long twice = delivered.values().stream().filter(n -> n > 1).count();
        out.append("| | quiet | flood | check |\n|---|---|---|---|\n");
        ReplyBenchmark.Sent quietSent;
        ReplyBenchmark.Sent floodSent;
        try (Connection c = connect()) {
            quietSent = ReplyBenchmark.postToSent(c, quiet.replies());
            floodSent = ReplyBenchmark.postToSent(c, flood.replies());
        }
        double quietP99 = ReplyBenchmark.percentile(quietSent.latencies(), 99);
        double floodP99 = ReplyBenchmark.percentile(floodSent.latencies(), 99);
        out.append(String.format(
                "| replies POSTed / SENT | %d / %d | %d / %d | %s |%n",
                quiet.replies().size(),
                quietSent.latencies().length,
                flood.replies().size(),
                floodSent.latencies().length,
                check(
                        failed,
                        "every reply SENT, none delivered twice (" + twice + ")",
                        quietSent.notSent() + floodSent.notSent() == 0 && twice == 0)));
        out.append(String.format(
                "| POST→SENT p50 / p99 (ms) | %.1f / %.1f | %.1f / %.1f | %s |%n",
                ReplyBenchmark.percentile(quietSent.latencies(), 50),
                quietP99,
                ReplyBenchmark.percentile(floodSent.latencies(), 50),
                floodP99,
                check(
                        failed,
                        String.format("flood p99 ≤ %.0f× quiet p99 (%.2f×)", factor, floodP99 / quietP99),
                        floodP99 <= factor * quietP99)));
        long[] quietPosts = sorted(quiet.replyPostNanos());
        long[] floodPosts = sorted(flood.replyPostNanos());
        out.append(String.format(
                "| reply POST answered (202) p50 / p99 (ms) | %.1f / %.1f | %.1f / %.1f | |%n",
                ReplyBenchmark.percentile(quietPosts, 50),
                ReplyBenchmark.percentile(quietPosts, 99),
                ReplyBenchmark.percentile(floodPosts, 50),
                ReplyBenchmark.percentile(floodPosts, 99)));
        long[] quietStored = stored(quiet.acknowledged());
        long[] floodStored = stored(flood.acknowledged());
        out.append(String.format(
                "| webhooks acknowledged / stored (distinct) | %d / %d (%d) | %d / %d (%d) | %s |%n",
                quiet.acknowledged().size(),
                quietStored[0],
                quietStored[1],
                flood.acknowledged().size(),
                floodStored[0],
                floodStored[1],
                check(
                        failed,
                        "all answered 200 and stored once",
                        quietStored[0] == quiet.acknowledged().size()
                                && floodStored[0] == flood.acknowledged().size()
                                && quietStored[1] == quietStored[0]
                                && floodStored[1] == floodStored[0])));
        out.append(String.format(
                "| failed replies or webhooks | %d | %d | %s |%n",
                quiet.failures().size(),
                flood.failures().size(),
                check(
                        failed,
                        "none"
                                + (flood.failures().isEmpty()
                                        ? ""
                                        : ": " + flood.failures().peek()),
                        quiet.failures().isEmpty() && flood.failures().isEmpty())));
        long[] quietAssigned = assigned(quiet);
        long[] floodAssigned = assigned(flood);
        out.append(String.format(
                "| new conversations / assigned, delay p50 / max (ms) | %d / %d, %d / %d | %d / %d, %d / %d | %s |%n",
                quietAssigned[0],
                quietAssigned[1],
                quietAssigned[2],
                quietAssigned[3],
                floodAssigned[0],
                floodAssigned[1],
                floodAssigned[2],
                floodAssigned[3],
                check(
                        failed,
                        "every one assigned",
                        floodAssigned[0] > 0
                                && quietAssigned[0] == quietAssigned[1]
                                && floodAssigned[0] == floodAssigned[1])));
        out.append("\n| hammered read | quiet p50 (ms) | flood answers | 200 p50 / p99 (ms) | check |\n");
        out.append("|---|---|---|---|---|\n");
        Reads reads = flood.reads();
        for (String page : reads.answers().keySet()) {
            Map<String, AtomicLong> answers = reads.answers().get(page);
            long[] ok = sorted(reads.okNanos().get(page));
            boolean clean = answers.keySet().stream()
                    .allMatch(kind -> kind.equals("200") || kind.startsWith("503 Retry-After"));
            out.append(String.format(
                    "| %s | %.1f | %s | %.1f / %.1f | %s |%n",
                    page,
                    quietReads.get(page),
                    new TreeMap<>(answers).toString().replaceAll("[{}]", ""),
                    ReplyBenchmark.percentile(ok, 50),
                    ReplyBenchmark.percentile(ok, 99),
                    check(failed, "only 200 or 503 with Retry-After", clean)));
        }
        out.append(String.format(
                "%nRecovery: the last flooding read was answered %.1f s after the flood stopped; all three pages"
                        + " answered 200 %.1f s after it. %s%n",
                reads.lastAnsweredSeconds(),
                reads.recoveredSeconds(),
                check(failed, "within " + recoveryLimit + " s", reads.recoveredSeconds() <= recoveryLimit)));
        out.append(String.format(
                "%nReplica read limit during the flood, once a second, with each tenant's time budget (b, read seconds"
                        + " per second) where one applies (critical work's median / usual pace, ms): %s%n",
                String.join(", ", reads.limits())));
        out.append(String.format("%nMetrics after the drill: %s%n", metrics()));
        out.append(failed.isEmpty() ? "\nPASS\n" : "\nFAIL: " + String.join("; ", failed) + "\n");
        return out.toString();
    }

    private static long[] sorted(Queue<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static String check(List<String> failed, String what, boolean holds) {
        if (!holds) {
            failed.add(what);
        }
        return (holds ? "pass: " : "FAIL: ") + what;
    }

    /** Messages stored for the acknowledged provider ids: {rows, distinct ids}. */
    private long[] stored(List<String> sids) throws SQLException {
        long rows = 0;
        java.util.Set<String> distinct = new java.util.HashSet<>();
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT external_id FROM message WHERE channel_id = ? AND external_id = ?")) {
            s.setString(1, smsChannel);
            for (String sid : sids) {
                s.setString(2, sid);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        distinct.add(rs.getString(1));
                    }
                }
            }
        }
        return new long[] {rows, distinct.size()};
    }

    /**
     * The SMS conversations of {@code second} created during the phase: {created, assigned, p50 and max delay from
     * creation to the first assignment (ms)}.
     */
    private long[] assigned(Phase phase) throws SQLException {
        List<Long> delays = new ArrayList<>();
        long created = 0;
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("SELECT c.created_at, MIN(e.created_at) FROM conversation c"
                        + " LEFT JOIN conversation_event e ON e.conversation_id = c.id AND e.type = 'ASSIGNEE_CHANGED'"
                        + " WHERE c.channel_id = ? AND c.created_at >= ? AND c.created_at < ? GROUP BY c.id")) {
            s.setString(1, smsChannel);
            s.setObject(2, LocalDateTime.ofInstant(phase.start(), ZoneOffset.UTC));
            s.setObject(3, LocalDateTime.ofInstant(phase.end(), ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    created++;
                    LocalDateTime assignedAt = rs.getObject(2, LocalDateTime.class);
                    if (assignedAt != null) {
                        delays.add(Duration.between(rs.getObject(1, LocalDateTime.class), assignedAt)
                                .toMillis());
                    }
                }
            }
        }
        Collections.sort(delays);
        return new long[] {
            created,
            delays.size(),
            delays.isEmpty() ? -1 : delays.get(delays.size() / 2),
            delays.isEmpty() ? -1 : delays.get(delays.size() - 1)
        };
    }

    private void awaitAssigned(Duration atMost) throws Exception {
        Instant deadline = Instant.now().plus(atMost);
        while (Instant.now().isBefore(deadline)
                && count("SELECT COUNT(*) FROM conversation WHERE channel_id = '" + smsChannel
                                + "' AND assignee_id IS NULL")
                        > 0) {
            Thread.sleep(500);
        }
    }

    /**
     * Waits until the reporting-facts processor has read past the loaded events (it reads every conversation event,
     * 20,000 a run, as it would have while webhooks stored them), so that its backlog does not load one phase only.
     */
    private void awaitFactsCaughtUp() throws Exception {
        System.out.println("Waiting for the reporting facts to catch up with the loaded events ...");
        while (count("SELECT COUNT(*) FROM reporting_watermark w WHERE w.processor = 'reporting-facts' AND"
                        + " w.watermark < (SELECT MAX(created_at) FROM conversation_event WHERE tenant_id = '" + BIG
                        + "')")
                > 0) {
            Thread.sleep(5000);
        }
    }

    private void awaitAllSent() throws Exception {
        try (Connection c = connect()) {
            ReplyBenchmark.awaitAllSent(c, Duration.ofSeconds(120));
        }
    }

    /** The read limit in force, with the critical work's last median and usual pace (ms), from the gauges. */
    private String limitNow() throws Exception {
        Map<String, String> gauges = new TreeMap<>();
        for (String line : metricLines(
                "switchboard_reads_limit ",
                "switchboard_reads_critical_median_seconds ",
                "switchboard_reads_critical_pace_seconds ",
                "switchboard_reads_tenant_budget ")) {
            gauges.put(
                    line.substring(0, line.indexOf(' ')),
                    line.substring(line.indexOf(' ') + 1).trim());
        }
        String budget = gauges.getOrDefault("switchboard_reads_tenant_budget", "+Inf");
        return String.format(
                "%.0f%s (%.1f/%.1f)",
                Double.parseDouble(gauges.getOrDefault("switchboard_reads_limit", "NaN")),
                budget.equals("+Inf") ? "" : String.format(" b%.2f", Double.parseDouble(budget)),
                Double.parseDouble(gauges.getOrDefault("switchboard_reads_critical_median_seconds", "NaN")) * 1000,
                Double.parseDouble(gauges.getOrDefault("switchboard_reads_critical_pace_seconds", "NaN")) * 1000);
    }

    /** The shed and statement-limit counters from {@code /q/metrics}. */
    private String metrics() throws Exception {
        return metricLines("switchboard_reads_shed_total", "switchboard_reads_statement_timeouts_total").stream()
                .map(line -> '`' + line + '`')
                .collect(Collectors.joining(", "));
    }

    /** The service's {@code /q/metrics} lines that start with one of {@code prefixes}. */
    private List<String> metricLines(String... prefixes) throws Exception {
        return api.get("/q/metrics")
                .lines()
                .filter(line -> Arrays.stream(prefixes).anyMatch(line::startsWith))
                .toList();
    }

    private List<String> sampleConversations() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = connect();
                var s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT id FROM conversation WHERE tenant_id = '" + BIG + "' ORDER BY RAND(21) LIMIT 1000")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private long loadedMessages() {
        try {
            return count("SELECT COUNT(*) FROM message WHERE tenant_id = '" + BIG + "'");
        } catch (Exception noDatabaseYet) {
            return -1;
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = connect();
                var s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        return Jdbc.connect(serverUrl + "/" + database, dbUser, dbPassword);
    }
}
