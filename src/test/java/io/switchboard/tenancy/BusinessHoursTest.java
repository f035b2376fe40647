package io.switchboard.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.Problem;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Business time by hand: Berlin, weekdays 09:00-12:00 and 13:00-17:00 (7 h a day) unless a test says otherwise. */
class BusinessHoursTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final BusinessHours OFFICE = office();

    private static BusinessHours office() {
        Map<DayOfWeek, List<BusinessHours.Interval>> days = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : List.of(
                DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            days.put(d, List.of(iv("13:00", "17:00"), iv("09:00", "12:00")));
        }
        return BusinessHours.of(BERLIN, days);
    }

    private static BusinessHours.Interval iv(String open, String close) {
        return new BusinessHours.Interval(open, close);
    }

    /** A Berlin wall-clock time (2026-12-04 is a Friday). */
    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(BERLIN).toInstant();
    }

    @Test
    void noHoursIsAlwaysOpen() {
        BusinessHours always = BusinessHours.always(BERLIN);
        assertTrue(always.alwaysOpen());
        assertEquals(
                Duration.ofHours(62).plusMinutes(15), always.between(at("2026-12-04T18:30"), at("2026-12-07T08:45")));
        assertEquals(at("2026-12-05T18:30"), always.after(at("2026-12-04T18:30"), Duration.ofDays(1)));
    }

    @Test
    void fridayEveningToMondayMorningCountsOnlyMonday() {
        // closed from Friday 17:00 to Monday 09:00: a message at Friday 18:30 answered Monday 09:45 waited 45 min
        assertEquals(Duration.ofMinutes(45), OFFICE.between(at("2026-12-04T18:30"), at("2026-12-07T09:45")));
        assertEquals(at("2026-12-07T10:00"), OFFICE.after(at("2026-12-04T18:30"), Duration.ofHours(1)));
    }

    @Test
    void startInsideHoursCarriesOverTheWeekend() {
        // Friday 16:30 + 1 h: 30 min on Friday, 30 min on Monday
        assertEquals(at("2026-12-07T09:30"), OFFICE.after(at("2026-12-04T16:30"), Duration.ofHours(1)));
        assertEquals(Duration.ofHours(1), OFFICE.between(at("2026-12-04T16:30"), at("2026-12-07T09:30")));
        // a whole week from Monday 09:00 is 35 business hours, ending Friday 17:00 (not Monday 09:00)
        assertEquals(at("2026-12-11T17:00"), OFFICE.after(at("2026-12-07T09:00"), Duration.ofHours(35)));
        assertEquals(Duration.ofHours(35), OFFICE.between(at("2026-12-07T00:00"), at("2026-12-14T00:00")));
    }

    @Test
    void theLunchBreakAndTheNightDoNotCount() {
        assertEquals(at("2026-12-08T13:30"), OFFICE.after(at("2026-12-08T11:30"), Duration.ofHours(1)));
        // Tuesday 16:00 + 4 h: 16-17, then Wednesday 09-12 is exactly used up at 12:00
        assertEquals(at("2026-12-09T12:00"), OFFICE.after(at("2026-12-08T16:00"), Duration.ofHours(4)));
        assertEquals(Duration.ofHours(4), OFFICE.between(at("2026-12-08T16:00"), at("2026-12-09T12:30")));
    }

    @Test
    void aWeekendIsClosed() {
        assertEquals(Duration.ZERO, OFFICE.between(at("2026-12-05T10:00"), at("2026-12-06T20:00")));
        assertEquals(at("2026-12-07T09:15"), OFFICE.after(at("2026-12-05T10:00"), Duration.ofMinutes(15)));
        assertEquals(Duration.ZERO, OFFICE.between(at("2026-12-07T10:00"), at("2026-12-07T09:00")));
    }

    @Test
    void anOvernightShiftIsTwoIntervals() {
        BusinessHours nights = BusinessHours.of(
                BERLIN,
                Map.of(
                        DayOfWeek.FRIDAY, List.of(iv("22:00", "24:00")),
                        DayOfWeek.SATURDAY, List.of(iv("00:00", "06:00"))));
        assertEquals(Duration.ofHours(2), nights.between(at("2026-12-04T23:00"), at("2026-12-05T01:00")));
        assertEquals(at("2026-12-05T00:30"), nights.after(at("2026-12-04T23:30"), Duration.ofHours(1)));
        // Saturday 05:00 + 2 h: 1 h that night, the next hour the Friday after at 23:00
        assertEquals(at("2026-12-11T23:00"), nights.after(at("2026-12-05T05:00"), Duration.ofHours(2)));
    }

    @Test
    void springForwardShortensTheDay() {
        // 2026-03-29: Berlin's clocks go from 02:00 to 03:00; Sunday 01:00-05:00 is 3 real hours
        BusinessHours sunday = BusinessHours.of(BERLIN, Map.of(DayOfWeek.SUNDAY, List.of(iv("01:00", "05:00"))));
        assertEquals(Duration.ofHours(3), sunday.between(at("2026-03-28T12:00"), at("2026-03-30T00:00")));
        assertEquals(Duration.ofHours(4), sunday.between(at("2026-03-21T12:00"), at("2026-03-23T00:00")));
        // 2 business hours from Saturday: 01:00 CET is 00:00Z, two hours later 02:00Z is 04:00 CEST
        Instant due = sunday.after(at("2026-03-28T12:00"), Duration.ofHours(2));
        assertEquals(Instant.parse("2026-03-29T02:00:00Z"), due);
        assertEquals(at("2026-03-29T04:00"), due);
        // an opening inside the gap opens when the clocks have moved on: 02:30 is 03:30 CEST
        BusinessHours gap = BusinessHours.of(BERLIN, Map.of(DayOfWeek.SUNDAY, List.of(iv("02:30", "04:00"))));
        assertEquals(Instant.parse("2026-03-29T01:31:00Z"), gap.after(at("2026-03-28T12:00"), Duration.ofMinutes(1)));
        assertEquals(Duration.ofMinutes(30), gap.between(at("2026-03-28T12:00"), at("2026-03-30T00:00")));
    }

    @Test
    void fallBackLengthensTheDay() {
        // 2026-10-25: Berlin's clocks go from 03:00 back to 02:00; Sunday 01:00-05:00 is 5 real hours
        BusinessHours sunday = BusinessHours.of(BERLIN, Map.of(DayOfWeek.SUNDAY, List.of(iv("01:00", "05:00"))));
        assertEquals(Duration.ofHours(5), sunday.between(at("2026-10-24T12:00"), at("2026-10-26T00:00")));
        // 4 h 30 min from Saturday: 01:00 CEST is 23:00Z, plus 4 h 30 is 03:30Z, 04:30 CET
        Instant due = sunday.after(at("2026-10-24T12:00"), Duration.ofMinutes(270));
        assertEquals(Instant.parse("2026-10-25T03:30:00Z"), due);
        assertEquals(at("2026-10-25T04:30"), due);
    }

    @Test
    void theWeekReadsBackInOrder() {
        assertEquals(
                List.of(iv("09:00", "12:00"), iv("13:00", "17:00")),
                OFFICE.days().get(DayOfWeek.MONDAY));
        assertEquals(5, OFFICE.days().size());
        assertEquals(OFFICE, office());
    }

    @Test
    void badWeeksAreRefusedWithEveryReason() {
        InvalidRequestException e = assertThrows(
                InvalidRequestException.class,
                () -> BusinessHours.of(
                        BERLIN,
                        Map.of(
                                DayOfWeek.MONDAY, List.of(iv("9:00", "17:00"), iv("10:00", "24:01")),
                                DayOfWeek.TUESDAY, List.of(iv("17:00", "09:00")),
                                DayOfWeek.WEDNESDAY, List.of(iv("09:00", "12:00"), iv("11:00", "13:00")),
                                DayOfWeek.THURSDAY, List.of(iv("24:00", "24:00")),
                                DayOfWeek.FRIDAY,
                                        List.of(
                                                iv("01:00", "02:00"),
                                                iv("03:00", "04:00"),
                                                iv("05:00", "06:00"),
                                                iv("07:00", "08:00"),
                                                iv("09:00", "10:00")))));
        assertEquals(
                List.of("monday[0].open", "monday[1].close", "tuesday[0]", "wednesday", "thursday[0].open", "friday"),
                e.errors().stream().map(Problem.FieldError::field).toList());
        InvalidRequestException empty =
                assertThrows(InvalidRequestException.class, () -> BusinessHours.of(BERLIN, Map.of()));
        assertEquals("businessHours", empty.errors().get(0).field());
    }
}
