package io.switchboard.bench;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.switchboard.reporting.rollups.RollupJdbc;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The channel-cost report at scale (issue 7, point 8). One tenant ({@code bench}, zone Europe/Berlin) gets
 * {@code sessions} work sessions and {@code messages} messages over the year 2025 by bulk {@code INSERT ... SELECT}
 * from MariaDB's sequence tables (raw rows only); the rollups are then built by the application's rebuild
 * ({@code RollupJdbc.rebuild}, which the service itself runs when a tenant's zone changes; its results equal the
 * rollups the services keep, see RollupRebuildTest).
 *
 * <p>The data: 50 operators (every tenth paid in USD, the others in EUR; each gets a 10 % raise on 2025-07-01), six
 * channels (one per carried kind), 1 million conversations spread evenly over the year, each with up to ten work
 * sessions an hour apart (every tenth session a PHONE entry without a conversation) of 60-1800 s, five messages 20
 * minutes apart (in, out, in, out, in; every 97th outbound one failed) and one resolution.
 *
 * <p>Measured: {@code GET /api/v1/reports/channel-costs} for 2025 grouped by month (and by day) through HTTP, and
 * the raw baseline: the same figures as GROUP BYs over work_session, message and reporting_event (bucketed by the
 * local month of the start, without even splitting sessions at midnight), over JDBC.
 */
public final class ReportBenchmark {

    private static final String TENANT = "bench";
    private static final String FROM = "2025-01-01";
    private static final String TO = "2026-01-01";
    /** Local midnight of 2025-01-01 in Berlin; conversations start evenly over the 365 days after it. */
    private static final String YEAR_START = "2024-12-31 23:00:00";

    private static final int CONVERSATIONS = Integer.getInteger("conversations", 1_000_000);
    private static final int CHUNK = 1_000_000;

    private final String serverUrl = System.getProperty("db.url", "jdbc:mariadb://127.0.0.1:3306");
    private final String dbUser = System.getProperty("db.user", "root");
    private final String dbPassword = System.getProperty("db.password", "");
    private final String database = System.getProperty("db.name", "switchboard_bench_reports");
    private final int port = Integer.getInteger("port", 18082);
    private final long sessions = Long.getLong("sessions", 10_000_000L);
    private final long messages = Long.getLong("messages", 5_000_000L);
    private final int runs = Integer.getInteger("runs", 20);
    private final int baselineRuns = Integer.getInteger("baseline-runs", 3);
    private final String load = System.getProperty("load", "auto");
    private final String bufferPool = System.getProperty("buffer-pool", "0");
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final StringBuilder log = new StringBuilder();

    public static void main(String[] args) throws Exception {
        new ReportBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        if (!"0".equals(bufferPool)) {
            try (Connection c = Jdbc.connect(serverUrl + "/", dbUser, dbPassword);
                    Statement s = c.createStatement()) {
                s.execute("SET GLOBAL innodb_buffer_pool_size = " + bufferPool);
            }
        }
        boolean fresh = needsLoad();
        if (fresh) {
            BenchService.recreateDatabase(serverUrl, dbUser, dbPassword, database);
        }
        OidcWiremockTestResource oidc = new OidcWiremockTestResource();
        Map<String, String> oidcConfig = oidc.start();
        Process app = BenchService.start(
                port,
                serverUrl + "/" + database,
                Map.of(
                        "QUARKUS_OIDC_AUTH_SERVER_URL",
                        oidcConfig.get("keycloak.url") + "/realms/quarkus",
                        "SWITCHBOARD_WORKLOAD_FACTS_EVERY",
                        "off",
                        "SWITCHBOARD_WORKLOAD_CLOSE_IDLE_EVERY",
                        "off",
                        // Reusing a database loaded by an earlier build of the same migrations (-Dload=auto) may
                        // need -Dflyway-validate=false when a migration's text changed since.
                        "QUARKUS_FLYWAY_VALIDATE_ON_MIGRATE",
                        System.getProperty("flyway-validate", "true")));
        try {
            if (fresh) {
                String admin = TestTokens.token(TENANT, "carol", "admin");
                // The tenant is created by its first request; its zone by the settings API.
                send(admin, "PUT", "/api/v1/settings/tenant", "{\"timeZone\":\"Europe/Berlin\"}", 200);
                loadData();
            }
            try (Connection c = connect()) {
                note(
                        "Rows: work_session %,d, message %,d, conversation %,d, reporting_event %,d; rollup rows:"
                                + " report_work_day %,d, report_count_day %,d, report_handled_period %,d",
                        count(c, "work_session"),
                        count(c, "message"),
                        count(c, "conversation"),
                        count(c, "reporting_event"),
                        count(c, "report_work_day"),
                        count(c, "report_count_day"),
                        count(c, "report_handled_period"));
            }
            // Tokens expire: this one is made after the load.
            String manager = TestTokens.token(TENANT, "mona", "manager");
            String month = "/api/v1/reports/channel-costs?from=" + FROM + "&to=" + TO + "&groupBy=month";
            String day = "/api/v1/reports/channel-costs?from=" + FROM + "&to=" + TO + "&groupBy=day";
            long[] monthly = measureHttp(manager, month);
            long[] daily = measureHttp(manager, day);
            long[] baseline = measureBaseline();
            String report = String.format(
                    """
                    | one-year channel-cost report | runs | p50 (ms) | p95 (ms) | max (ms) |
                    |---|---|---|---|---|
                    | API, groupBy=month (rollups) | %d | %.1f | %.1f | %.1f |
                    | API, groupBy=day (rollups) | %d | %.1f | %.1f | %.1f |
                    | raw baseline, GROUP BY month over the raw rows (JDBC) | %d | %.1f | %.1f | %.1f |

                    Ratio raw baseline / API (p50, month): %.0f x
                    """,
                    runs,
                    ms(monthly, 50),
                    ms(monthly, 95),
                    ms(monthly, 100),
                    runs,
                    ms(daily, 50),
                    ms(daily, 95),
                    ms(daily, 100),
                    baselineRuns,
                    ms(baseline, 50),
                    ms(baseline, 95),
                    ms(baseline, 100),
                    ms(baseline, 50) / ms(monthly, 50));
            System.out.println(log);
            System.out.println(report);
            Files.writeString(Path.of("target", "bench-reports.md"), log + "\n" + report);
        } finally {
            app.destroy();
            app.waitFor();
            oidc.stop();
        }
    }

