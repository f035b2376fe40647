package io.switchboard.tenancy;

import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.Problem;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A tenant's weekly opening hours in its time zone: per weekday zero or more half-open [open, close) intervals of
 * local time, close up to 24:00. None at all means always open. Business time is the real time that passes while
 * open: an interval spanning a daylight-saving change lasts one hour less in spring and one more in autumn, and an
 * opening time inside a spring-forward gap opens when the clocks have moved on (02:30 becomes 03:30).
 */
public final class BusinessHours {

    /** How many intervals one day may have. */
    public static final int MAX_INTERVALS_PER_DAY = 4;

    private static final Pattern OPEN = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    private static final Pattern CLOSE = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d|24:00");
    private static final int DAY_MINUTES = 24 * 60;
    /** How far {@link #after} looks ahead before giving up (a week always has open time, so never reached). */
    private static final int MAX_DAYS = 3700;

    /** One opening of a day as written: "HH:mm", close may be "24:00". */
    @Schema(name = "BusinessHoursInterval")
    public record Interval(
            @Schema(description = "Opens at this local time, HH:mm", example = "09:00")
            String open,

            @Schema(description = "Closes at this local time (not included), HH:mm up to 24:00", example = "17:00")
            String close) {}

    private record Minutes(int open, int close) {}

    private final ZoneId zone;
    private final Map<DayOfWeek, List<Minutes>> week;

    private BusinessHours(ZoneId zone, Map<DayOfWeek, List<Minutes>> week) {
        this.zone = zone;
        this.week = week;
    }

    /** Always open: business time is real time. */
    public static BusinessHours always(ZoneId zone) {
        return new BusinessHours(zone, new EnumMap<>(DayOfWeek.class));
    }

