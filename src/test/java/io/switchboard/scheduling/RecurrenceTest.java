package io.switchboard.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.error.InvalidRequestException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Occurrences on the wall clock of a post's time zone, across daylight-saving changes. */
class RecurrenceTest {

    private static final String BERLIN = "Europe/Berlin";

    @Test
    void aOneOffPostHasOneOccurrence() {
        Instant at = Instant.parse("2026-12-01T09:00:00Z");
        Recurrence once = Recurrence.of(at, "UTC", null, null, null, "recurrence");

        assertFalse(once.recurring());
        assertEquals(Optional.of(at), once.next(at.minusSeconds(1)));
        assertTrue(once.next(at).isEmpty());
        assertEquals(List.of(at), once.occurrences(at.minusSeconds(3600), at.plusSeconds(3600)));
    }

    @Test
    void dailyCronKeepsNineOClockLocalAcrossSpringForward() {
        // Berlin goes from UTC+1 to UTC+2 on 2026-03-29.
        Instant first = Instant.parse("2026-03-27T08:00:00Z"); // 09:00 CET
        Recurrence daily = Recurrence.of(first, BERLIN, "0 9 * * *", null, null, "recurrence");

        List<Instant> days =
                daily.occurrences(Instant.parse("2026-03-27T00:00:00Z"), Instant.parse("2026-03-31T00:00:00Z"));

        assertEquals(
                List.of(
                        Instant.parse("2026-03-27T08:00:00Z"),
                        Instant.parse("2026-03-28T08:00:00Z"),
                        Instant.parse("2026-03-29T07:00:00Z"), // 09:00 CEST
                        Instant.parse("2026-03-30T07:00:00Z")),
                days);
    }

    @Test
    void aTimeSkippedBySpringForwardMovesPastTheGap() {
        // 02:30 does not exist in Berlin on 2026-03-29 (02:00 -> 03:00): it goes out at 03:30 CEST.
        Instant first = Instant.parse("2026-03-28T01:30:00Z"); // 02:30 CET
        Recurrence daily = Recurrence.of(first, BERLIN, "30 2 * * *", null, null, "recurrence");

        assertEquals(Optional.of(Instant.parse("2026-03-29T01:30:00Z")), daily.next(first)); // 03:30 CEST
        assertEquals(
                Optional.of(Instant.parse("2026-03-30T00:30:00Z")),
                daily.next(Instant.parse("2026-03-29T01:30:00Z"))); // 02:30 CEST
    }

    @Test
    void aTimeRepeatedByFallBackGoesOutOnce() {
        // Berlin goes from UTC+2 to UTC+1 on 2026-10-25; 02:30 happens twice, the post goes out at the first.
        Instant first = Instant.parse("2026-10-24T00:30:00Z"); // 02:30 CEST
        Recurrence daily = Recurrence.of(first, BERLIN, "30 2 * * *", null, null, "recurrence");

        List<Instant> days =
                daily.occurrences(Instant.parse("2026-10-24T00:00:00Z"), Instant.parse("2026-10-27T00:00:00Z"));

        assertEquals(
                List.of(
                        Instant.parse("2026-10-24T00:30:00Z"),
                        Instant.parse("2026-10-25T00:30:00Z"), // 02:30 CEST, not also 02:30 CET
                        Instant.parse("2026-10-26T01:30:00Z")),
                days); // 02:30 CET
    }

    @Test
    void everyNDaysKeepsTheLocalTimeOfTheFirstOccurrence() {
        Instant first = Instant.parse("2026-10-20T16:00:00Z"); // 18:00 CEST
        Recurrence everyThree = Recurrence.of(first, BERLIN, null, 3, null, "recurrence");

        assertEquals(
                List.of(
                        Instant.parse("2026-10-20T16:00:00Z"),
                        Instant.parse("2026-10-23T16:00:00Z"),
                        Instant.parse("2026-10-26T17:00:00Z"), // 18:00 CET
                        Instant.parse("2026-10-29T17:00:00Z")),
                everyThree.occurrences(first, Instant.parse("2026-11-01T00:00:00Z")));
        assertEquals(
                Optional.of(Instant.parse("2026-10-26T17:00:00Z")),
                everyThree.next(Instant.parse("2026-10-24T00:00:00Z")));
    }

    @Test
    void untilEndsTheSeriesInclusively() {
        Instant first = Instant.parse("2026-12-01T09:00:00Z");
        Recurrence daily = Recurrence.of(first, "UTC", null, 1, Instant.parse("2026-12-03T09:00:00Z"), "recurrence");

        assertEquals(
                3,
                daily.occurrences(first, Instant.parse("2027-01-01T00:00:00Z")).size());
        assertTrue(daily.next(Instant.parse("2026-12-03T09:00:00Z")).isEmpty());
    }

    @Test
    void unixWeekdaysMeanTheSameDaysInQuartz() {
        assertEquals("0 0 9 ? * 2-6", Recurrence.quartzCron("0 9 * * 1-5", "c"));
        assertEquals("0 0 9 ? * 1,1", Recurrence.quartzCron("0 9 * * 0,7", "c"));
        assertEquals("0 15 8 1 * ?", Recurrence.quartzCron("15 8 1 * *", "c"));
        assertEquals("0 0 9 ? * MON-FRI", Recurrence.quartzCron("0 9 * * MON-FRI", "c"));
        // Monday to Friday 2026-11-30 .. 2026-12-04, not the weekend.
        Recurrence weekdays =
                Recurrence.of(Instant.parse("2026-11-28T00:00:00Z"), "UTC", "0 9 * * 1-5", null, null, "recurrence");
        assertEquals(
                5,
                weekdays.occurrences(Instant.parse("2026-11-28T00:00:00Z"), Instant.parse("2026-12-07T00:00:00Z"))
                        .size());
        assertEquals(
                Instant.parse("2026-11-30T09:00:00Z"),
                weekdays.occurrences(Instant.parse("2026-11-28T00:00:00Z"), Instant.parse("2026-12-07T00:00:00Z"))
                        .get(0));
    }

    @Test
    void badRulesAreRefusedWithTheFieldNamed() {
        Instant at = Instant.parse("2026-12-01T09:00:00Z");
        refused(() -> Recurrence.of(at, "Mars/Olympus", null, null, null, "recurrence"), "timeZone");
        refused(() -> Recurrence.of(at, "UTC", "61 * * * *", null, null, "recurrence"), "recurrence.cron");
        refused(
                () -> Recurrence.of(at, "UTC", "0 9 1 * 1", null, null, "recurrence"),
                "both the day of the month and the day of the week");
        refused(() -> Recurrence.of(at, "UTC", "0 9 * * *", 2, null, "recurrence"), "either cron or everyDays");
        refused(() -> Recurrence.of(at, "UTC", null, 0, null, "recurrence"), "recurrence.everyDays");
        refused(() -> Recurrence.of(at, "UTC", null, 1, at.minusSeconds(60), "recurrence"), "recurrence.until");
        refused(() -> Recurrence.of(at, "UTC", "0 0 0 30 2 ?", null, null, "recurrence"), "never matches");
    }

    private static void refused(Executable rule, String fragment) {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, rule);
        assertTrue(refused.getMessage().contains(fragment), refused.getMessage());
    }
}
