package io.switchboard.reporting;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rollups' rule for splitting a session by local day, for reports computed from the raw rows: a session covers
 * the whole seconds {@code t = 0 .. duration - 1} from its start, and second {@code t} belongs to the local day
 * holding {@code start + t}. The day the session started is always listed (a 0-second session counts there).
 */
final class SessionSeconds {

    private SessionSeconds() {}

    /** Seconds per local day, in order. */
    static Map<LocalDate, Long> byDay(Instant startedAt, long durationSeconds, ZoneId zone) {
        Map<LocalDate, Long> days = new LinkedHashMap<>();
        long done = 0;
        do {
            Instant at = startedAt.plusSeconds(done);
            LocalDate day = LocalDate.ofInstant(at, zone);
            Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
            long next = Math.min(durationSeconds, ceilSeconds(Duration.between(startedAt, end)));
            days.put(day, next - done);
            done = next;
        } while (done < durationSeconds);
        return days;
    }

    private static long ceilSeconds(Duration d) {
        return d.getNano() == 0 ? d.getSeconds() : d.getSeconds() + 1;
    }
}
