package io.switchboard.reporting;

import io.switchboard.common.db.NativeRows;
import io.switchboard.reporting.rollups.SessionSeconds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each operator's workload per period, computed from the raw rows of the range (one operator's year is small):
 * handling seconds and cost of ended sessions split by local day as the rollups split them, sessions (counted in
 * the period they started), distinct conversations and the operator's handling seconds on each of them, REPLY,
 * FIRST_RESPONSE and RESOLUTION facts of the operator (by when they were measured), time ONLINE and utilisation.
 */
@ApplicationScoped
public class OperatorWorkloadReport {

    private final EntityManager em;
    private final Clock clock;

    OperatorWorkloadReport(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** @param operatorId null for every operator */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OperatorWorkloadRow> rows(String tenant, ReportRange range, String operatorId) {
        Map<Key, Figures> figures = new TreeMap<>();
        Instant from = range.fromInstant();
        Instant to = range.toInstant();

        for (Session r : list(
                "SELECT operator_id, conversation_id, started_at, duration_seconds,"
                        + " hourly_cost_minor, hourly_cost_currency FROM work_session WHERE tenant_id = :tenant"
                        + " AND ended_at IS NOT NULL AND started_at < :to AND ended_at >= :fromSlack",
                tenant,
                operatorId,
                Map.of("to", to, "fromSlack", from.minusSeconds(1)),
                Session.class)) {
            String operator = r.operatorId();
            String conversation = r.conversationId();
            long rate = r.hourlyCostMinor() == null ? 0 : r.hourlyCostMinor();
            String currency = r.hourlyCostCurrency();
            boolean first = true;
            for (var piece : SessionSeconds.byDay(r.startedAt(), r.durationSeconds(), range.zone())
                    .entrySet()) {
                LocalDate day = piece.getKey();
                boolean startPiece = first;
                first = false;
                if (day.isBefore(range.fromDay()) || !day.isBefore(range.toDay())) {
                    continue;
                }
                Figures f = figures.computeIfAbsent(
                        new Key(range.granularity().periodStart(day), operator), k -> new Figures());
                long seconds = piece.getValue();
                f.handlingSeconds += seconds;
                f.cost.add(currency, seconds, BigDecimal.valueOf(seconds).multiply(BigDecimal.valueOf(rate)));
                if (startPiece) {
                    f.sessions++;
                }
                if (conversation != null) {
                    f.conversations.merge(conversation, seconds, Long::sum);
                }
            }
        }

        for (Fact r : list(
                "SELECT operator_id, ended_at, kind, seconds FROM reporting_event"
                        + " WHERE tenant_id = :tenant AND kind IN ('REPLY', 'FIRST_RESPONSE', 'RESOLUTION')"
                        + " AND operator_id IS NOT NULL AND ended_at >= :from AND ended_at < :to",
                tenant,
                operatorId,
                Map.of("from", from, "to", to),
                Fact.class)) {
            Figures f =
                    figures.computeIfAbsent(new Key(range.periodOf(r.endedAt()), r.operatorId()), k -> new Figures());
            switch (r.kind()) {
                case "REPLY" -> f.replies++;
                case "FIRST_RESPONSE" -> f.firstResponses.add(r.seconds());
                default -> f.resolved++;
            }
        }

        Instant now = clock.instant();
        for (Online r : list(
                "SELECT operator_id, started_at, ended_at FROM operator_availability WHERE tenant_id = :tenant"
                        + " AND availability = 'ONLINE' AND started_at < :to AND (ended_at IS NULL OR ended_at > :from)",
                tenant,
                operatorId,
                Map.of("from", from, "to", to),
                Online.class)) {
            Instant start = max(r.startedAt(), from);
            Instant end = min(r.endedAt() == null ? now : r.endedAt(), to);
            for (LocalDate period : range.periods()) {
                Instant ps = range.startOf(period);
                Instant pe = range.startOf(range.granularity().next(period));
                Instant s = max(start, ps);
                Instant e = min(end, pe);
                if (s.isBefore(e)) {
                    figures.computeIfAbsent(new Key(period, r.operatorId()), k -> new Figures()).availableSeconds +=
                            java.time.Duration.between(s, e).getSeconds();
                }
            }
        }

        Map<String, String> names = names(tenant);
        List<OperatorWorkloadRow> rows = new ArrayList<>();
        figures.forEach((key, f) -> rows.add(new OperatorWorkloadRow(
                key.period.toString(),
                key.operatorId,
                names.get(key.operatorId),
                f.handlingSeconds,
                f.sessions,
                f.conversations.size(),
                f.resolved,
                f.replies,
                OperatorWorkloadRow.Times.of(
                        f.firstResponses.stream().mapToLong(Long::longValue).toArray()),
                OperatorWorkloadRow.Times.of(f.conversations.values().stream()
                        .mapToLong(Long::longValue)
                        .toArray()),
                f.availableSeconds,
                f.availableSeconds == 0
                        ? null
                        : BigDecimal.valueOf(f.handlingSeconds)
                                .divide(BigDecimal.valueOf(f.availableSeconds), 4, RoundingMode.HALF_EVEN)
                                .doubleValue(),
                f.cost.cost(),
                f.cost.costs(),
                f.cost.uncostedSeconds(),
                new OperatorWorkloadRow.DrillDown(
                        DrillDowns.workSessions(range, key.period, null, null, key.operatorId)))));
        return rows;
    }

    private record Session(
            String operatorId,
            String conversationId,
            Instant startedAt,
            long durationSeconds,
            Long hourlyCostMinor,
            String hourlyCostCurrency) {}

    private record Fact(String operatorId, Instant endedAt, String kind, Long seconds) {}

    private record Online(String operatorId, Instant startedAt, Instant endedAt) {}

    private record Name(String id, String name) {}

    private <R extends Record> List<R> list(
            String sql, String tenant, String operatorId, Map<String, Instant> times, Class<R> type) {
        Query q = em.createNativeQuery(operatorId == null ? sql : sql + " AND operator_id = :operator")
                .setParameter("tenant", tenant);
        times.forEach(q::setParameter);
        if (operatorId != null) {
            q.setParameter("operator", operatorId);
        }
        return NativeRows.list(q, type);
    }

    private Map<String, String> names(String tenant) {
        Map<String, String> names = new HashMap<>();
        NativeRows.list(
                        em.createNativeQuery("SELECT id, COALESCE(name, username, subject) AS name FROM operator"
                                        + " WHERE tenant_id = :tenant")
                                .setParameter("tenant", tenant),
                        Name.class)
                .forEach(r -> names.put(r.id(), r.name()));
        return names;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private record Key(LocalDate period, String operatorId) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int c = period.compareTo(other.period);
            return c != 0 ? c : operatorId.compareTo(other.operatorId);
        }
    }

    private static final class Figures {
        long handlingSeconds;
        long sessions;
        /** Conversation id to the operator's handling seconds on it in the period. */
        final Map<String, Long> conversations = new HashMap<>();

        long resolved;
        long replies;
        final List<Long> firstResponses = new ArrayList<>();
        long availableSeconds;
        final CostSum cost = new CostSum();
    }
}