    private boolean needsLoad() throws SQLException {
        if ("true".equals(load)) {
            return true;
        }
        if ("false".equals(load)) {
            return false;
        }
        try (Connection c = connect()) {
            return count(c, "work_session") != sessions || count(c, "message") != messages;
        } catch (SQLException e) {
            return true;
        }
    }

    private void loadData() throws Exception {
        try (Connection connection = connect();
                Statement s = connection.createStatement()) {
            // Bulk load of raw rows (the rollups are rebuilt below), no per-row key checks.
            s.execute("SET foreign_key_checks = 0");
            s.execute("SET unique_checks = 0");
            timed(
                    s,
                    "channels",
                    "INSERT INTO channel (id, tenant_id, kind, name, channel_key, config, enabled,"
                            + " created_at, updated_at) SELECT CONCAT('bench-ch-', seq), '" + TENANT + "', "
                            + kindOf("seq")
                            + ", CONCAT('Channel ', seq), CONCAT('bench-key-', seq), '{}', 1, NOW(6), NOW(6)"
                            + " FROM seq_0_to_5");
            timed(
                    s,
                    "operators",
                    "INSERT INTO operator (id, tenant_id, subject, username, name, roles, created_at,"
                            + " updated_at) SELECT CONCAT('bench-op-', seq), '" + TENANT
                            + "', CONCAT('bench-sub-', seq),"
                            + " CONCAT('op', seq), CONCAT('Operator ', seq), 'agent', NOW(6), NOW(6) FROM seq_0_to_49");
            timed(
                    s,
                    "rates",
                    "INSERT INTO operator_rate (id, tenant_id, operator_id, effective_from, amount_minor,"
                            + " currency, created_at) SELECT CONCAT('bench-rate-', r.seq, '-', o.seq), '" + TENANT
                            + "',"
                            + " CONCAT('bench-op-', o.seq), IF(r.seq = 0, '2024-01-01', '2025-07-01'),"
                            + " IF(r.seq = 0, 2000 + 37 * o.seq, ROUND((2000 + 37 * o.seq) * 1.1)),"
                            + " IF(o.seq % 10 = 9, 'USD', 'EUR'), NOW(6) FROM seq_0_to_49 o JOIN seq_0_to_1 r");
            timed(
                    s,
                    "contacts",
                    "INSERT INTO contact (id, tenant_id, created_at, updated_at)"
                            + " SELECT CONCAT('bench-ct-', seq), '" + TENANT + "', NOW(6), NOW(6) FROM seq_0_to_99999");
            String convStart = "(TIMESTAMP'" + YEAR_START + "' + INTERVAL FLOOR(%s * 31.536) SECOND)";
            timed(
                    s,
                    "conversations",
                    "INSERT INTO conversation (id, tenant_id, channel_id, contact_id, thread_key,"
                            + " status, last_activity_at, created_at, updated_at) SELECT CONCAT('bench-cv-', seq), '"
                            + TENANT
                            + "', CONCAT('bench-ch-', seq % 6), CONCAT('bench-ct-', seq % 100000), CONCAT('t-', seq),"
                            + " 'RESOLVED', " + convStart.formatted("seq") + ", " + convStart.formatted("seq") + ", "
                            + convStart.formatted("seq") + " FROM seq_0_to_" + (CONVERSATIONS - 1));
            timed(
                    s,
                    "resolutions",
                    "INSERT INTO reporting_event (id, tenant_id, kind, conversation_id, channel_id,"
                            + " channel_kind, operator_id, started_at, ended_at, seconds, source_id, created_at)"
                            + " SELECT CONCAT('bench-re-', seq), '" + TENANT
                            + "', 'RESOLUTION', CONCAT('bench-cv-', seq),"
                            + " CONCAT('bench-ch-', seq % 6), " + kindOf("seq % 6")
                            + ", CONCAT('bench-op-', (seq * 31) % 50), "
                            + convStart.formatted("seq") + ", " + convStart.formatted("seq")
                            + " + INTERVAL 3 HOUR, 10800,"
                            + " CONCAT('bench-src-', seq), NOW(6) FROM seq_0_to_" + (CONVERSATIONS - 1));
            for (long offset = 0; offset < messages; offset += CHUNK) {
                long n = Math.min(CHUNK, messages - offset);
                String m = "(seq + " + offset + ")";
                String c = "(" + m + " % " + CONVERSATIONS + ")";
                String k = "(" + m + " DIV " + CONVERSATIONS + ")";
                timed(
                        s,
                        "messages " + offset,
                        "INSERT INTO message (id, tenant_id, conversation_id, channel_id,"
                                + " direction, delivery_status, created_at, received_at) SELECT CONCAT('bench-m-', " + m
                                + "), '" + TENANT + "', CONCAT('bench-cv-', " + c + "), CONCAT('bench-ch-', " + c
                                + " % 6),"
                                + " IF(" + k + " % 2 = 0, 'INBOUND', 'OUTBOUND'), IF(" + k + " % 2 = 0, NULL, IF(" + m
                                + " % 97 = 0, 'FAILED', 'SENT')), " + convStart.formatted(c) + " + INTERVAL (" + k
                                + " * 1200) SECOND, " + convStart.formatted(c) + " + INTERVAL (" + k + " * 1200) SECOND"
                                + " FROM seq_0_to_" + (n - 1));
            }
            for (long offset = 0; offset < sessions; offset += CHUNK) {
                long n = Math.min(CHUNK, sessions - offset);
                String x = "(seq + " + offset + ")";
                String c = "(" + x + " % " + CONVERSATIONS + ")";
                String k = "(" + x + " DIV " + CONVERSATIONS + ")";
                String phone = "(" + x + " % 10 = 0)";
                String op = "((" + x + " * 31) % 50)";
                String start =
                        "(" + convStart.formatted(c) + " + INTERVAL (" + k + " * 3600 + " + x + " % 600) SECOND)";
                String duration = "(60 + (" + x + " * 7919) % 1740)";
                timed(
                        s,
                        "work sessions " + offset,
                        "INSERT INTO work_session (id, tenant_id, operator_id,"
                                + " conversation_id, channel_id, channel_kind, source, started_at, last_heartbeat_at,"
                                + " ended_at, duration_seconds, hourly_cost_minor, hourly_cost_currency, created_by,"
                                + " created_at, updated_by, updated_at) SELECT id, '" + TENANT
                                + "', op, conv, ch, kind,"
                                + " source, st, IF(source = 'LIVE', st + INTERVAL d SECOND, NULL), st + INTERVAL d SECOND, d,"
                                + " IF(st >= '2025-07-01', ROUND((2000 + 37 * o) * 1.1), 2000 + 37 * o),"
                                + " IF(o % 10 = 9, 'USD', 'EUR'), op, st, op, st FROM (SELECT CONCAT('bench-ws-', " + x
                                + ") AS id, CONCAT('bench-op-', " + op + ") AS op, " + op + " AS o,"
                                + " IF(" + phone + ", NULL, CONCAT('bench-cv-', " + c + ")) AS conv,"
                                + " IF(" + phone + ", NULL, CONCAT('bench-ch-', " + c + " % 6)) AS ch,"
                                + " IF(" + phone + ", 'PHONE', " + kindOf(c + " % 6") + ") AS kind,"
                                + " IF(" + phone + ", 'MANUAL', 'LIVE') AS source, " + start + " AS st, " + duration
                                + " AS d FROM seq_0_to_" + (n - 1) + ") rows_");
            }
            long rebuild = System.nanoTime();
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            RollupJdbc.rebuild(connection, TENANT);
            connection.commit();
            connection.setAutoCommit(autoCommit);
            note("loaded %s in %.1f s", "rollups (RollupJdbc.rebuild)", (System.nanoTime() - rebuild) / 1e9);
            timed(
                    s,
                    "ANALYZE",
                    "ANALYZE TABLE work_session, message, reporting_event, report_work_day,"
                            + " report_count_day, report_handled_period");
        }
    }

