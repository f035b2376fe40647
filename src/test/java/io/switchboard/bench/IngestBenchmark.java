package io.switchboard.bench;

import io.switchboard.common.Ids;
import io.switchboard.testing.Jdbc;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed-webhook ingest, measured against a raw baseline in the same run (issue 3, point 8).
 *
 * <p>Service: the packaged service receives Twilio-style SMS webhooks, each signed, from {@code concurrency}
 * senders for {@code seconds}; every request returns once its message is durably stored. Baseline: the same
 * number of plain JDBC connections store the same rows for the same kind of message (identity lookup or new
 * contact, conversation lookup or creation, message, conversation update, event), one transaction each.
 *
 * <p>Run with {@code bench/ingest.sh}; settings come from system properties (see {@link #main}).
 */
public final class IngestBenchmark {

    static final String AUTH_TOKEN = "bench0auth0token0000000000000000";
    static final String ACCOUNT_SID = "AC00000000000000000000000000bench";

    private final String serverUrl = System.getProperty("db.url", "jdbc:mariadb://127.0.0.1:3306");
    private final String dbUser = System.getProperty("db.user", "root");
    private final String dbPassword = System.getProperty("db.password", "");
    private final String database = System.getProperty("db.name", "switchboard_bench");
    private final int port = Integer.getInteger("port", 18080);
    private final int concurrency = Integer.getInteger("concurrency", 32);
    private final int seconds = Integer.getInteger("seconds", 20);
    private final int warmupSeconds = Integer.getInteger("warmup", 20);
    private final int senders = Integer.getInteger("senders", 2000);

    public static void main(String[] args) throws Exception {
        new IngestBenchmark().run();
    }

    private void run() throws Exception {
        BenchService.recreateDatabase(serverUrl, dbUser, dbPassword, database);
        // The ceiling phase asks for a key no channel has, which a client address may do only so often (429 beyond):
        // lifted here, so that the phase measures HTTP, routing and error mapping rather than the refusals.
        Process app = BenchService.start(
                port,
                serverUrl + "/" + database,
                Map.of(
                        "SWITCHBOARD_LIMITS_UNKNOWN_KEYS_PER_MINUTE", "100000000",
                        "SWITCHBOARD_LIMITS_UNKNOWN_KEYS_BURST", "100000000"));
        try {
            String tenant = "bench";
            String channelId = Ids.newId();
            String key = "bench-" + Ids.newId().replace("-", "");
            try (Connection c = connect()) {
                seedTenantAndChannel(c, tenant, channelId, key);
            }
            String path = "/webhooks/sms/" + key;
            if (Boolean.parseBoolean(System.getProperty("httpCeiling", "true"))) {
                // The same signed requests to a key no channel has: HTTP, routing, error mapping, no ingest.
                runService("/webhooks/sms/no-such-channel", warmupSeconds, "warm");
                Result ceiling = runService("/webhooks/sms/no-such-channel", seconds, "ceil");
                System.out.printf(
                        "HTTP ceiling (signed webhook answered 404 without storing): %.0f req/s, p50 %.1f ms,"
                                + " p99 %.1f ms%n",
                        ceiling.throughput(), ceiling.p(50), ceiling.p(99));
            }
            System.out.printf("Warm-up %d s ...%n", warmupSeconds);
            runService(path, warmupSeconds, "warm");
            System.out.printf("Service: %d concurrent signed webhooks for %d s ...%n", concurrency, seconds);
            Result service = runService(path, seconds, "svc");

            String baselineChannel = Ids.newId();
            try (Connection c = connect()) {
                seedTenantAndChannel(
                        c, tenant, baselineChannel, "baseline-" + Ids.newId().replace("-", ""));
            }
            runBaseline(tenant, baselineChannel, warmupSeconds, "warm");
            System.out.printf(
                    "Baseline: %d JDBC connections, one transaction per message, for %d s ...%n", concurrency, seconds);
            Result baseline = runBaseline(tenant, baselineChannel, seconds, "raw");

            String report = String.format(
                    """
                    | run | messages | errors | throughput (msg/s) | p50 (ms) | p99 (ms) | max (ms) |
                    |---|---|---|---|---|---|---|
                    | service: signed SMS webhooks, %d senders | %d | %d | %.0f | %.1f | %.1f | %.1f |
                    | raw baseline: %d JDBC connections, 1 tx/message | %d | %d | %.0f | %.1f | %.1f | %.1f |

                    Throughput ratio service / baseline: %.2f
                    """,
                    concurrency,
                    service.count,
                    service.errors,
                    service.throughput(),
                    service.p(50),
                    service.p(99),
                    service.p(100),
                    concurrency,
                    baseline.count,
                    baseline.errors,
                    baseline.throughput(),
                    baseline.p(50),
                    baseline.p(99),
                    baseline.p(100),
                    service.throughput() / baseline.throughput());
            System.out.println(report);
            Files.writeString(Path.of("target", "bench-ingest.md"), report);
            verifyExactlyOnce(channelId, service.count);
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    private record Result(long count, long errors, double elapsedSeconds, long[] latenciesNanos) {
        double throughput() {
            return count / elapsedSeconds;
        }

        double p(int percentile) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(percentile / 100.0 * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, Math.min(index, latenciesNanos.length - 1))] / 1_000_000.0;
        }
    }

    private Result runService(String path, int durationSeconds, String prefix) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        String url = "http://127.0.0.1:" + port + path;
        return load(durationSeconds, (worker, n) -> {
            Map<String, String> params = new TreeMap<>();
            params.put("AccountSid", ACCOUNT_SID);
            params.put(
                    "MessageSid", "SM" + prefix + worker + "x" + n + Ids.newId().substring(24));
            params.put("From", sender(worker, n));
            params.put("To", "+14155550100");
            params.put("Body", "Hallo, mein Paket ist nicht angekommen 📦 (#" + n + ")");
            params.put("NumMedia", "0");
            params.put("FromCountry", "DE");
            String body = params.entrySet().stream()
                    .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                    .collect(Collectors.joining("&"));
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Twilio-Signature", twilioSignature(url, params))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == (path.endsWith("/no-such-channel") ? 404 : 200);
        });
    }

    private Result runBaseline(String tenant, String channelId, int durationSeconds, String prefix) throws Exception {
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Connection c = connect();
            c.setAutoCommit(false);
            connections.add(c);
        }
        try {
            return load(durationSeconds, (worker, n) -> {
                Connection c = connections.get(worker);
                try {
                    storeRaw(c, tenant, channelId, sender(worker, n), prefix + worker + "x" + n);
                    c.commit();
                    return true;
                } catch (SQLException e) {
                    c.rollback();
                    return false;
                }
            });
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /** The rows one inbound SMS produces, stored the plain way: one message, one transaction. */
    private static void storeRaw(Connection c, String tenant, String channelId, String from, String sid)
            throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        String contactId = single(
                c, "SELECT contact_id FROM contact_identity WHERE channel_id = ? AND external_id = ?", channelId, from);
        if (contactId == null) {
            contactId = Ids.newId();
            update(
                    c,
                    "INSERT INTO contact (id, tenant_id, phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                    contactId,
                    tenant,
                    from,
                    now,
                    now);
            update(
                    c,
                    "INSERT INTO contact_identity (id, tenant_id, contact_id, channel_id, kind, external_id, handle,"
                            + " created_at) VALUES (?, ?, ?, ?, 'PHONE', ?, ?, ?)",
                    Ids.newId(),
                    tenant,
                    contactId,
                    channelId,
                    from,
                    from,
                    now);
        }
        String threadKey = "contact:" + from;
        String conversationId =
                single(c, "SELECT id FROM conversation WHERE channel_id = ? AND thread_key = ?", channelId, threadKey);
        if (conversationId == null) {
            conversationId = Ids.newId();
            update(
                    c,
                    "INSERT INTO conversation (id, tenant_id, channel_id, contact_id, thread_key, status, priority,"
                            + " last_activity_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'OPEN', 'NORMAL', ?, ?, ?)",
                    conversationId,
                    tenant,
                    channelId,
                    contactId,
                    threadKey,
                    now,
                    now,
                    now);
        }
        String messageId = Ids.newId();
        update(
                c,
                "INSERT INTO message (id, tenant_id, conversation_id, channel_id, direction, text, external_id,"
                        + " created_at, received_at) VALUES (?, ?, ?, ?, 'INBOUND', ?, ?, ?, ?)",
                messageId,
                tenant,
                conversationId,
                channelId,
                "Hallo, mein Paket ist nicht angekommen 📦",
                sid,
                now,
                now);
        update(
                c,
                "UPDATE conversation SET last_activity_at = ?, last_inbound_at = ?, last_message_preview = ?,"
                        + " unread_count = unread_count + 1, status = 'OPEN', version = version + 1, updated_at = ?"
                        + " WHERE id = ?",
                now,
                now,
                "Hallo, mein Paket ist nicht angekommen 📦",
                now,
                conversationId);
        update(
                c,
                "INSERT INTO conversation_event (id, tenant_id, conversation_id, type, data, created_at)"
                        + " VALUES (?, ?, ?, 'MESSAGE_RECEIVED', ?, ?)",
                Ids.newId(),
                tenant,
                conversationId,
                "{\"messageId\":\"" + messageId + "\"}",
                now);
    }

    @FunctionalInterface
    private interface Call {
        boolean send(int worker, long n) throws Exception;
    }

    /** A growable list of latencies, one per worker thread. */
    private static final class Recorder {
        private long[] values = new long[1 << 16];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }

    private Result load(int durationSeconds, Call call) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(durationSeconds).toNanos();
        List<Recorder> recorders = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            Recorder recorder = new Recorder();
            recorders.add(recorder);
            Thread.ofPlatform().start(() -> {
                try {
                    for (long n = 0; System.nanoTime() < deadline; n++) {
                        long t0 = System.nanoTime();
                        boolean success;
                        try {
                            success = call.send(worker, n);
                        } catch (Exception e) {
                            success = false;
                        }
                        if (success) {
                            recorder.add(System.nanoTime() - t0);
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = recorders.stream()
                .flatMapToLong(r -> Arrays.stream(r.values, 0, r.size))
                .sorted()
                .toArray();
        return new Result(all.length, errors.get(), elapsed, all);
    }

    private String sender(int worker, long n) {
        return "+4915" + String.format("%08d", (worker * 7919L + n * 104729L) % senders);
    }

    private void verifyExactlyOnce(String channelId, long acknowledged) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT COUNT(*), COUNT(DISTINCT external_id) FROM message WHERE channel_id = ?")) {
            s.setString(1, channelId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                System.out.printf(
                        "Stored %d messages (%d distinct provider ids) for the measured and warm-up"
                                + " runs; %d acknowledged in the measured run.%n",
                        rs.getLong(1), rs.getLong(2), acknowledged);
            }
        }
    }

    private void seedTenantAndChannel(Connection c, String tenant, String channelId, String key) throws SQLException {
        InboxDataLoader.smsChannel(c, tenant, channelId, key, BenchService.SECRETS_KEY, ACCOUNT_SID, AUTH_TOKEN);
        c.commit();
    }

    private Connection connect() throws SQLException {
        Connection c = Jdbc.connect(serverUrl + "/" + database, dbUser, dbPassword);
        c.setAutoCommit(false);
        return c;
    }

    private static String single(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Twilio's documented scheme, written independently of the service's own verifier. */
    static String twilioSignature(String url, Map<String, String> sortedParams) {
        StringBuilder data = new StringBuilder(url);
        sortedParams.forEach((k, v) -> data.append(k).append(v));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(AUTH_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
