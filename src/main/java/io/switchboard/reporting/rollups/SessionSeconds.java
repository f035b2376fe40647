package io.switchboard.reporting.rollups;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one rule for local days, used by the rollups ({@link RollupJdbc}, incremental and rebuilt) and by the reports
 * computed from raw rows: an instant belongs to the tenant's local day that holds it; a session covers the whole
 * seconds {@code t = 0 .. duration - 1} from its start, and second {@code t} belongs to the local day holding
 * {@code start + t}. The day the session started is always listed (a 0-second session counts there).
 */
public final class SessionSeconds {

    private SessionSeconds() {}

    /** The local day of {@code zone} that holds {@code at}. */
    public static LocalDate dayOf(Instant at, ZoneId zone) {
        return LocalDate.ofInstant(at, zone);
    }

    /** Seconds per local day, in order. */
    public static Map<LocalDate, Long> byDay(Instant startedAt, long durationSeconds, ZoneId zone) {
        Map<LocalDate, Long> days = new LinkedHashMap<>();
        long done = 0;
        do {
            Instant at = startedAt.plusSeconds(done);
            LocalDate day = dayOf(at, zone);
            // atStartOfDay(zone): the first instant of the day, also where DST skips midnight.
            Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
            long next = Math.min(durationSeconds, ceilSeconds(Duration.between(startedAt, end)));
            days.merge(day, next - done, Long::sum);
            done = next;
        } while (done < durationSeconds);
        return days;
    }

    private static long ceilSeconds(Duration d) {
        return d.getNano() == 0 ? d.getSeconds() : d.getSeconds() + 1;
    }
}
