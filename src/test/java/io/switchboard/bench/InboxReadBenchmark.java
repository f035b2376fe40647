package io.switchboard.bench;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.switchboard.testing.Jdbc;
import io.switchboard.testing.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's read paths at growing tenant sizes (issue 15): one tenant grown to each size in {@code -Dscales}
 * (messages; ten per conversation) beside {@code -Dothers} tenants of {@code -DotherMessages} messages each, so
 * that tenant filtering is part of the cost; at each size, {@code -Dconcurrency} clients (wrk) read every inbox
 * path in turn with an agent's token, and {@code GET /api/v1/me} (token check and one lookup) is the ceiling the
 * paths are compared to. Every answer must be 200: the tenant's rate and read limits are lifted through the
 * documented settings ({@code SWITCHBOARD_LIMITS_API_*}, {@code SWITCHBOARD_READS_MAX_CONCURRENT*}).
 *
 * <p>The data is written by SQL ({@link InboxRows}) into the tables the read paths use, in the shape the ingest
 * path writes them; the tenants, operators and tokens come through the API. Results: stdout and {@code
 * target/bench-inbox-reads.md}.
 */
public final class InboxReadBenchmark {

    private final String serverUrl = System.getProperty("db.url", "jdbc:mariadb://127.0.0.1:3306");
    private final String dbUser = System.getProperty("db.user", "root");
    private final String dbPassword = System.getProperty("db.password", "");
    private final String database = System.getProperty("db.name", "switchboard_bench_inbox");
    private final List<Integer> scales = java.util.Arrays.stream(
                    System.getProperty("scales", "10000,100000,1000000").split(","))
            .map(String::strip)
            .map(Integer::parseInt)
            .toList();
    private final int others = Integer.getInteger("others", 10);
    private final int otherMessages = Integer.getInteger("otherMessages", scales.get(scales.size() - 1));
    private final int concurrency = Integer.getInteger("concurrency", 64);
    private final int seconds = Integer.getInteger("seconds", 10);
    private final int warmupSeconds = Integer.getInteger("warmup", 10);
    private final int port = Integer.getInteger("port", 8093);
    /** false: keep the database of an earlier run and only add what a tenant lacks. */
    private final boolean fresh = Boolean.parseBoolean(System.getProperty("fresh", "true"));

