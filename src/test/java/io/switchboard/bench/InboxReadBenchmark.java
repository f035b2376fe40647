package io.switchboard.bench;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.switchboard.testing.Jdbc;
import io.switchboard.testing.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>The data is written by SQL ({@link InboxRows}): the webhook path's rows by {@link InboxDataLoader}, which a
 * test proves equal to them, and the operators' later work on them; the tenants and the agent come through the API. Results: stdout and {@code
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
    /** Optimise the contacts' full-text index after loading, as docs/operations.md prescribes (needs SUPER). */
    private final boolean upkeep = Boolean.parseBoolean(System.getProperty("upkeep", "false"));
    /** Only the reads whose name contains one of these (comma-separated, e.g. {@code q=,contacts}); the ceiling always. */
    private final List<String> only = Arrays.stream(
                    System.getProperty("reads", "").split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();

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
                        // A read's place is returned just after its answer, and wrk sends the next at once: twice
                        // the clients, so that no read is shed; searches likewise.
                        "SWITCHBOARD_READS_MAX_CONCURRENT",
                        String.valueOf(2 * concurrency),
                        "SWITCHBOARD_READS_MAX_CONCURRENT_PER_TENANT",
                        String.valueOf(2 * concurrency),
                        "SWITCHBOARD_READS_MAX_CONCURRENT_SEARCHES",
                        String.valueOf(2 * concurrency),
                        "SWITCHBOARD_READS_MAX_CONCURRENT_SEARCHES_PER_TENANT",
                        String.valueOf(2 * concurrency),
                        "QUARKUS_DATASOURCE_JDBC_MAX_SIZE",
                        String.valueOf(2 * concurrency + 16),
                        // The reporting facts of the loaded events would be caught up for minutes (a million
                        // messages: about 15) while the reads are measured; a replica in its steady state has none.
                        "SWITCHBOARD_WORKLOAD_FACTS_EVERY",
                        "off"),
                "bench-inbox-service.log");
        BenchHttp api = new BenchHttp(port);
        Map<String, Map<Integer, String>> table = new LinkedHashMap<>();
        String plans = "";
        String server = "";
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
                if (upkeep) {
                    optimiseContactSearch(db);
                }
                server = server(db);
                System.out.println(server);
                String agent = TestTokens.builder(measured, "alice", "agent")
                        .expiresIn(3600)
                        .sign();
                Map<String, String> reads = reads(api, agent, rows, alice);
                if (scale == scales.get(scales.size() - 1)) {
                    plans = plans(db, reads, alice, rows.channel(0, 0), rows.channels(0));
                }
                for (Map.Entry<String, String> read : reads.entrySet()) {
                    if (!read.getKey().contains("ceiling")
                            && !only.isEmpty()
                            && only.stream().noneMatch(read.getKey()::contains)) {
                        continue;
                    }
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
        String report = report(table) + "\n" + server + "\n" + plans;
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
        String sms = rows.channel(0, 0);
        String[] contact = rows.someContact("inbox");
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
        reads.put("… label=billing", "/api/v1/conversations?label=billing&limit=25");
        reads.put("… status=OPEN&kind=SMS", "/api/v1/conversations?status=OPEN&kind=SMS&limit=25");
        reads.put("… q= word in 17% of messages", "/api/v1/conversations?q=parcel&limit=25");
        reads.put("… q= word in 1% of messages", "/api/v1/conversations?q=refund&limit=25");
        reads.put("… q= word in 0.01% of messages", "/api/v1/conversations?q=chargeback&limit=25");
        reads.put("a conversation", "/api/v1/conversations/" + conversation);
        reads.put("its messages", "/api/v1/conversations/" + conversation + "/messages?limit=50");
        reads.put("its events", "/api/v1/conversations/" + conversation + "/events?limit=50");
        reads.put("contacts ?q= name", "/api/v1/contacts?q=Nakamura&limit=25");
        reads.put("contacts ?q= phone", "/api/v1/contacts?q=" + encode(contact[0]) + "&limit=25");
        reads.put("contacts ?q= email", "/api/v1/contacts?q=" + encode(contact[1]) + "&limit=25");
        return reads;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** MariaDB's plan of each inbox list read, as the service runs it (see InboxQueryPlans), at the largest scale. */
    private static String plans(
            Connection db, Map<String, String> reads, String alice, String sms, java.util.Set<String> allSms)
            throws Exception {
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
                    query.containsKey("kind") ? allSms : query.containsKey("channel") ? java.util.Set.of(sms) : null;
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

    /**
     * What the figures depend on besides the code: the buffer pool against the database's size, and how many
     * deleted entries every contact search reads from the contacts' full-text index (docs/operations.md).
     */
    private static String server(Connection db) throws Exception {
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("SELECT @@innodb_buffer_pool_size, (SELECT SUM(data_length"
                        + " + index_length) FROM information_schema.tables WHERE table_schema = DATABASE())")) {
            r.next();
            String line = String.format(
                    "MariaDB: buffer pool %,d MB, database %,d MB", r.getLong(1) >> 20, r.getLong(2) >> 20);
            try {
                s.execute("SET GLOBAL innodb_ft_aux_table = CONCAT(DATABASE(), '/contact')");
                try (ResultSet d = s.executeQuery("SELECT COUNT(*) FROM information_schema.INNODB_FT_DELETED")) {
                    d.next();
                    line += String.format(", contacts' full-text index: %,d deleted entries", d.getLong(1));
                }
            } catch (java.sql.SQLException e) {
                line += " (the contacts' full-text index needs SUPER and PROCESS to be looked at)";
            }
            return line;
        }
    }

    /** The upkeep of docs/operations.md: OPTIMIZE in full-text-only mode until no deleted entry is left, twice. */
    private static void optimiseContactSearch(Connection db) throws Exception {
        long started = System.nanoTime();
        try (Statement s = db.createStatement()) {
            s.execute("SET GLOBAL innodb_optimize_fulltext_only = ON");
            s.execute("SET GLOBAL innodb_ft_num_word_optimize = 10000");
            s.execute("SET GLOBAL innodb_ft_aux_table = CONCAT(DATABASE(), '/contact')");
            try {
                // One run handles the next 10,000 words; the deleted list empties at the end of a pass over them
                // all, and a second pass merges what the first left in pieces.
                long deleted;
                int runs = 0;
                do {
                    s.execute("OPTIMIZE TABLE contact");
                    runs++;
                    try (ResultSet d = s.executeQuery("SELECT COUNT(*) FROM information_schema.INNODB_FT_DELETED")) {
                        d.next();
                        deleted = d.getLong(1);
                    }
                } while (deleted > 0 && runs < 500);
                for (int run = 0; run < runs; run++) {
                    s.execute("OPTIMIZE TABLE contact");
                }
            } finally {
                s.execute("SET GLOBAL innodb_optimize_fulltext_only = OFF");
            }
        }
        System.out.printf("Contacts' full-text index optimised in %.0f s%n", (System.nanoTime() - started) / 1e9);
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
     * The benchmark tenants' inboxes: what the signed SMS webhooks would have written, by {@link InboxDataLoader}
     * (proven equal to the webhook path by {@code InboxDataLoaderTest}; three SMS channels per tenant, ten messages
     * per conversation, {@code refund} in 1% of them), then what operators do afterwards through the API, written
     * by SQL as those operations write it: statuses (20% open, 10% pending, 5% snoozed, the rest resolved),
     * assignees (85% assigned over 20 operators), teams (30%), labels ({@code vip} on 2%, {@code billing} on 10%),
     * contacts' names and addresses, and the rare word {@code chargeback} in 0.01% of messages.
     */
    static final class InboxRows {

        static final int MESSAGES_PER_CONVERSATION = 10;
        private static final int CHANNELS = 3;
        private static final int OPERATORS = 19;

        private final Connection db;
        private final Map<String, Integer> loaded = new LinkedHashMap<>();

        InboxRows(Connection db) {
            this.db = db;
        }

        /** A deterministic UUID-shaped id: tenant number, row type, row number. */
        private static String id(int tenant, int type, long n) {
            return String.format("%08x-%04x-7000-8000-%012x", tenant, type, n);
        }

        String channel(int tenant, int n) {
            return id(tenant, 0xd, n);
        }

        java.util.Set<String> channels(int tenant) {
            java.util.Set<String> all = new java.util.TreeSet<>();
            for (int k = 0; k < CHANNELS; k++) {
                all.add(channel(tenant, k));
            }
            return all;
        }

        static String team(int tenant, int n) {
            return id(tenant, 0x7, n);
        }

        /** The tenant's SMS channels and its other operators; what it has loaded already. */
        void tenant(String tenantId, int t) throws Exception {
            for (int k = 0; k < CHANNELS; k++) {
                if (!exists("SELECT 1 FROM channel WHERE id = ?", channel(t, k))) {
                    InboxDataLoader.smsChannel(
                            db,
                            tenantId,
                            channel(t, k),
                            "bench-" + t + "-" + k,
                            BenchService.SECRETS_KEY,
                            "AC" + t + k,
                            "bench-auth-token");
                }
            }
            try (Statement s = db.createStatement()) {
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

        private boolean exists(String sql, String id) throws Exception {
            try (var q = db.prepareStatement(sql)) {
                q.setString(1, id);
                try (var r = q.executeQuery()) {
                    return r.next();
                }
            }
        }

        private static String idSql(int tenant, int type, String n) {
            return String.format("CONCAT('%08x-%04x-7000-8000-', LPAD(HEX(%s), 12, '0'))", tenant, type, n);
        }

        /** Adds conversations until the tenant has {@code conversations}, then the operators' work on them. */
        void grow(String tenantId, int t, int conversations) throws Exception {
            int missing = conversations - loaded.get(tenantId);
            if (missing <= 0) {
                return;
            }
            InboxDataLoader.load(
                    db,
                    tenantId,
                    java.util.stream.IntStream.range(0, CHANNELS)
                            .mapToObj(k -> channel(t, k))
                            .toList(),
                    // The load's tag keeps its senders apart from the tenant's earlier loads (also of earlier runs).
                    (t * 16 + loaded.get(tenantId) / 1000) % 0x1000,
                    new InboxDataLoader.Plan(
                            missing, MESSAGES_PER_CONVERSATION, 0.01, "refund", java.time.Duration.ofDays(90)),
                    java.time.Instant.now());
            loaded.put(tenantId, conversations);
            operatorsWork(tenantId, t);
        }

        /** What operators did with the loaded conversations, spread by a hash of each id (idempotent). */
        private void operatorsWork(String tenantId, int t) throws Exception {
            String h = "CRC32(id)";
            try (var s = db.prepareStatement("UPDATE conversation SET status = CASE WHEN " + h + " % 20 < 4 THEN"
                    + " 'OPEN' WHEN " + h + " % 20 < 6 THEN 'PENDING' WHEN " + h + " % 20 = 6 THEN 'SNOOZED' ELSE"
                    + " 'RESOLVED' END, snoozed_until = IF(" + h + " % 20 = 6, TIMESTAMP('2030-01-01'), NULL),"
                    + " assignee_id = IF(" + h + " * 7 % 100 < 15, NULL, "
                    + idSql(t, 0x9, "1 + " + h + " % " + OPERATORS) + "), team_id = IF(" + h + " * 3 % 10 < 3, "
                    + idSql(t, 0x7, h + " % 3")
                    + ", NULL), unread_count = IF(" + h + " % 20 < 6, unread_count, 0), version = version + 1"
                    + " WHERE tenant_id = ? AND version = " + MESSAGES_PER_CONVERSATION)) {
                s.setString(1, tenantId);
                s.executeUpdate();
            }
            try (var s = db.prepareStatement("INSERT IGNORE INTO conversation_label (conversation_id, label)"
                    + " SELECT id, IF(" + h + " % 50 = 0, 'vip', 'billing') FROM conversation WHERE tenant_id = ?"
                    + " AND (" + h + " % 50 = 0 OR " + h + " % 10 = 3)")) {
                s.setString(1, tenantId);
                s.executeUpdate();
            }
            try (var s = db.prepareStatement("UPDATE contact SET name = CONCAT(ELT(1 + " + h + " % 10, 'Ann',"
                    + " 'Ben', 'Chloé', 'Dmitri', 'Eva', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas'), ' ', IF(" + h
                    + " % 1000 = 7, 'Nakamura', ELT(1 + " + h + " DIV 10 % 11, 'Smith', 'Müller', 'García', 'Rossi',"
                    + " 'Dubois', 'Novak', 'Silva', 'Jensen', 'Kowalski', 'Öztürk', 'Haddad'))), email ="
                    + " CONCAT(SUBSTRING(phone, 2), '@mail.example') WHERE tenant_id = ? AND name IS NULL")) {
                s.setString(1, tenantId);
                s.executeUpdate();
            }
            try (var s = db.prepareStatement("UPDATE message SET text = CONCAT(text, ' Or a chargeback.') WHERE"
                    + " tenant_id = ? AND CRC32(id) % 10000 = 4242 AND text NOT LIKE '%chargeback%'")) {
                s.setString(1, tenantId);
                s.executeUpdate();
            }
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

        /** A contact's phone number and address, for the contact searches. */
        String[] someContact(String tenantId) throws Exception {
            try (var q = db.prepareStatement(
                    "SELECT phone, email FROM contact WHERE tenant_id = ? ORDER BY id DESC LIMIT 1")) {
                q.setString(1, tenantId);
                try (var r = q.executeQuery()) {
                    r.next();
                    return new String[] {r.getString(1), r.getString(2)};
                }
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
