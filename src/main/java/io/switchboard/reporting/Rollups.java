package io.switchboard.reporting;

import io.switchboard.common.db.NativeRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** Reads of the rollup tables (V15, V23), always for one tenant; the records' components name the columns. */
@ApplicationScoped
class Rollups {

    record WorkDay(
            LocalDate day,
            String channelKey,
            String kind,
            String currency,
            long handlingSeconds,
            BigDecimal costMinorSeconds,
            long sessions) {}

    record CountDay(LocalDate day, String channelKey, String kind, String measure, long n) {}

    record Handled(LocalDate periodStart, String channelKey, String kind, long conversations) {}

    private final EntityManager em;

    Rollups(EntityManager em) {
        this.em = em;
    }

    List<WorkDay> work(String tenant, ReportRange range, String channelKey, String kind) {
        Query q = query(
                "SELECT day, channel_key, channel_kind AS kind, currency, handling_seconds, cost_minor_seconds,"
                        + " sessions FROM report_work_day WHERE tenant_id = :tenant AND day >= :from AND day < :to",
                tenant,
                range.fromDay(),
                range.toDay(),
                channelKey,
                kind);
        return NativeRows.list(q, WorkDay.class);
    }

    List<CountDay> counts(String tenant, ReportRange range, String channelKey, String kind, List<String> measures) {
        // A count is kept in several rows (shards, V23): their sum.
        Query q = query(
                "SELECT day, channel_key, channel_kind AS kind, measure, SUM(n) AS n FROM report_count_day"
                        + " WHERE tenant_id = :tenant AND day >= :from AND day < :to AND measure IN (:measures)",
                " GROUP BY day, channel_key, channel_kind, measure",
                tenant,
                range.fromDay(),
                range.toDay(),
                channelKey,
                kind);
        q.setParameter("measures", measures);
        return NativeRows.list(q, CountDay.class);
    }

    List<Handled> handled(String tenant, ReportRange range, String channelKey, String kind) {
        Query q = query(
                "SELECT period_start, channel_key, channel_kind AS kind, conversations FROM report_handled_period"
                        + " WHERE tenant_id = :tenant AND granularity = '" + range.granularity().code
                        + "' AND period_start >= :from AND period_start < :to",
                tenant,
                range.fromDay(),
                range.toDay(),
                channelKey,
                kind);
        return NativeRows.list(q, Handled.class);
    }

    private Query query(String sql, String tenant, LocalDate from, LocalDate to, String channelKey, String kind) {
        return query(sql, "", tenant, from, to, channelKey, kind);
    }

    /** {@code sql} narrowed to the channel and kind when given, then {@code tail}. */
    private Query query(
            String sql, String tail, String tenant, LocalDate from, LocalDate to, String channelKey, String kind) {
        StringBuilder text = new StringBuilder(sql);
        if (channelKey != null) {
            text.append(" AND channel_key = :channel");
        }
        if (kind != null) {
            text.append(" AND channel_kind = :kind");
        }
        text.append(tail);
        Query q = em.createNativeQuery(text.toString())
                .setParameter("tenant", tenant)
                .setParameter("from", from)
                .setParameter("to", to);
        if (channelKey != null) {
            q.setParameter("channel", channelKey);
        }
        if (kind != null) {
            q.setParameter("kind", kind);
        }
        return q;
    }
}