    private static String kindOf(String index) {
        return "ELT(" + index + " + 1, 'CHAT', 'SMS', 'X', 'FACEBOOK', 'EMAIL', 'API')";
    }

    private long[] measureHttp(String token, String path) throws Exception {
        for (int i = 0; i < 3; i++) {
            send(token, "GET", path, null, 200);
        }
        long[] times = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            send(token, "GET", path, null, 200);
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        String body = send(token, "GET", path, null, 200);
        note("%s: %d bytes, %d rows", path, body.length(), body.split("\"period\"").length - 1);
        return times;
    }

    /** The same figures as GROUP BYs over the raw rows, by local month of the start (Berlin's offsets of 2025). */
    private long[] measureBaseline() throws Exception {
        // The local month of an instant in Berlin in 2025: UTC+2 from 2025-03-30T01:00Z to 2025-10-26T01:00Z, else +1.
        String month = "DATE_FORMAT(t.%1$s + INTERVAL IF(t.%1$s >= '2025-03-30 01:00:00' AND t.%1$s"
                + " < '2025-10-26 01:00:00', 2, 1) HOUR, '%%Y-%%m-01')";
        // 2025 in Berlin: [2024-12-31T23:00Z, 2025-12-31T23:00Z).
        String range = " AND t.%1$s >= '2024-12-31 23:00:00' AND t.%1$s < '2025-12-31 23:00:00'";
        List<String> queries = List.of(
                "SELECT " + month.formatted("started_at") + " AS m, COALESCE(t.channel_id, ''), t.channel_kind,"
                        + " COALESCE(t.hourly_cost_currency, ''), SUM(t.duration_seconds),"
                        + " SUM(t.duration_seconds * t.hourly_cost_minor), COUNT(DISTINCT t.conversation_id)"
                        + " FROM work_session t WHERE t.tenant_id = '" + TENANT
                        + "' AND t.ended_at IS NOT NULL" + range.formatted("started_at") + " GROUP BY 1, 2, 3, 4",
                "SELECT " + month.formatted("created_at") + " AS m, t.channel_id, t.direction, COUNT(*) FROM message t"
                        + " WHERE t.tenant_id = '" + TENANT + "'"
                        + " AND NOT (t.delivery_status <=> 'CANCELLED')" + range.formatted("created_at")
                        + " GROUP BY 1, 2, 3",
                "SELECT " + month.formatted("ended_at") + " AS m, t.channel_id, COUNT(*) FROM reporting_event t"
                        + " WHERE t.tenant_id = '" + TENANT + "'"
                        + " AND t.kind = 'RESOLUTION'" + range.formatted("ended_at") + " GROUP BY 1, 2");
        long[] times = new long[baselineRuns];
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (int i = 0; i < baselineRuns; i++) {
                long start = System.nanoTime();
                long rows = 0;
                for (String q : queries) {
                    try (ResultSet rs = s.executeQuery(q)) {
                        while (rs.next()) {
                            rows++;
                        }
                    }
                }
                times[i] = System.nanoTime() - start;
                note("baseline run %d: %.1f s, %d rows", i + 1, times[i] / 1e9, rows);
            }
        }
        Arrays.sort(times);
        return times;
    }

    private void timed(Statement s, String what, String sql) throws SQLException {
        long start = System.nanoTime();
        s.execute(sql);
        note("loaded %s in %.1f s", what, (System.nanoTime() - start) / 1e9);
    }

    private String send(String token, String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .timeout(Duration.ofMinutes(30));
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(
                    method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private void note(String format, Object... args) {
        String line = String.format(format, args);
        System.out.println(line);
        log.append("- ").append(line).append('\n');
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double ms(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }

    private Connection connect() throws SQLException {
        return Jdbc.connect(serverUrl + "/" + database, dbUser, dbPassword);
    }
}
