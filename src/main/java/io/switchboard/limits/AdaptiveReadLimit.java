package io.switchboard.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * How many API reads a replica admits at once, between a floor and the configured limit, steered by the pace of
 * the critical work (writes and the dispatcher's steps, {@link io.switchboard.common.load.CriticalWork}). A
 * connection limit alone does not stop reads from taking the cores that replies need: a handful of slow reads keeps
 * a database's CPUs busy, and every reply then waits its turn. So at each look (every second) the median duration
 * of the critical work since the last look is compared with its usual pace: above {@code tolerance} times that pace,
 * the limit shrinks in proportion (at least by one, at most by half), down to the floor; at or below it, the limit
 * grows by one, up to the configured limit. Additive increase, multiplicative decrease: the limit settles where
 * reads use what the critical work leaves.
 *
 * <p>A limit on how many reads run at once does not bound what they cost: one slow read keeps a core busy for as
 * long as it runs (a full-text search over a million messages takes a second). So reads also get a <em>time
 * budget</em>: each tenant's reads may take so many seconds per second ({@link #budget()}), first {@value
 * #FIRST_BUDGET}, then in the same proportion as the limit, down to {@value #LEAST_BUDGET} (a one-second search every
 * 20 s). It applies from the first look that finds the work sharply slower (more than {@value #SHARP} times the
 * tolerance): it takes hold within the look, where the limit needs several looks to come down (the overload drill:
 * most of a flood's harm to replies was done in the seconds the limit took to reach its floor). After a milder
 * slowdown, it applies once the limit is at its floor and the work is still slow. Back at its pace, the budget grows
 * by {@value #BUDGET_STEP} per look and is lifted once it reaches one second per second; only then does the limit grow
 * again.
 *
 * <p>The usual pace is a low percentile of the medians of recent looks in which no read was refused (reads were
 * not pressing), over the baseline window: a flood's own slow looks never raise it. While there is no usual pace
 * yet (a replica started under a flood), or too little critical work to tell, the limit only grows. Not thread-safe:
 * one thread looks at a time; {@link #limit()} may be read from any thread.
 */
final class AdaptiveReadLimit {

    /** Looks kept for the usual pace even when older than the window (a long flood must not forget it). */
    private static final int KEPT_LOOKS = 30;

    /** The usual pace is this percentile of the kept looks' medians. */
    private static final double PACE_PERCENTILE = 0.10;

    /** A shrink never halves the limit in one look, however slow the work got. */
    private static final double DEEPEST_CUT = 0.5;

    /**
     * A slowdown beyond this many times the tolerance is sharp (a flood's first second: ten times the pace) and gets
     * the time budget at once; a milder one (the odd slow second of a replica warming up) first lowers the limit.
     */
    static final double SHARP = 2.0;

    /** A tenant's read seconds per second when the budget first applies. */
    static final double FIRST_BUDGET = 0.5;

    /** The budget never goes below this. */
    static final double LEAST_BUDGET = 0.05;

    /** What the budget grows by per look at the work's pace. */
    static final double BUDGET_STEP = 0.1;

    private final int floor;
    private final int ceiling;
    private final double tolerance;
    private final Duration baselineWindow;
    private final int minSamples;
    private final Deque<Look> looks = new ArrayDeque<>();
    private volatile int limit;
    private volatile double budget = Double.POSITIVE_INFINITY;
    private double usualPace = Double.NaN;
    private double lastMedian = Double.NaN;

    /** One look's median duration of the critical work, when no read was refused. */
    private record Look(Instant at, double medianNanos) {}

    /** What a look decided, for logs and tests. */
    enum Change {
        GREW,
        SHRANK,
        HELD
    }

    AdaptiveReadLimit(int floor, int ceiling, double tolerance, Duration baselineWindow, int minSamples) {
        if (floor < 1 || floor > ceiling) {
            throw new IllegalArgumentException("floor must be at least 1 and at most the ceiling");
        }
        if (!(tolerance > 1.0)) {
            throw new IllegalArgumentException("tolerance must be above 1");
        }
        this.floor = floor;
        this.ceiling = ceiling;
        this.tolerance = tolerance;
        this.baselineWindow = baselineWindow;
        this.minSamples = Math.max(1, minSamples);
        this.limit = ceiling;
    }

    int limit() {
        return limit;
    }

    /**
     * Each tenant's read seconds per second while the work is slow and until it has kept its pace for a while;
     * infinite when no budget applies.
     */
    double budget() {
        return budget;
    }

    /** The usual pace of the critical work in nanoseconds, NaN while unknown. */
    double usualPace() {
        return usualPace;
    }

    /**
     * The longest the critical work may take before it counts as slow (the tolerance times the usual pace), in
     * nanoseconds; NaN while there is no usual pace.
     */
    double tolerated() {
        return tolerance * usualPace;
    }

    /** The median of the last look with enough critical work to tell, in nanoseconds; NaN before. */
    double lastMedian() {
        return lastMedian;
    }

    /**
     * One look at {@code now}: {@code durations} are the critical work's since the last look, {@code readsRefused}
     * whether any read was refused by the replica's or a tenant's limit meanwhile.
     */
    Change look(Instant now, long[] durations, boolean readsRefused) {
        if (durations.length < minSamples) {
            return grow();
        }
        double median = median(durations);
        lastMedian = median;
        if (!readsRefused) {
            looks.addLast(new Look(now, median));
        }
        while (looks.size() > KEPT_LOOKS && looks.peekFirst().at().isBefore(now.minus(baselineWindow))) {
            looks.removeFirst();
        }
        if (!looks.isEmpty()) {
            usualPace = percentile(looks.stream().mapToDouble(Look::medianNanos).toArray(), PACE_PERCENTILE);
        }
        if (Double.isNaN(usualPace) || median <= tolerance * usualPace) {
            return grow();
        }
        int before = limit;
        double factor = Math.max(DEEPEST_CUT, tolerance * usualPace / median);
        if (before > floor) {
            limit = Math.max(floor, Math.min(before - 1, (int) Math.floor(before * factor)));
        }
        double budgetBefore = budget;
        if (!Double.isInfinite(budgetBefore)) {
            budget = Math.max(LEAST_BUDGET, budgetBefore * factor);
        } else if (before <= floor || median > SHARP * tolerance * usualPace) {
            budget = FIRST_BUDGET;
        }
        return limit < before || budget < budgetBefore ? Change.SHRANK : Change.HELD;
    }

    private Change grow() {
        if (!Double.isInfinite(budget)) {
            double grown = budget + BUDGET_STEP;
            budget = grown >= 1.0 - 1e-9 ? Double.POSITIVE_INFINITY : grown;
            return Change.GREW;
        }
        if (limit >= ceiling) {
            return Change.HELD;
        }
        limit++;
        return Change.GREW;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    private static double percentile(double[] values, double share) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.floor(share * (sorted.length - 1))];
    }
}
