package io.switchboard.reporting;

import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.Problem;
import io.switchboard.common.time.RangeBound;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The period a report covers, in the tenant's zone: whole local days {@code [fromDay, toDay)}, widened to whole
 * periods of the granularity (a week report starting on a Wednesday starts on the Monday before), so that every
 * row covers its whole period.
 *
 * <p>{@code from} and {@code to} are ISO dates ({@code 2026-03-01}, local days of the tenant) or ISO instants that
 * fall on a local midnight of the tenant ({@code 2026-02-28T23:00:00Z} in Berlin); {@code to} is exclusive.
 */
record ReportRange(ZoneId zone, LocalDate fromDay, LocalDate toDay, Granularity granularity) {

    /** The longest range a report takes: three years of days. */
    static final long MAX_DAYS = 1100;

    static ReportRange parse(String from, String to, String groupBy, ZoneId zone) {
        List<Problem.FieldError> errors = new ArrayList<>();
        LocalDate fromDay = parseDay("from", from, zone, errors);
        LocalDate toDay = parseDay("to", to, zone, errors);
        Granularity granularity = Granularity.DAY;
        if (groupBy != null && !groupBy.isBlank()) {
            try {
                granularity = Granularity.valueOf(groupBy.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("groupBy", "must be day, week or month"));
            }
        }
        if (fromDay != null && toDay != null) {
            if (!fromDay.isBefore(toDay)) {
                errors.add(new Problem.FieldError("to", "must be after from"));
            } else if (ChronoUnit.DAYS.between(fromDay, toDay) > MAX_DAYS) {
                errors.add(new Problem.FieldError("to", "must be at most " + MAX_DAYS + " days after from"));
            }
        }
        if (!errors.isEmpty()) {
            throw InvalidRequestException.ofFields(errors);
        }
        return new ReportRange(zone, granularity.periodStart(fromDay), granularity.ceil(toDay), granularity);
    }

    private static LocalDate parseDay(String field, String value, ZoneId zone, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new Problem.FieldError(field, "is required (an ISO date such as 2026-03-01, or an instant)"));
            return null;
        }
        try {
            Instant at = RangeBound.parse(value, zone).instant();
            LocalDate day = LocalDate.ofInstant(at, zone);
            if (!day.atStartOfDay(zone).toInstant().equals(at)) {
                errors.add(new Problem.FieldError(
                        field,
                        "must be a local midnight of the tenant's zone " + zone + " (for example "
                                + day.atStartOfDay(zone).toInstant() + "), or a date"));
                return null;
            }
            return day;
        } catch (DateTimeException e) {
            errors.add(new Problem.FieldError(field, "must be " + RangeBound.FORMATS));
            return null;
        }
    }

    Instant fromInstant() {
        return fromDay.atStartOfDay(zone).toInstant();
    }

    Instant toInstant() {
        return toDay.atStartOfDay(zone).toInstant();
    }

    Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** The period (its first day) that holds instant {@code at}. */
    LocalDate periodOf(Instant at) {
        return granularity.periodStart(LocalDate.ofInstant(at, zone));
    }

    /** The periods of the range, in order. */
    List<LocalDate> periods() {
        List<LocalDate> periods = new ArrayList<>();
        for (LocalDate p = fromDay; p.isBefore(toDay); p = granularity.next(p)) {
            periods.add(p);
        }
        return periods;
    }
}
