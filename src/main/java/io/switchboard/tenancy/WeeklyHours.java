package io.switchboard.tenancy;

import java.time.DayOfWeek;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A tenant's business hours as the API reads and writes them: per weekday the [open, close) intervals of local
 * time in the tenant's zone, "HH:mm" (close up to "24:00"); a day absent or empty is closed.
 */
@Schema(
        name = "BusinessHours",
        description = "Weekly opening hours in the tenant's time zone: per weekday up to 4 [open, close) intervals of"
                + " local time, HH:mm, close up to 24:00 (an overnight shift is two: up to 24:00 and from 00:00 the"
                + " next day); a day absent or empty is closed. Response targets count only the time open.")
public record WeeklyHours(
        List<BusinessHours.Interval> monday,
        List<BusinessHours.Interval> tuesday,
        List<BusinessHours.Interval> wednesday,
        List<BusinessHours.Interval> thursday,
        List<BusinessHours.Interval> friday,
        List<BusinessHours.Interval> saturday,
        List<BusinessHours.Interval> sunday) {

    Map<DayOfWeek, List<BusinessHours.Interval>> days() {
        Map<DayOfWeek, List<BusinessHours.Interval>> days = new EnumMap<>(DayOfWeek.class);
        put(days, DayOfWeek.MONDAY, monday);
        put(days, DayOfWeek.TUESDAY, tuesday);
        put(days, DayOfWeek.WEDNESDAY, wednesday);
        put(days, DayOfWeek.THURSDAY, thursday);
        put(days, DayOfWeek.FRIDAY, friday);
        put(days, DayOfWeek.SATURDAY, saturday);
        put(days, DayOfWeek.SUNDAY, sunday);
        return days;
    }

    private static void put(
            Map<DayOfWeek, List<BusinessHours.Interval>> days, DayOfWeek day, List<BusinessHours.Interval> list) {
        if (list != null) {
            days.put(day, list);
        }
    }

    /** The configured week, every day listed (closed ones empty); null when always open. */
    static WeeklyHours of(BusinessHours hours) {
        if (hours.alwaysOpen()) {
            return null;
        }
        Map<DayOfWeek, List<BusinessHours.Interval>> d = hours.days();
        return new WeeklyHours(
                d.getOrDefault(DayOfWeek.MONDAY, List.of()),
                d.getOrDefault(DayOfWeek.TUESDAY, List.of()),
                d.getOrDefault(DayOfWeek.WEDNESDAY, List.of()),
                d.getOrDefault(DayOfWeek.THURSDAY, List.of()),
                d.getOrDefault(DayOfWeek.FRIDAY, List.of()),
                d.getOrDefault(DayOfWeek.SATURDAY, List.of()),
                d.getOrDefault(DayOfWeek.SUNDAY, List.of()));
    }
}
