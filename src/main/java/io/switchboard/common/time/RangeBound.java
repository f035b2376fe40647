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

    /** The earliest and latest instants a bound may name: what the database's DATETIME columns hold. */
    static final Instant EARLIEST = Instant.parse("1000-01-01T00:00:00Z");

    static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    /**
     * Reads a bound; a date is the start of that day in {@code zone}. A bound before the year 1000 or after 9998 is
     * refused like a malformed one: no stored time lies there, and the database could not compare with it.
     */
    public static RangeBound parse(String value, ZoneId zone) throws DateTimeException {
        String text = value.strip();
        RangeBound bound = text.contains("T")
                ? new RangeBound(Instant.parse(text), false)
                : new RangeBound(LocalDate.parse(text).atStartOfDay(zone).toInstant(), true);
        if (bound.instant().isBefore(EARLIEST) || bound.instant().isAfter(LATEST)) {
            throw new DateTimeException(text + " is outside the years 1000 to 9998");
        }
        return bound;
    }
}
