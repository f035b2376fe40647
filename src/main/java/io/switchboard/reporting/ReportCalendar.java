package io.switchboard.reporting;

import io.switchboard.tenancy.TenantTimeZoneChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A tenant's local days as UTC instants ({@code report_calendar}), which the rollup triggers bucket by; a tenant
 * without rows is on UTC days. When the zone changes, the calendar is rewritten and the rollups rebuilt from the raw
 * rows in the same transaction, so no report ever mixes two zones.
 */
@ApplicationScoped
class ReportCalendar {

    /** The days the calendar covers; data outside falls back to UTC days. */
    static final LocalDate FIRST_DAY = LocalDate.of(1990, 1, 1);

    static final LocalDate END_DAY = LocalDate.of(2100, 1, 1);

    private static final int BATCH = 1000;

    private final EntityManager em;

    ReportCalendar(EntityManager em) {
        this.em = em;
    }

    void onZoneChanged(@Observes TenantTimeZoneChanged change) {
        write(change.tenantId(), change.timeZone());
        em.createNativeQuery("CALL report_rebuild(?1)")
                .setParameter(1, change.tenantId())
                .executeUpdate();
    }

    private void write(String tenantId, ZoneId zone) {
        em.createNativeQuery("DELETE FROM report_calendar WHERE tenant_id = ?1")
                .setParameter(1, tenantId)
                .executeUpdate();
        List<LocalDate> batch = new ArrayList<>(BATCH);
        for (LocalDate day = FIRST_DAY; day.isBefore(END_DAY); day = day.plusDays(1)) {
            batch.add(day);
            if (batch.size() == BATCH) {
                insert(tenantId, zone, batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            insert(tenantId, zone, batch);
        }
    }

    private void insert(String tenantId, ZoneId zone, List<LocalDate> days) {
        StringBuilder sql =
                new StringBuilder("INSERT INTO report_calendar (tenant_id, utc_start, utc_end, local_day) VALUES ");
        for (int i = 0; i < days.size(); i++) {
            sql.append(i == 0 ? "" : ",").append("(?, ?, ?, ?)");
        }
        var insert = em.createNativeQuery(sql.toString());
        int p = 1;
        for (LocalDate day : days) {
            insert.setParameter(p++, tenantId);
            // atStartOfDay(zone): the first instant of the day, also where DST skips midnight.
            insert.setParameter(p++, day.atStartOfDay(zone).toInstant());
            insert.setParameter(p++, day.plusDays(1).atStartOfDay(zone).toInstant());
            insert.setParameter(p++, day);
        }
        insert.executeUpdate();
    }
}
