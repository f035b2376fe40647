package io.switchboard.reporting.rollups;

import io.switchboard.common.db.Jdbc;
import io.switchboard.common.time.UtcColumns;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The report rollups (tables of V15, V23), kept by the application alone: in the transaction that writes the facts
 * they count (a batch of messages, a work session's change, new resolutions), and rebuilt from the raw rows with the
 * same rules ({@link SessionSeconds}, {@link MessageCount}). Plain JDBC on the caller's connection and transaction,
 * so that the ingest batches, the JPA services and bulk loaders share it.
 *
 * <p>Rows are per local day of the tenant's zone ({@code tenant.time_zone}), read with a shared lock in the writing
 * transaction: a change of zone (which rebuilds under an exclusive lock on the same row) waits for the writers, and
 * writers wait for it. Rollup rows are written in key order, so concurrent transactions lock them in one order.
 *
 * <ul>
 *   <li>{@code report_work_day}: handling seconds, {@code cost_minor_seconds} = seconds x the session's hourly cost
 *       in minor units (reports divide by 3600 and round once per figure) and sessions started, per local day,
 *       channel ({@code ''}: none), kind and currency ({@code ''}: no cost known), of ended sessions. A row whose
 *       figures all return to zero is removed.
 *   <li>{@code report_conversation_period}: the session pieces of a conversation per day (D), ISO week (W) and month
 *       (M); {@code report_handled_period}: how many conversations each period has (rows at zero are removed).
 *   <li>{@code report_count_day}: messages in and out, failed deliveries and resolutions per local day, each count
 *       spread over up to 32 rows per key ({@code shard}: the connection id mod 32, V23) so that concurrent ingest
 *       batches never wait for one hot row; readers add them up.
 * </ul>
 */
public final class RollupJdbc {

    private static final int PAGE = 20_000;
    private static final int INSERT_ROWS = 500;
    private static final int PIECES_IN_MEMORY = 200_000;

    private RollupJdbc() {}

    // ---------------------------------------------------------------- keys

    private record WorkKey(String tenant, LocalDate day, String channel, String kind, String currency)
            implements Comparable<WorkKey> {
        private static final Comparator<WorkKey> ORDER = Comparator.comparing(WorkKey::tenant)
                .thenComparing(WorkKey::day)
                .thenComparing(WorkKey::channel)
                .thenComparing(WorkKey::kind)
                .thenComparing(WorkKey::currency);

        @Override
        public int compareTo(WorkKey o) {
            return ORDER.compare(this, o);
        }
    }

    private static final class WorkSum {
        long seconds;
        BigDecimal cost = BigDecimal.ZERO;
        long sessions;

        boolean isZero() {
            return seconds == 0 && cost.signum() == 0 && sessions == 0;
        }

        boolean lowers() {
            return seconds < 0 || cost.signum() < 0 || sessions < 0;
        }
    }

    private record PeriodKey(String tenant, char granularity, LocalDate period, String channel, String kind)
            implements Comparable<PeriodKey> {
        private static final Comparator<PeriodKey> ORDER = Comparator.comparing(PeriodKey::tenant)
                .thenComparing(PeriodKey::granularity)
                .thenComparing(PeriodKey::period)
                .thenComparing(PeriodKey::channel)
                .thenComparing(PeriodKey::kind);

        @Override
        public int compareTo(PeriodKey o) {
            return ORDER.compare(this, o);
        }
    }

    private record PieceKey(PeriodKey period, String conversation) implements Comparable<PieceKey> {
        @Override
        public int compareTo(PieceKey o) {
            int c = period.compareTo(o.period);
            return c != 0 ? c : conversation.compareTo(o.conversation);
        }
    }

    private record CountKey(String tenant, LocalDate day, String channel, String kind, String measure)
            implements Comparable<CountKey> {
        private static final Comparator<CountKey> ORDER = Comparator.comparing(CountKey::tenant)
                .thenComparing(CountKey::day)
                .thenComparing(CountKey::channel)
                .thenComparing(CountKey::kind)
                .thenComparing(CountKey::measure);

        @Override
        public int compareTo(CountKey o) {
            return ORDER.compare(this, o);
        }
    }

    /** Work-session contributions gathered before they are written. */
    private static final class WorkDeltas {
        final Map<WorkKey, WorkSum> days = new TreeMap<>();
        final Map<PieceKey, Integer> pieces = new TreeMap<>();

        /** Adds {@code sign} times the session's contribution, with its conversation pieces when asked. */
        void add(SessionFacts s, ZoneId zone, int sign, boolean conversations) {
            String channel = s.channelId() == null ? "" : s.channelId();
            String currency = s.currency() == null ? "" : s.currency();
            BigDecimal rate = BigDecimal.valueOf(s.rateMinor() == null ? 0 : s.rateMinor());
            boolean first = true;
            for (Map.Entry<LocalDate, Long> piece : SessionSeconds.byDay(s.startedAt(), s.durationSeconds(), zone)
                    .entrySet()) {
                LocalDate day = piece.getKey();
                long seconds = piece.getValue();
                WorkSum sum = days.computeIfAbsent(
                        new WorkKey(s.tenantId(), day, channel, s.kind(), currency), k -> new WorkSum());
                sum.seconds += sign * seconds;
                sum.cost = sum.cost.add(rate.multiply(BigDecimal.valueOf(sign * seconds)));
                sum.sessions += first ? sign : 0;
                first = false;
                if (conversations && s.conversationId() != null) {
                    for (char g : new char[] {'D', 'W', 'M'}) {
                        LocalDate period = switch (g) {
                            case 'D' -> day;
                            case 'W' -> day.minusDays(day.getDayOfWeek().getValue() - 1);
                            default -> day.withDayOfMonth(1);
                        };
                        pieces.merge(
                                new PieceKey(
                                        new PeriodKey(s.tenantId(), g, period, channel, s.kind()), s.conversationId()),
                                sign,
                                Integer::sum);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- incremental

    /** Applies the changes of work sessions (each its before and after) to the rollups. */
    public static void sessions(Connection c, Collection<SessionFacts.Change> changes) throws SQLException {
        List<SessionFacts.Change> counted = changes.stream()
                .filter(ch -> (ch.before() != null && ch.before().counts())
                        || (ch.after() != null && ch.after().counts()))
                .filter(ch -> ch.before() == null || !ch.before().equals(ch.after()))
                .toList();
        if (counted.isEmpty()) {
            return;
        }
        Set<String> tenants = new HashSet<>();
        counted.forEach(ch -> {
            if (ch.before() != null) tenants.add(ch.before().tenantId());
            if (ch.after() != null) tenants.add(ch.after().tenantId());
        });
        Map<String, ZoneId> zones = zones(c, tenants, false);
        WorkDeltas deltas = new WorkDeltas();
        for (SessionFacts.Change ch : counted) {
            SessionFacts before = ch.before() != null && ch.before().counts() ? ch.before() : null;
            SessionFacts after = ch.after() != null && ch.after().counts() ? ch.after() : null;
            // A re-costing (rate history changed) moves only cost: the conversations worked on stay as they are.
            boolean costsOnly = before != null && after != null && before.sameWorkAs(after);
            if (before != null) {
                deltas.add(before, zones.get(before.tenantId()), -1, !costsOnly);
            }
            if (after != null) {
                deltas.add(after, zones.get(after.tenantId()), 1, !costsOnly);
            }
        }
        writeWorkDays(c, deltas.days, true);
        writePieces(c, deltas.pieces);
    }

    /** Applies changes of counted things (messages, resolutions) to the rollups, one statement for all. */
    public static void counts(Connection c, Collection<MessageCount> counts) throws SQLException {
        // Netted first: a change that moves a message within one measure (a reply going from QUEUED to SENDING to
        // SENT) adds and takes back the same count, and needs neither the tenant's zone nor a write.
        Map<MessageCount, Integer> net = new LinkedHashMap<>();
        counts.forEach(m -> net.merge(m.withDelta(0), m.delta(), Integer::sum));
        List<MessageCount> changes = net.entrySet().stream()
                .filter(e -> e.getValue() != 0)
                .map(e -> e.getKey().withDelta(e.getValue()))
                .toList();
        if (changes.isEmpty()) {
            return;
        }
        Map<String, ZoneId> zones = zones(
                c, changes.stream().map(MessageCount::tenantId).collect(java.util.stream.Collectors.toSet()), false);
        Set<String> unknownKinds = new HashSet<>();
        changes.stream()
                .filter(m -> m.kind() == null && m.channelId() != null)
                .forEach(m -> unknownKinds.add(m.channelId()));
        Map<String, String> kinds = unknownKinds.isEmpty() ? Map.of() : channelKinds(c, unknownKinds);
        Map<CountKey, Long> sums = new TreeMap<>();
        for (MessageCount m : changes) {
            String kind = m.kind() != null ? m.kind() : kinds.get(m.channelId());
            if (kind == null) {
                throw new IllegalStateException("No channel " + m.channelId() + " for a count");
            }
            sums.merge(
                    new CountKey(
                            m.tenantId(),
                            SessionSeconds.dayOf(m.at(), zones.get(m.tenantId())),
                            m.channelId() == null ? "" : m.channelId(),
                            kind,
                            m.measure()),
                    (long) m.delta(),
                    Long::sum);
        }
        sums.values().removeIf(n -> n == 0);
        writeCounts(c, sums, true);
    }

    // ---------------------------------------------------------------- rebuild

    /**
     * Recomputes the tenant's rollups from the raw rows (after a change of the tenant's zone, or a bulk load that
     * wrote raw rows only), in the caller's transaction. Locks the tenant row: writers of the tenant wait until the
     * caller commits.
     */
    public static void rebuild(Connection c, String tenant) throws SQLException {
        ZoneId zone = zones(c, Set.of(tenant), true).get(tenant);
        for (String table :
                List.of("report_work_day", "report_conversation_period", "report_handled_period", "report_count_day")) {
            Jdbc.execute(c, "DELETE FROM " + table + " WHERE tenant_id = ?", List.of(tenant));
        }

        WorkDeltas work = new WorkDeltas();
        String after = "";
        int rows;
        do {
            rows = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT id, conversation_id, channel_id, channel_kind,"
                    + " started_at, ended_at, duration_seconds, hourly_cost_minor, hourly_cost_currency"
                    + " FROM work_session WHERE tenant_id = ? AND ended_at IS NOT NULL AND id > ? ORDER BY id LIMIT "
                    + PAGE)) {
                s.setString(1, tenant);
                s.setString(2, after);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        after = rs.getString("id");
                        long rate = rs.getLong("hourly_cost_minor");
                        work.add(
                                new SessionFacts(
                                        tenant,
                                        rs.getString("conversation_id"),
                                        rs.getString("channel_id"),
                                        rs.getString("channel_kind"),
                                        UtcColumns.get(rs, rs.findColumn("started_at")),
                                        UtcColumns.get(rs, rs.findColumn("ended_at")),
                                        rs.getInt("duration_seconds"),
                                        rs.wasNull() ? null : rate,
                                        rs.getString("hourly_cost_currency")),
                                zone,
                                1,
                                true);
                    }
                }
            }
            if (work.pieces.size() > PIECES_IN_MEMORY) {
                addPieces(c, work.pieces);
                work.pieces.clear();
            }
        } while (rows == PAGE);
        writeWorkDays(c, work.days, false);
        addPieces(c, work.pieces);
        Jdbc.execute(
                c,
                "INSERT INTO report_handled_period (tenant_id, granularity, period_start, channel_key, channel_kind,"
                        + " conversations) SELECT tenant_id, granularity, period_start, channel_key, channel_kind,"
                        + " COUNT(*) FROM report_conversation_period WHERE tenant_id = ?"
                        + " GROUP BY tenant_id, granularity, period_start, channel_key, channel_kind",
                List.of(tenant));

        Map<String, String> kinds = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, kind FROM channel WHERE tenant_id = ?")) {
            s.setString(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    kinds.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        Map<CountKey, Long> counts = new TreeMap<>();
        after = "";
        do {
            rows = 0;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, channel_id, direction, delivery_status, created_at FROM message WHERE tenant_id = ?"
                            + " AND id > ? ORDER BY id LIMIT " + PAGE)) {
                s.setString(1, tenant);
                s.setString(2, after);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        after = rs.getString(1);
                        String measure = MessageCount.measureOf(rs.getString(3), rs.getString(4));
                        if (measure != null) {
                            String channel = rs.getString(2);
                            String kind = kinds.containsKey(channel)
                                    ? kinds.get(channel)
                                    : channelKinds(c, Set.of(channel)).get(channel);
                            counts.merge(
                                    new CountKey(
                                            tenant,
                                            SessionSeconds.dayOf(UtcColumns.get(rs, 5), zone),
                                            channel,
                                            kind,
                                            measure),
                                    1L,
                                    Long::sum);
                        }
                    }
                }
            }
        } while (rows == PAGE);
        after = "";
        do {
            rows = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT id, channel_id, channel_kind, ended_at"
                    + " FROM reporting_event WHERE tenant_id = ? AND kind = 'RESOLUTION' AND id > ? ORDER BY id LIMIT "
                    + PAGE)) {
                s.setString(1, tenant);
                s.setString(2, after);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        after = rs.getString(1);
                        String channel = rs.getString(2);
                        counts.merge(
                                new CountKey(
                                        tenant,
                                        SessionSeconds.dayOf(UtcColumns.get(rs, 4), zone),
                                        channel == null ? "" : channel,
                                        rs.getString(3),
                                        MessageCount.RESOLVED),
                                1L,
                                Long::sum);
                    }
                }
            }
        } while (rows == PAGE);
        writeCounts(c, counts, false);
    }

    // ---------------------------------------------------------------- writes

    private static void writeWorkDays(Connection c, Map<WorkKey, WorkSum> days, boolean removeZeros)
            throws SQLException {
        List<Map.Entry<WorkKey, WorkSum>> rows =
                days.entrySet().stream().filter(e -> !e.getValue().isZero()).toList();
        for (List<Map.Entry<WorkKey, WorkSum>> chunk : chunks(rows)) {
            upsert(
                    c,
                    "INSERT INTO report_work_day (tenant_id, day, channel_key, channel_kind, currency,"
                            + " handling_seconds, cost_minor_seconds, sessions) VALUES ",
                    "(?, ?, ?, ?, ?, ?, ?, ?)",
                    chunk,
                    (e, row) -> {
                        WorkKey k = e.getKey();
                        row.add(k.tenant());
                        row.add(k.day());
                        row.add(k.channel());
                        row.add(k.kind());
                        row.add(k.currency());
                        row.add(e.getValue().seconds);
                        row.add(e.getValue().cost);
                        row.add(e.getValue().sessions);
                    },
                    " ON DUPLICATE KEY UPDATE handling_seconds = handling_seconds + VALUES(handling_seconds),"
                            + " cost_minor_seconds = cost_minor_seconds + VALUES(cost_minor_seconds),"
                            + " sessions = sessions + VALUES(sessions)");
        }
        if (removeZeros) {
            for (Map.Entry<WorkKey, WorkSum> e : rows) {
                if (e.getValue().lowers()) {
                    WorkKey k = e.getKey();
                    Jdbc.execute(
                            c,
                            "DELETE FROM report_work_day WHERE tenant_id = ? AND day = ? AND channel_key = ?"
                                    + " AND channel_kind = ? AND currency = ? AND handling_seconds = 0"
                                    + " AND cost_minor_seconds = 0 AND sessions = 0",
                            List.of(k.tenant(), k.day(), k.channel(), k.kind(), k.currency()));
                }
            }
        }
    }

    /** Pieces of a rebuild: added up, the handled counts follow from the rows at the end. */
    private static void addPieces(Connection c, Map<PieceKey, Integer> pieces) throws SQLException {
        for (List<Map.Entry<PieceKey, Integer>> chunk : chunks(new ArrayList<>(pieces.entrySet()))) {
            upsert(
                    c,
                    "INSERT INTO report_conversation_period (tenant_id, granularity, period_start, channel_key,"
                            + " channel_kind, conversation_id, refs) VALUES ",
                    "(?, ?, ?, ?, ?, ?, ?)",
                    chunk,
                    (e, row) -> {
                        PeriodKey p = e.getKey().period();
                        row.add(p.tenant());
                        row.add(String.valueOf(p.granularity()));
                        row.add(p.period());
                        row.add(p.channel());
                        row.add(p.kind());
                        row.add(e.getKey().conversation());
                        row.add(e.getValue());
                    },
                    " ON DUPLICATE KEY UPDATE refs = refs + VALUES(refs)");
        }
    }

    /**
     * Pieces of live changes: a conversation's first piece in a period adds it to the period's handled count, its
     * last piece's removal takes it away.
     */
    private static void writePieces(Connection c, Map<PieceKey, Integer> pieces) throws SQLException {
        Map<PeriodKey, Integer> handled = new TreeMap<>();
        for (Map.Entry<PieceKey, Integer> e : pieces.entrySet()) {
            int delta = e.getValue();
            if (delta == 0) {
                continue;
            }
            PeriodKey p = e.getKey().period();
            List<Object> key = List.of(
                    p.tenant(),
                    String.valueOf(p.granularity()),
                    p.period(),
                    p.channel(),
                    p.kind(),
                    e.getKey().conversation());
            List<Object> values = new ArrayList<>(key);
            values.add(delta);
            // 1: a new row; 2: an existing row changed (the client reports rows found as well as changed).
            int written = Jdbc.execute(
                    c,
                    "INSERT INTO report_conversation_period (tenant_id, granularity, period_start, channel_key,"
                            + " channel_kind, conversation_id, refs) VALUES (?, ?, ?, ?, ?, ?, ?)"
                            + " ON DUPLICATE KEY UPDATE refs = refs + VALUES(refs)",
                    values);
            if (written == 1) {
                if (delta > 0) {
                    handled.merge(p, 1, Integer::sum);
                }
            } else if (delta < 0
                    && Jdbc.execute(
                                    c,
                                    "DELETE FROM report_conversation_period WHERE tenant_id = ? AND granularity = ?"
                                            + " AND period_start = ? AND channel_key = ? AND channel_kind = ?"
                                            + " AND conversation_id = ? AND refs = 0",
                                    key)
                            == 1) {
                handled.merge(p, -1, Integer::sum);
            }
        }
        for (Map.Entry<PeriodKey, Integer> e : handled.entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            PeriodKey p = e.getKey();
            List<Object> key = List.of(p.tenant(), String.valueOf(p.granularity()), p.period(), p.channel(), p.kind());
            List<Object> values = new ArrayList<>(key);
            values.add(e.getValue());
            Jdbc.execute(
                    c,
                    "INSERT INTO report_handled_period (tenant_id, granularity, period_start, channel_key, channel_kind,"
                            + " conversations) VALUES (?, ?, ?, ?, ?, ?)"
                            + " ON DUPLICATE KEY UPDATE conversations = conversations + VALUES(conversations)",
                    values);
            if (e.getValue() < 0) {
                Jdbc.execute(
                        c,
                        "DELETE FROM report_handled_period WHERE tenant_id = ? AND granularity = ? AND period_start = ?"
                                + " AND channel_key = ? AND channel_kind = ? AND conversations = 0",
                        key);
            }
        }
    }

    /** Counts added to the shard of this connection (live), or to shard 0 (rebuild). */
    private static void writeCounts(Connection c, Map<CountKey, Long> counts, boolean sharded) throws SQLException {
        for (List<Map.Entry<CountKey, Long>> chunk : chunks(new ArrayList<>(counts.entrySet()))) {
            upsert(
                    c,
                    "INSERT INTO report_count_day (tenant_id, day, channel_key, channel_kind, measure, shard, n)"
                            + " VALUES ",
                    sharded ? "(?, ?, ?, ?, ?, CONNECTION_ID() MOD 32, ?)" : "(?, ?, ?, ?, ?, 0, ?)",
                    chunk,
                    (e, row) -> {
                        CountKey k = e.getKey();
                        row.add(k.tenant());
                        row.add(k.day());
                        row.add(k.channel());
                        row.add(k.kind());
                        row.add(k.measure());
                        row.add(e.getValue());
                    },
                    " ON DUPLICATE KEY UPDATE n = n + VALUES(n)");
        }
    }

    // ---------------------------------------------------------------- look-ups

    /**
     * The tenants' zones, read under a shared lock (exclusive for a rebuild); a tenant unknown or with an unknown
     * zone is on UTC days.
     */
    private static Map<String, ZoneId> zones(Connection c, Set<String> tenants, boolean exclusive) throws SQLException {
        Map<String, ZoneId> zones = new HashMap<>();
        List<String> ids = tenants.stream().sorted().toList();
        try (PreparedStatement s = c.prepareStatement("SELECT id, time_zone FROM tenant WHERE id IN ("
                + Jdbc.marks(ids.size()) + ") ORDER BY id" + (exclusive ? " FOR UPDATE" : " LOCK IN SHARE MODE"))) {
            Jdbc.bind(s, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ZoneId zone;
                    try {
                        zone = ZoneId.of(rs.getString(2));
                    } catch (DateTimeException e) {
                        zone = ZoneOffset.UTC;
                    }
                    zones.put(rs.getString(1), zone);
                }
            }
        }
        ids.forEach(id -> zones.putIfAbsent(id, ZoneOffset.UTC));
        return zones;
    }

    private static Map<String, String> channelKinds(Connection c, Set<String> channels) throws SQLException {
        Map<String, String> kinds = new HashMap<>();
        List<String> ids = new ArrayList<>(channels);
        try (PreparedStatement s =
                c.prepareStatement("SELECT id, kind FROM channel WHERE id IN (" + Jdbc.marks(ids.size()) + ")")) {
            Jdbc.bind(s, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    kinds.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return kinds;
    }

    private static <T> List<List<T>> chunks(List<T> rows) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += INSERT_ROWS) {
            chunks.add(rows.subList(i, Math.min(rows.size(), i + INSERT_ROWS)));
        }
        return chunks;
    }

    /** One multi-row INSERT of {@code items}, each row as {@code rowMarks}, then {@code tail}. */
    private static <T> void upsert(
            Connection c, String prefix, String rowMarks, List<T> items, Jdbc.RowWriter<T> writer, String tail)
            throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder(prefix);
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            sql.append(i == 0 ? "" : ",").append(rowMarks);
            writer.write(items.get(i), params);
        }
        sql.append(tail);
        Jdbc.execute(c, sql.toString(), params);
    }
}
