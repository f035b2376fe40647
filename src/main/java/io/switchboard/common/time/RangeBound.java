package io.switchboard.common.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * One end of a time range as the API takes it everywhere a range is given (reports, the posts calendar): an ISO date
 * ({@code 2026-03-01}, a local day of the tenant, meaning its start in the tenant's zone) or an ISO instant
 * ({@code 2026-02-28T23:00:00Z}).
 */
public record RangeBound(Instant instant, boolean date) {

    /** How the bounds are written, for error messages and the spec. */
    public static final String FORMATS =
            "an ISO date (2026-03-01, a local day of the tenant) or instant" + " (2026-02-28T23:00:00Z)";

    /** Reads a bound; a date is the start of that day in {@code zone}. */
    public static RangeBound parse(String value, ZoneId zone) throws DateTimeException {
        String text = value.strip();
        if (!text.contains("T")) {
            return new RangeBound(LocalDate.parse(text).atStartOfDay(zone).toInstant(), true);
        }
        return new RangeBound(Instant.parse(text), false);
    }
}
