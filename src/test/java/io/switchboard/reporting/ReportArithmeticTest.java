package io.switchboard.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.common.Money;
import io.switchboard.reporting.rollups.SessionSeconds;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules the rollups and reports share: seconds by local day, and rounding once. */
class ReportArithmeticTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aSessionAcrossTheSpringForwardNightSplitsAtLocalMidnight() {
        // 23:30 CET on Mar 28 for 3 hours: 30 min on Mar 28, then 2.5 h on Mar 29 (02:00-03:00 does not exist).
        assertEquals(
                Map.of(LocalDate.of(2026, 3, 28), 1800L, LocalDate.of(2026, 3, 29), 9000L),
                SessionSeconds.byDay(Instant.parse("2026-03-28T22:30:00Z"), 10_800, BERLIN));
    }

    @Test
    void theFallBackDayHasTwentyFiveHours() {
        // From local midnight Oct 25 (22:00Z Oct 24) for 25 h: all of it on Oct 25.
        assertEquals(
                Map.of(LocalDate.of(2026, 10, 25), 90_000L),
                SessionSeconds.byDay(Instant.parse("2026-10-24T22:00:00Z"), 90_000, BERLIN));
    }

    @Test
    void aSecondBelongsToTheDayItStartsIn() {
        // Started half a second before midnight, 2 s long: second 0 on Mar 27, second 1 on Mar 28.
        assertEquals(
                Map.of(LocalDate.of(2026, 3, 27), 1L, LocalDate.of(2026, 3, 28), 1L),
                SessionSeconds.byDay(Instant.parse("2026-03-27T22:59:59.500Z"), 2, BERLIN));
        // A session of 0 seconds still has its day.
        assertEquals(
                Map.of(LocalDate.of(2026, 3, 28), 0L),
                SessionSeconds.byDay(Instant.parse("2026-03-28T10:00:00Z"), 0, BERLIN));
    }

    @Test
    void costIsRoundedHalfToEvenOnceFromTheExactSum() {
        CostSum sum = new CostSum();
        // 1 s at 1800/h = 0.5 minor, twice: 1.0 exactly (rounding each would give 0 + 0).
        sum.add("EUR", 1, BigDecimal.valueOf(1800));
        sum.add("EUR", 1, BigDecimal.valueOf(1800));
        assertEquals(new Money(1, "EUR"), sum.cost());
        CostSum half = new CostSum();
        half.add("EUR", 1, BigDecimal.valueOf(1800));
        assertEquals(new Money(0, "EUR"), half.cost());
        CostSum oneAndHalf = new CostSum();
        oneAndHalf.add("EUR", 3, BigDecimal.valueOf(5400));
        assertEquals(new Money(2, "EUR"), oneAndHalf.cost());
        // Per unit from the exact sum: 1.0 / 3 = 0.33 -> 0.
        assertEquals(new Money(0, "EUR"), sum.per(3));
    }

    @Test
    void severalCurrenciesHaveNoSingleCost() {
        CostSum sum = new CostSum();
        sum.add("EUR", 3600, BigDecimal.valueOf(3600L * 3600));
        sum.add("USD", 3600, BigDecimal.valueOf(3600L * 6000));
        sum.add("", 60, BigDecimal.ZERO);
        assertNull(sum.cost());
        assertNull(sum.per(1));
        assertEquals(List.of(new Money(3600, "EUR"), new Money(6000, "USD")), sum.costs());
        assertEquals(60, sum.uncostedSeconds());
    }

    @Test
    void weeksStartOnMondayAndRangesWidenToWholePeriods() {
        ReportRange week = ReportRange.parse("2026-03-25", "2026-03-27", "week", BERLIN);
        assertEquals(LocalDate.of(2026, 3, 23), week.fromDay());
        assertEquals(LocalDate.of(2026, 3, 30), week.toDay());
        ReportRange month = ReportRange.parse("2026-03-29T22:00:00Z", "2026-04-01", "month", BERLIN);
        assertEquals(LocalDate.of(2026, 3, 1), month.fromDay());
        assertEquals(LocalDate.of(2026, 4, 1), month.toDay());
        assertEquals(List.of(LocalDate.of(2026, 3, 1)), month.periods());
    }

    @Test
    void nearestRankPercentiles() {
        long[] sorted = {30, 45, 90};
        assertEquals(45, ResponseTimeReport.nearestRank(sorted, 50));
        assertEquals(90, ResponseTimeReport.nearestRank(sorted, 90));
        assertEquals(30, ResponseTimeReport.nearestRank(new long[] {30}, 50));
    }
}