    public static void main(String[] args) throws Exception {
        new InboxReadBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/wrk"))) {
            throw new IllegalStateException("wrk is needed: apt-get install -y wrk");
        }
        OidcWiremockTestResource oidc = new OidcWiremockTestResource();
        Map<String, String> oidcConfig = oidc.start();
        if (fresh) {
            BenchService.recreateDatabase(serverUrl, dbUser, dbPassword, database);
        }
        String jdbcUrl = serverUrl + "/" + database;
        Process app = BenchService.start(
                port,
                jdbcUrl,
                Map.of(
                        "QUARKUS_OIDC_AUTH_SERVER_URL",
                        oidcConfig.get("keycloak.url") + "/realms/quarkus",
                        // 64 clients of one tenant send far more than a tenant's API rate may reach.
                        "SWITCHBOARD_LIMITS_API_MAX_PER_MINUTE",
                        "100000000",
                        "SWITCHBOARD_LIMITS_API_PER_MINUTE",
                        "100000000",
                        "SWITCHBOARD_LIMITS_API_BURST",
                        "1000000",
                        "SWITCHBOARD_READS_MAX_CONCURRENT",
                        String.valueOf(concurrency),
                        "SWITCHBOARD_READS_MAX_CONCURRENT_PER_TENANT",
                        String.valueOf(concurrency),
                        "QUARKUS_DATASOURCE_JDBC_MAX_SIZE",
                        String.valueOf(concurrency + 16)),
                "bench-inbox-service.log");
        BenchHttp api = new BenchHttp(port);
        Map<String, Map<Integer, String>> table = new LinkedHashMap<>();
        String plans = "";
        List<String> failures = new ArrayList<>();
        try (Connection db = Jdbc.connect(jdbcUrl, dbUser, dbPassword)) {
            InboxRows rows = new InboxRows(db);
            String measured = "inbox";
            String alice = provision(api, measured);
            rows.tenant(measured, 0);
            for (int t = 1; t <= others; t++) {
                String other = "other-" + t;
                provision(api, other);
                rows.tenant(other, t);
                rows.grow(other, t, otherMessages / InboxRows.MESSAGES_PER_CONVERSATION);
                System.out.printf("Tenant %s: %,d messages%n", other, otherMessages);
            }
            for (int scale : scales) {
                long started = System.nanoTime();
                rows.grow(measured, 0, scale / InboxRows.MESSAGES_PER_CONVERSATION);
                rows.analyze();
                System.out.printf(
                        "Tenant %s: %,d messages (loaded in %.0f s)%n",
                        measured, scale, (System.nanoTime() - started) / 1e9);
                String agent = TestTokens.builder(measured, "alice", "agent")
                        .expiresIn(3600)
                        .sign();
                for (Map.Entry<String, String> read :
                        reads(api, agent, rows, alice).entrySet()) {
                    wrk(agent, read.getValue(), warmupSeconds);
                    Result result = wrk(agent, read.getValue(), seconds);
                    table.computeIfAbsent(read.getKey(), k -> new LinkedHashMap<>())
                            .put(scale, result.cell());
                    System.out.printf("%,d messages  %-48s %s%n", scale, read.getKey(), result.cell());
                    if (result.perSecond() < 1) {
                        failures.add(read.getKey() + " at " + scale + ": no answer within " + seconds + " s");
                    } else if (result.errors() > 0) {
                        failures.add(read.getKey() + " at " + scale + ": " + result.errors() + " answers not 200");
                    }
                }
            }
        } finally {
            app.destroy();
            app.waitFor();
            oidc.stop();
        }
        String report = report(table) + plans;
        System.out.println(report);
        Files.writeString(Path.of("target", "bench-inbox-reads.md"), report);
        if (!failures.isEmpty()) {
            throw new IllegalStateException("Not every answer was 200: " + failures);
        }
    }

    /** Creates the tenant and its agent alice through the API; alice's operator id. */
    private static String provision(BenchHttp api, String tenant) throws Exception {
        api.call(TestTokens.token(tenant, "carol", "admin"), "GET", "/api/v1/me", null, 200);
        return api.call(TestTokens.token(tenant, "alice", "agent"), "GET", "/api/v1/me", null, 200)
                .get("id")
                .asText();
    }

    /** The paths to read, with ids taken from the tenant as it is now. */
    private static Map<String, String> reads(BenchHttp api, String agent, InboxRows rows, String alice)
            throws Exception {
        rows.assignSome("inbox", alice);
        String sms = rows.channel(0, "SMS");
        String conversation = api.call(agent, "GET", "/api/v1/conversations?limit=1", null, 200)
                .at("/items/0/id")
                .asText();
        String next = api.call(agent, "GET", "/api/v1/conversations?limit=25", null, 200)
                .get("nextCursor")
                .asText();
        Map<String, String> reads = new LinkedHashMap<>();
        reads.put("GET /api/v1/me (ceiling)", "/api/v1/me");
        reads.put("conversations (first page)", "/api/v1/conversations?limit=25");
        reads.put("… next page (cursor)", "/api/v1/conversations?limit=25&cursor=" + next);
        reads.put("… status=OPEN", "/api/v1/conversations?status=OPEN&limit=25");
        reads.put("… kind=SMS", "/api/v1/conversations?kind=SMS&limit=25");
        reads.put("… channel=(SMS)", "/api/v1/conversations?channel=" + sms + "&limit=25");
        reads.put("… assignee=me", "/api/v1/conversations?assignee=me&limit=25");
        reads.put("… assignee=none", "/api/v1/conversations?assignee=none&limit=25");
        reads.put("… team", "/api/v1/conversations?team=" + InboxRows.team(0, 1) + "&limit=25");
        reads.put("… label=vip", "/api/v1/conversations?label=vip&limit=25");
        reads.put("… status=OPEN&kind=SMS", "/api/v1/conversations?status=OPEN&kind=SMS&limit=25");
        reads.put("… q= word in 1% of messages", "/api/v1/conversations?q=refund&limit=25");
        reads.put("… q= word in 0.01% of messages", "/api/v1/conversations?q=chargeback&limit=25");
        reads.put("a conversation", "/api/v1/conversations/" + conversation);
        reads.put("its messages", "/api/v1/conversations/" + conversation + "/messages?limit=50");
        reads.put("its events", "/api/v1/conversations/" + conversation + "/events?limit=50");
        reads.put("contacts ?q= name", "/api/v1/contacts?q=Nakamura&limit=25");
        reads.put("contacts ?q= phone", "/api/v1/contacts?q=%2B15550004242&limit=25");
        reads.put("contacts ?q= email", "/api/v1/contacts?q=p4242%40mail.example&limit=25");
        return reads;
    }

    /** MariaDB's plan of each inbox list read, as the service runs it (see InboxQueryPlans). */
    private static String plans(Connection db, Map<String, String> reads, String alice, String sms) throws Exception {
        StringBuilder out = new StringBuilder("\nPlans of the list queries (EXPLAIN):\n\n```\n");
        for (Map.Entry<String, String> read : reads.entrySet()) {
            String path = read.getValue();
            if (!path.startsWith("/api/v1/conversations?") || path.contains("cursor=")) {
                continue;
            }
            Map<String, List<String>> query = new LinkedHashMap<>();
            for (String pair : path.substring(path.indexOf('?') + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                query.computeIfAbsent(kv[0], k -> new ArrayList<>())
                        .add(java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
            }
            java.util.Set<String> channels =
                    query.containsKey("kind") || query.containsKey("channel") ? java.util.Set.of(sms) : null;
            out.append(read.getKey()).append('\n');
            for (String line : io.switchboard.inbox.InboxQueryPlans.explain(db, "inbox", alice, query, channels, 26)) {
                out.append("  ").append(line).append('\n');
            }
        }
        return out.append("```\n").toString();
    }

    private record Result(double perSecond, double p99Ms, long errors) {
        String cell() {
            return String.format(
                    "%,.0f /s, p99 %.1f ms%s", perSecond, p99Ms, errors > 0 ? ", " + errors + " not 200" : "");
        }
    }

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("99%\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    /** One wrk run: rate, p99, and the answers that were not 200 (other statuses, socket errors, timeouts). */
    private Result wrk(String token, String path, int durationSeconds) throws Exception {
        Process wrk = new ProcessBuilder(
                        "wrk",
                        "-t2",
                        "-c" + concurrency,
                        "-d" + durationSeconds + "s",
                        "--timeout",
                        "10s",
                        "--latency",
                        "-H",
                        "Authorization: Bearer " + token,
                        "http://127.0.0.1:" + port + path)
                .redirectErrorStream(true)
                .start();
        String out = new String(wrk.getInputStream().readAllBytes());
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        Matcher rate = RATE.matcher(out);
        Matcher p99 = P99.matcher(out);
        if (!rate.find() || !p99.find()) {
            throw new IllegalStateException("Unexpected wrk output: " + out);
        }
        double p99Ms = Double.parseDouble(p99.group(1))
                * switch (p99.group(2)) {
                    case "us" -> 0.001;
                    case "s" -> 1000;
                    default -> 1;
                };
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET.matcher(out);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        return new Result(Double.parseDouble(rate.group(1)), p99Ms, errors);
    }

    private String report(Map<String, Map<Integer, String>> table) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "Inbox reads, %d clients (wrk), %d other tenants of %,d messages; requests/s and p99 per tenant size%n%n",
                concurrency, others, otherMessages));
        out.append("| read |");
        scales.forEach(s -> out.append(String.format(" %,d messages |", s)));
        out.append("\n|---|");
        scales.forEach(s -> out.append("---|"));
        out.append('\n');
        table.forEach((read, cells) -> {
            out.append("| ").append(read).append(" |");
            scales.forEach(
                    s -> out.append(' ').append(cells.getOrDefault(s, "")).append(" |"));
            out.append('\n');
        });
        return out.toString();
    }

    /**
     * The inbox's rows of benchmark tenants, written by bulk SQL ({@code INSERT … SELECT} over MariaDB's sequence
     * tables): per conversation a contact known by its phone number on the conversation's channel, ten messages
     * alternating inbound and outbound (one MESSAGE_RECEIVED event per inbound one, as ingest records it), the last
     * message's text as the preview; statuses, assignees, teams and labels spread as a busy tenant has them; one
     * word in 1% of messages ({@code refund}) and one in 0.01% ({@code chargeback}). Ids are derived from the
     * tenant's and the row's numbers, so a tenant grows by adding conversations after those it has.
     */
    static final class InboxRows {

        static final int MESSAGES_PER_CONVERSATION = 10;
        private static final List<String> KINDS = List.of("SMS", "EMAIL", "X", "FACEBOOK", "CHAT", "API");
        private static final int OPERATORS = 19;
        private static final int BATCH = 20_000;

        private final Connection db;
        private final Map<String, Integer> loaded = new LinkedHashMap<>();

        InboxRows(Connection db) {
            this.db = db;
        }

        /** A deterministic UUID-shaped id: tenant number, row type, row number. */
        private static String id(int tenant, int type, long n) {
            return String.format("%08x-%04x-7000-8000-%012x", tenant, type, n);
        }

        /** The SQL expression of {@link #id} for a row number expression. */
        private static String idSql(int tenant, int type, String n) {
            return String.format("CONCAT('%08x-%04x-7000-8000-', LPAD(HEX(%s), 12, '0'))", tenant, type, n);
        }

        String channel(int tenant, String kind) {
            return id(tenant, 0xd, KINDS.indexOf(kind));
        }

        static String team(int tenant, int n) {
            return id(tenant, 0x7, n);
        }

        /** The tenant's channels, one per kind, and its other operators. */
        void tenant(String tenantId, int t) throws Exception {
            try (Statement s = db.createStatement()) {
                for (int k = 0; k < KINDS.size(); k++) {
                    s.execute("INSERT IGNORE INTO channel (id, tenant_id, kind, name, channel_key, config, enabled,"
                            + " created_at, updated_at) VALUES ('" + id(t, 0xd, k) + "', '" + tenantId + "', '"
                            + KINDS.get(k) + "', '" + KINDS.get(k) + " channel', 'bench-" + t + "-" + k
                            + "', '{}', TRUE, NOW(6), NOW(6))");
                }
                s.execute("INSERT IGNORE INTO operator (id, tenant_id, subject, username, name, roles, created_at,"
                        + " updated_at) SELECT " + idSql(t, 0x9, "seq") + ", '" + tenantId
                        + "', CONCAT('op-', seq), CONCAT('op', seq), CONCAT('Operator ', seq), 'agent', NOW(6),"
                        + " NOW(6) FROM seq_1_to_" + OPERATORS);
            }
            try (var count = db.prepareStatement("SELECT COUNT(*) FROM conversation WHERE tenant_id = ?")) {
                count.setString(1, tenantId);
                try (var r = count.executeQuery()) {
                    r.next();
                    loaded.put(tenantId, r.getInt(1));
                }
            }
        }

        /** Adds conversations until the tenant has {@code conversations}, with their messages. */
        void grow(String tenantId, int t, int conversations) throws Exception {
            int from = loaded.get(tenantId) + 1;
            for (int start = from; start <= conversations; start += BATCH) {
                int end = Math.min(conversations, start + BATCH - 1);
                insert(tenantId, t, start, end);
            }
            loaded.put(tenantId, Math.max(conversations, from - 1));
        }

        private void insert(String tenantId, int t, int from, int to) throws Exception {
            String range = "seq_" + from + "_to_" + to + " n";
            String at = "TIMESTAMP('2025-01-01 00:00:00') + INTERVAL (n.seq * 60 + n.seq * 7919 % 50) SECOND";
            String status = "CASE WHEN n.seq % 20 < 4 THEN 'OPEN' WHEN n.seq % 20 < 6 THEN 'PENDING'"
                    + " WHEN n.seq % 20 = 6 THEN 'SNOOZED' ELSE 'RESOLVED' END";
            String assignee = "CASE WHEN n.seq * 7 % 100 < 15 THEN NULL ELSE "
                    + idSql(t, 0x9, "1 + n.seq % " + OPERATORS) + " END";
            String team = "IF(n.seq * 3 % 10 < 3, " + idSql(t, 0x7, "n.seq % 3") + ", NULL)";
            String channel = idSql(t, 0xd, "n.seq % " + KINDS.size());
            db.setAutoCommit(false);
            try (Statement s = db.createStatement()) {
                s.execute("INSERT INTO contact (id, tenant_id, name, email, phone, created_at, updated_at) SELECT "
                        + idSql(t, 0xa, "n.seq") + ", '" + tenantId + "', CONCAT(ELT(1 + n.seq % 10, 'Ann', 'Ben',"
                        + " 'Chloé', 'Dmitri', 'Eva', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas'), ' ', ELT(1 +"
                        + " FLOOR(n.seq / 10) % 1000 % 12, 'Smith', 'Müller', 'García', 'Rossi', 'Dubois', 'Novak',"
                        + " 'Silva', 'Jensen', 'Kowalski', 'Öztürk', 'Yilmaz', IF(FLOOR(n.seq / 10) % 1000 = 11,"
                        + " 'Nakamura', 'Haddad'))), CONCAT('p', n.seq, '@mail.example'), CONCAT('+1555',"
                        + " LPAD(n.seq, 7, '0')), " + at + ", " + at + " FROM " + range);
                // Known as ingest knows them: a number on SMS, an address on email, a provider's user id elsewhere.
                String handle = "ELT(1 + n.seq % 6, CONCAT('+1555', LPAD(n.seq, 7, '0')), CONCAT('p', n.seq,"
                        + " '@mail.example'), CONCAT('@user', n.seq), CONCAT('psid-', n.seq), CONCAT('chat-', n.seq),"
                        + " CONCAT('ext-', n.seq))";
                s.execute("INSERT INTO contact_identity (id, tenant_id, contact_id, channel_id, kind, external_id,"
                        + " handle, created_at) SELECT " + idSql(t, 0xb, "n.seq") + ", '" + tenantId + "', "
                        + idSql(t, 0xa, "n.seq") + ", " + channel + ", ELT(1 + n.seq % 6, 'PHONE', 'EMAIL',"
                        + " 'X_USER_ID', 'PAGE_SCOPED_ID', 'CHAT_ID', 'EXTERNAL_ID'), " + handle + ", " + handle
                        + ", " + at + " FROM " + range);
                s.execute("INSERT INTO conversation (id, tenant_id, channel_id, contact_id, thread_key, status,"
                        + " priority, snoozed_until, assignee_id, team_id, last_activity_at, last_inbound_at,"
                        + " last_message_preview, unread_count, created_at, updated_at, waiting_since) SELECT "
                        + idSql(t, 0xc, "n.seq") + ", '" + tenantId + "', " + channel + ", "
                        + idSql(t, 0xa, "n.seq") + ", " + handle + ", " + status
                        + ", 'NORMAL', IF(n.seq % 20 = 6, TIMESTAMP('2030-01-01'), NULL), " + assignee + ", " + team
                        + ", " + at + ", " + at + " - INTERVAL 1 MINUTE, LEFT(" + text("(n.seq * 10 + 9)")
                        + ", 280), n.seq % 3, " + at + " - INTERVAL 9 MINUTE, " + at + ", " + at + " FROM " + range);
                String m = "(n.seq * 10 + j.seq)";
                s.execute("INSERT INTO message (id, tenant_id, conversation_id, channel_id, direction,"
                        + " author_operator_id, text, external_id, delivery_status, created_at, received_at)"
                        + " SELECT " + idSql(t, 0xe, m) + ", '" + tenantId + "', " + idSql(t, 0xc, "n.seq") + ", "
                        + channel + ", IF(j.seq % 2 = 0, 'INBOUND', 'OUTBOUND'), IF(j.seq % 2 = 0, NULL, "
                        + assignee + "), " + text(m) + ", IF(j.seq % 2 = 0, CONCAT('SM', " + m + "), NULL),"
                        + " IF(j.seq % 2 = 0, NULL, 'DELIVERED'), " + at + " - INTERVAL (9 - j.seq) MINUTE, " + at
                        + " - INTERVAL (9 - j.seq) MINUTE FROM " + range + " JOIN seq_0_to_9 j");
                s.execute("INSERT INTO conversation_event (id, tenant_id, conversation_id, type, data, created_at)"
                        + " SELECT " + idSql(t, 0xf, "n.seq * 10 + j.seq") + ", '" + tenantId + "', "
                        + idSql(t, 0xc, "n.seq") + ", 'MESSAGE_RECEIVED', CONCAT('{\"messageId\":\"', "
                        + idSql(t, 0xe, "n.seq * 10 + j.seq") + ", '\"}'), " + at + " - INTERVAL (9 - j.seq)"
                        + " MINUTE FROM " + range + " JOIN seq_0_to_9 j WHERE j.seq % 2 = 0");
                s.execute("INSERT INTO conversation_label (conversation_id, label) SELECT " + idSql(t, 0xc, "n.seq")
                        + ", IF(n.seq % 50 = 0, 'vip', 'billing') FROM " + range
                        + " WHERE n.seq % 50 = 0 OR n.seq % 10 = 3");
                db.commit();
            } catch (Exception e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        }

        /** A message's text for a message number expression: one word in 1% of messages, one in 0.01%. */
        private static String text(String m) {
            return "CONCAT('Hello, this is about order ', " + m + ", ' and its ', ELT(1 + " + m + " % 8, 'shipping',"
                    + " 'delivery', 'invoice', 'password', 'account', 'payment', 'return', 'warranty'), IF(" + m
                    + " % 100 = 42, ', I want a refund', ''), IF(" + m + " % 10000 = 4242, ', or a chargeback', ''))";
        }

        /** Gives a few of the tenant's open conversations to {@code operatorId} (the benchmark's agent). */
        void assignSome(String tenantId, String operatorId) throws Exception {
            try (var s = db.prepareStatement("UPDATE conversation SET assignee_id = ? WHERE tenant_id = ?"
                    + " AND id IN (SELECT id FROM (SELECT id FROM conversation WHERE tenant_id = ? AND status"
                    + " IN ('OPEN', 'PENDING') ORDER BY id LIMIT 200) a) AND assignee_id IS NOT NULL")) {
                s.setString(1, operatorId);
                s.setString(2, tenantId);
                s.setString(3, tenantId);
                s.executeUpdate();
            }
        }

        void analyze() throws Exception {
            try (Statement s = db.createStatement()) {
                s.execute("ANALYZE TABLE conversation, message, contact, contact_identity, conversation_label,"
                        + " conversation_event");
            }
        }
    }
}