    /**
     * Validates a week (days missing or empty are closed): times HH:mm (close up to 24:00), open before close, no
     * overlaps, at most {@link #MAX_INTERVALS_PER_DAY} a day. Errors name their field as
     * {@code monday[0].open}; all of them are reported at once.
     *
     * @throws InvalidRequestException if anything is wrong
     */
    public static BusinessHours of(ZoneId zone, Map<DayOfWeek, List<Interval>> days) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<DayOfWeek, List<Minutes>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            List<Interval> intervals = days.get(day);
            if (intervals == null || intervals.isEmpty()) {
                continue;
            }
            String name = day.name().toLowerCase(Locale.ROOT);
            if (intervals.size() > MAX_INTERVALS_PER_DAY) {
                errors.add(new Problem.FieldError(name, "must have at most " + MAX_INTERVALS_PER_DAY + " intervals"));
                continue;
            }
            List<Minutes> parsed = new ArrayList<>();
            for (int i = 0; i < intervals.size(); i++) {
                String field = name + "[" + i + "]";
                Interval interval = intervals.get(i);
                if (interval == null) {
                    errors.add(new Problem.FieldError(field, "must be an object with open and close"));
                    continue;
                }
                Integer open = minutes(interval.open(), OPEN, field + ".open", "00:00 to 23:59", errors);
                Integer close = minutes(interval.close(), CLOSE, field + ".close", "00:01 to 24:00", errors);
                if (open == null || close == null) {
                    continue;
                }
                if (open >= close) {
                    errors.add(new Problem.FieldError(
                            field,
                            "must open before it closes (an interval past midnight is two: up to 24:00"
                                    + " and from 00:00 the next day)"));
                    continue;
                }
                parsed.add(new Minutes(open, close));
            }
            parsed.sort(Comparator.comparingInt(Minutes::open));
            for (int i = 1; i < parsed.size(); i++) {
                if (parsed.get(i).open() < parsed.get(i - 1).close()) {
                    errors.add(new Problem.FieldError(name, "has overlapping intervals"));
                    break;
                }
            }
            if (!parsed.isEmpty()) {
                week.put(day, List.copyOf(parsed));
            }
        }
        if (!errors.isEmpty()) {
            throw InvalidRequestException.ofFields(errors);
        }
        if (week.isEmpty()) {
            throw InvalidRequestException.ofField(
                    "businessHours", "must open at least once a week (DELETE the business hours to be always open)");
        }
        return new BusinessHours(zone, week);
    }

    private static Integer minutes(
            String value, Pattern pattern, String field, String range, List<Problem.FieldError> errors) {
        if (value == null || !pattern.matcher(value).matches()) {
            errors.add(new Problem.FieldError(field, "must be a time HH:mm from " + range));
            return null;
        }
        return Integer.parseInt(value.substring(0, 2)) * 60 + Integer.parseInt(value.substring(3));
    }

    public ZoneId zone() {
        return zone;
    }

    /** Whether no hours are configured: always open. */
    public boolean alwaysOpen() {
        return week.isEmpty();
    }

    /** The week as written, each day's intervals in order (closed days absent); empty when always open. */
    public Map<DayOfWeek, List<Interval>> days() {
        Map<DayOfWeek, List<Interval>> days = new EnumMap<>(DayOfWeek.class);
        week.forEach((day, list) -> days.put(
                day,
                list.stream()
                        .map(m -> new Interval(text(m.open()), text(m.close())))
                        .toList()));
        return days;
    }

    private static String text(int minutes) {
        return String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
    }

    /** The business time from start to end (zero when end is not after start). */
    public Duration between(Instant start, Instant end) {
        if (!end.isAfter(start)) {
            return Duration.ZERO;
        }
        if (alwaysOpen()) {
            return Duration.between(start, end);
        }
        Duration total = Duration.ZERO;
        LocalDate last = end.atZone(zone).toLocalDate();
        for (LocalDate day = start.atZone(zone).toLocalDate().minusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
            for (Minutes m : week.getOrDefault(day.getDayOfWeek(), List.of())) {
                Instant open = instant(day, m.open());
                Instant close = instant(day, m.close());
                Instant from = open.isAfter(start) ? open : start;
                Instant to = close.isBefore(end) ? close : end;
                if (to.isAfter(from)) {
                    total = total.plus(Duration.between(from, to));
                }
            }
        }
        return total;
    }

    /** The instant at which the given business time after start has passed. */
    public Instant after(Instant start, Duration businessTime) {
        if (alwaysOpen() || businessTime.isZero() || businessTime.isNegative()) {
            return start.plus(businessTime.isNegative() ? Duration.ZERO : businessTime);
        }
        Duration remaining = businessTime;
        LocalDate day = start.atZone(zone).toLocalDate().minusDays(1);
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            for (Minutes m : week.getOrDefault(day.getDayOfWeek(), List.of())) {
                Instant close = instant(day, m.close());
                if (!close.isAfter(start)) {
                    continue;
                }
                Instant open = instant(day, m.open());
                Instant from = open.isAfter(start) ? open : start;
                if (!close.isAfter(from)) {
                    continue;
                }
                Duration available = Duration.between(from, close);
                if (remaining.compareTo(available) <= 0) {
                    return from.plus(remaining);
                }
                remaining = remaining.minus(available);
            }
        }
        throw new IllegalStateException("no business time within " + MAX_DAYS + " days");
    }

    /** A local time of a day as an instant in the zone (24:00 is the next day's start; gaps move on). */
    private Instant instant(LocalDate day, int minutes) {
        if (minutes == DAY_MINUTES) {
            return day.plusDays(1).atStartOfDay(zone).toInstant();
        }
        return day.atTime(LocalTime.of(minutes / 60, minutes % 60)).atZone(zone).toInstant();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BusinessHours b && zone.equals(b.zone) && week.equals(b.week);
    }

    @Override
    public int hashCode() {
        return zone.hashCode() * 31 + week.hashCode();
    }

    @Override
    public String toString() {
        return "BusinessHours" + days() + " in " + zone;
    }
}
