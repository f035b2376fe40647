package io.switchboard.reporting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Inbound messages by hour of the week in the tenant's zone, to staff the hours customers write in. Counted from the
 * messages themselves (the rollups keep days, not hours), as the volume report counts MESSAGES_IN: inbound messages
 * by when they were written. The database groups them by quarter of an hour in UTC (every zone's offset is a
 * multiple of 15 minutes) and each quarter is placed on its local weekday and hour here, so days with a daylight
 * saving change count each message once, on the local hour it was written.
 */
@ApplicationScoped
public class TrafficHoursReport {

    private static final long QUARTER = 900;

    private final EntityManager em;

    TrafficHoursReport(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TrafficHourRow> rows(String tenant, ReportRange range, ChannelFilter filter) {
        // Read through the channels' (channel_id, created_at) index: one range scan per channel of the tenant.
        StringBuilder sql = new StringBuilder("SELECT TIMESTAMPDIFF(SECOND, '1970-01-01', m.created_at) DIV "
                + QUARTER + " AS quarter, COUNT(*) AS n FROM channel c JOIN message m ON m.channel_id = c.id"
                + " WHERE c.tenant_id = :tenant AND m.tenant_id = :tenant AND m.direction = 'INBOUND'"
                + " AND m.created_at >= :from AND m.created_at < :to");
        if (filter.channelKey() != null) {
            // Messages always have a channel: "none" (work no channel carries) has no traffic.
            sql.append(" AND c.id = :channel");
        }
        if (filter.kind() != null) {
            sql.append(" AND c.kind = :kind");
        }
        sql.append(" GROUP BY quarter");
        Query q = em.createNativeQuery(sql.toString(), Tuple.class)
                .setParameter("tenant", tenant)
                .setParameter("from", range.fromInstant())
                .setParameter("to", range.toInstant());
        if (filter.channelKey() != null) {
            q.setParameter("channel", filter.channelKey());
        }
        if (filter.kind() != null) {
            q.setParameter("kind", filter.kind());
        }
        long[][] counts = new long[7][24];
        @SuppressWarnings("unchecked")
        List<Tuple> quarters = q.getResultList();
        for (Tuple t : quarters) {
            ZonedDateTime local = Instant.ofEpochSecond(((Number) t.get("quarter")).longValue() * QUARTER)
                    .atZone(range.zone());
            counts[local.getDayOfWeek().getValue() - 1][local.getHour()] += ((Number) t.get("n")).longValue();
        }
        List<TrafficHourRow> rows = new ArrayList<>(7 * 24);
        for (DayOfWeek day : DayOfWeek.values()) {
            for (int hour = 0; hour < 24; hour++) {
                rows.add(new TrafficHourRow(day.getValue(), hour, counts[day.getValue() - 1][hour]));
            }
        }
        return rows;
    }
}
