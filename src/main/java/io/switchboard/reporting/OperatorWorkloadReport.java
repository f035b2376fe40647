package io.switchboard.reporting;

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

    private static final String INSTANT = "'%Y-%m-%dT%H:%i:%s.%fZ'";

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

        for (Object[] r : list(
                "SELECT operator_id, conversation_id, DATE_FORMAT(started_at, " + INSTANT + "), duration_seconds,"
                        + " hourly_cost_minor, hourly_cost_currency FROM work_session WHERE tenant_id = :tenant"
                        + " AND ended_at IS NOT NULL AND started_at < :to AND ended_at >= :fromSlack",
                tenant,
                operatorId,
                Map.of("to", to, "fromSlack", from.minusSeconds(1)))) {
            String operator = (String) r[0];
            String conversation = (String) r[1];
            Instant started = Instant.parse((String) r[2]);
            long rate = r[4] == null ? 0 : ((Number) r[4]).longValue();
            String currency = (String) r[5];
            boolean first = true;
            for (var piece : SessionSeconds.byDay(started, ((Number) r[3]).longValue(), range.zone())
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

        for (Object[] r : list(
                "SELECT operator_id, DATE_FORMAT(ended_at, " + INSTANT + "), kind, seconds FROM reporting_event"
                        + " WHERE tenant_id = :tenant AND kind IN ('REPLY', 'FIRST_RESPONSE', 'RESOLUTION')"
                        + " AND operator_id IS NOT NULL AND ended_at >= :from AND ended_at < :to",
                tenant,
                operatorId,
                Map.of("from", from, "to", to))) {
            Figures f = figures.computeIfAbsent(
                    new Key(range.periodOf(Instant.parse((String) r[1])), (String) r[0]), k -> new Figures());
            switch ((String) r[2]) {
                case "REPLY" -> f.replies++;
                case "FIRST_RESPONSE" -> f.firstResponses.add(((Number) r[3]).longValue());
                default -> f.resolved++;
            }
        }

        Instant now = clock.instant();
        for (Object[] r : list(
                "SELECT operator_id, DATE_FORMAT(started_at, " + INSTANT + "), DATE_FORMAT(ended_at, " + INSTANT
                        + ") FROM operator_availability WHERE tenant_id = :tenant AND availability = 'ONLINE'"
                        + " AND started_at < :to AND (ended_at IS NULL OR ended_at > :from)",
                tenant,
                operatorId,
                Map.of("from", from, "to", to))) {
            Instant start = max(Instant.parse((String) r[1]), from);
            Instant end = min(r[2] == null ? now : Instant.parse((String) r[2]), to);
            for (LocalDate period : range.periods()) {
                Instant ps = range.startOf(period);
                Instant pe = range.startOf(range.granularity().next(period));
                Instant s = max(start, ps);
                Instant e = min(end, pe);
                if (s.isBefore(e)) {
                    figures.computeIfAbsent(new Key(period, (String) r[0]), k -> new Figures()).availableSeconds +=
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

    private List<Object[]> list(String sql, String tenant, String operatorId, Map<String, Instant> times) {
        Query q = em.createNativeQuery(operatorId == null ? sql : sql + " AND operator_id = :operator")
                .setParameter("tenant", tenant);
        times.forEach(q::setParameter);
        if (operatorId != null) {
            q.setParameter("operator", operatorId);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        return rows;
    }

    private Map<String, String> names(String tenant) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT id, COALESCE(name, username, subject) FROM operator WHERE tenant_id = :tenant")
                .setParameter("tenant", tenant)
                .getResultList();
        Map<String, String> names = new HashMap<>();
        rows.forEach(r -> names.put((String) r[0], (String) r[1]));
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
