package io.switchboard.reporting;

import io.switchboard.common.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Staff cost, summed exactly: per currency, the sum of seconds x hourly cost in minor units ("minor-unit seconds").
 * A figure is rounded once, when it is shown: minor-unit seconds / 3600, half to even. Work without an hourly cost
 * (no rate ever set for the operator) is counted in seconds only.
 */
final class CostSum {

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private final Map<String, BigDecimal> minorSeconds = new TreeMap<>();
    private long uncostedSeconds;

    /** Adds work of {@code currency} ("" when it has no cost). */
    void add(String currency, long seconds, BigDecimal costMinorSeconds) {
        if (currency == null || currency.isEmpty()) {
            uncostedSeconds += seconds;
        } else {
            minorSeconds.merge(currency, costMinorSeconds, BigDecimal::add);
        }
    }

    /** A new sum holding both. */
    static CostSum of(CostSum a, CostSum b) {
        CostSum sum = new CostSum();
        for (CostSum part : List.of(a, b)) {
            part.minorSeconds.forEach((currency, value) -> sum.minorSeconds.merge(currency, value, BigDecimal::add));
            sum.uncostedSeconds += part.uncostedSeconds;
        }
        return sum;
    }

    /** The exact single-currency total in minor-unit seconds; null without one currency. */
    BigDecimal exact() {
        return minorSeconds.size() == 1 ? minorSeconds.values().iterator().next() : null;
    }

    long uncostedSeconds() {
        return uncostedSeconds;
    }

    /** Every currency's total, rounded once. */
    List<Money> costs() {
        List<Money> costs = new ArrayList<>();
        minorSeconds.forEach((currency, sum) -> costs.add(new Money(round(sum, 1), currency)));
        return costs;
    }

    /** The total when all costed work was paid in one currency; null when none was, or several were. */
    Money cost() {
        return minorSeconds.size() == 1 ? costs().get(0) : null;
    }

    /** The single-currency total divided by {@code units}, from the exact sum; null without one or without units. */
    Money per(long units) {
        if (minorSeconds.size() != 1 || units <= 0) {
            return null;
        }
        Map.Entry<String, BigDecimal> only = minorSeconds.entrySet().iterator().next();
        return new Money(round(only.getValue(), units), only.getKey());
    }

    /** The single-currency total per {@code per} of {@code units} (cost per 1,000 views: per = 1000). */
    Money per(long units, long per) {
        if (minorSeconds.size() != 1 || units <= 0) {
            return null;
        }
        Map.Entry<String, BigDecimal> only = minorSeconds.entrySet().iterator().next();
        return new Money(round(only.getValue().multiply(BigDecimal.valueOf(per)), units), only.getKey());
    }

    private static long round(BigDecimal minorSeconds, long units) {
        return minorSeconds
                .divide(SECONDS_PER_HOUR.multiply(BigDecimal.valueOf(units)), 0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }
}
