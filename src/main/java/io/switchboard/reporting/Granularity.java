package io.switchboard.reporting;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/** How report rows are bucketed: local days, ISO weeks (Monday to Sunday) or calendar months of the tenant. */
enum Granularity {
    DAY("D"),
    WEEK("W"),
    MONTH("M");

    /** The code of the granularity in the rollup tables. */
    final String code;

    Granularity(String code) {
        this.code = code;
    }

    /** The first day of the period that contains {@code day}. */
    LocalDate periodStart(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    /** The first day of the period after the one starting at {@code start}. */
    LocalDate next(LocalDate start) {
        return switch (this) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
        };
    }

    /** The first day of the period that contains the day before {@code end}, moved to the next period start. */
    LocalDate ceil(LocalDate end) {
        LocalDate start = periodStart(end);
        return start.equals(end) ? end : next(start);
    }
}
