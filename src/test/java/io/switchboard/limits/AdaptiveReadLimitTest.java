package io.switchboard.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read limit's steering by the critical work's pace, look by look, without a service. */
class AdaptiveReadLimitTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    private Instant now = T0;

    private final AdaptiveReadLimit limit = new AdaptiveReadLimit(2, 16, 1.5, Duration.ofMinutes(10), 5);

    /** {@code n} durations of {@code millis} each. */
    private static long[] work(int n, double millis) {
        long[] durations = new long[n];
        Arrays.fill(durations, (long) (millis * 1_000_000));
        return durations;
    }

    private AdaptiveReadLimit.Change look(long[] durations, boolean refused) {
        now = now.plusSeconds(1);
        return limit.look(now, durations, refused);
    }

    @Test
    void startsAtTheConfiguredLimitAndStaysThereWhileTheWorkKeepsItsPace() {
        assertEquals(16, limit.limit());
        for (int i = 0; i < 20; i++) {
            assertEquals(AdaptiveReadLimit.Change.HELD, look(work(20, 10 + i % 3), false));
        }
        assertEquals(16, limit.limit());
        assertEquals(10_000_000, limit.usualPace(), 1, "the usual pace is a low percentile of the looks' medians");
    }

    @Test
    void shrinksInProportionDownToTheFloorWhileTheWorkIsSlowAndGrowsByOneOnceItIsNot() {
        for (int i = 0; i < 10; i++) {
            look(work(20, 10), false);
        }
        // Three times slower: at most halved per look (16, 8, 4, 2), never below the floor.
        assertEquals(AdaptiveReadLimit.Change.SHRANK, look(work(20, 30), true));
        assertEquals(8, limit.limit());
        look(work(20, 30), true);
        assertEquals(4, limit.limit());
        look(work(20, 30), true);
        assertEquals(2, limit.limit());
        assertTrue(Double.isInfinite(limit.budget()), "three times slower is not sharp: no budget above the floor");
        look(work(20, 30), true);
        assertEquals(2, limit.limit());
        assertEquals(AdaptiveReadLimit.FIRST_BUDGET, limit.budget(), 1e-9, "at the floor and still slow: a budget");
        assertEquals(10_000_000, limit.usualPace(), 1, "looks in which reads were refused never move the pace");

        // Within the tolerance (1.5 x 10 ms): the time budget is lifted first, then one more place per look.
        while (!Double.isInfinite(limit.budget())) {
            assertEquals(AdaptiveReadLimit.Change.GREW, look(work(20, 14), true));
            assertEquals(2, limit.limit());
        }
        assertEquals(AdaptiveReadLimit.Change.GREW, look(work(20, 14), true));
        assertEquals(3, limit.limit());
        look(work(20, 15), true);
        assertEquals(4, limit.limit());
    }

    @Test
    void fromTheFirstSharplySlowLookReadsGetATimeBudgetThatShrinksInProportionAndIsLiftedBeforeTheLimitGrows() {
        for (int i = 0; i < 10; i++) {
            look(work(20, 10), false);
        }
        assertTrue(Double.isInfinite(limit.budget()), "no time budget while the work keeps its pace");
        // Four times slower, beyond twice the tolerance: half a second per second at once, with the limit's first
        // cut; then in proportion.
        assertEquals(AdaptiveReadLimit.Change.SHRANK, look(work(20, 40), true));
        assertEquals(8, limit.limit());
        assertEquals(AdaptiveReadLimit.FIRST_BUDGET, limit.budget(), 1e-9);
        look(work(20, 20), true);
        assertEquals(6, limit.limit());
        assertEquals(0.5 * 15 / 20, limit.budget(), 1e-9);
        for (int i = 0; i < 20; i++) {
            look(work(20, 60), true);
        }
        assertEquals(AdaptiveReadLimit.LEAST_BUDGET, limit.budget(), 1e-9, "never below the least budget");
        assertEquals(2, limit.limit());
        assertEquals(AdaptiveReadLimit.Change.HELD, look(work(20, 60), true), "at the floor and the least budget");
        assertEquals(2, limit.limit(), "the limit stays at its floor meanwhile");

        // Back at its pace: the budget grows by a step per look, and only once it is lifted does the limit grow.
        List<Double> budgets = new ArrayList<>();
        List<Integer> limits = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            assertEquals(AdaptiveReadLimit.Change.GREW, look(work(20, 12), true));
            budgets.add(Double.isInfinite(limit.budget()) ? limit.budget() : Math.round(limit.budget() * 100) / 100.0);
            limits.add(limit.limit());
        }
        assertEquals(
                List.of(
                        0.15,
                        0.25,
                        0.35,
                        0.45,
                        0.55,
                        0.65,
                        0.75,
                        0.85,
                        0.95,
                        Double.POSITIVE_INFINITY,
                        Double.POSITIVE_INFINITY),
                budgets);
        assertEquals(List.of(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3), limits);
    }

    @Test
    void aLittleSlowerShrinksByAtLeastOne() {
        for (int i = 0; i < 10; i++) {
            look(work(20, 10), false);
        }
        // 16 ms against 15 allowed: 16 x 15/16 = 15. A mild slowdown: no time budget yet.
        look(work(20, 16), true);
        assertEquals(15, limit.limit());
        assertTrue(Double.isInfinite(limit.budget()));
        // At 3, the same proportion would round back to 3: it still loses one.
        while (limit.limit() > 3) {
            look(work(20, 40), true);
        }
        look(work(20, 16), true);
        assertEquals(2, limit.limit());
    }

    @Test
    void theMedianDecidesNotTheOddSlowOne() {
        for (int i = 0; i < 10; i++) {
            look(work(20, 10), false);
        }
        long[] mostlyQuick = work(21, 10);
        Arrays.fill(mostlyQuick, 0, 10, 2_000_000_000L);
        assertEquals(AdaptiveReadLimit.Change.HELD, look(mostlyQuick, false));
        assertEquals(16, limit.limit());
    }

    @Test
    void tooLittleWorkToTellOrNoUsualPaceYetOnlyLetsTheLimitGrow() {
        // A replica started under a flood: no look without refusals, so no usual pace, so nothing to compare with.
        for (int i = 0; i < 5; i++) {
            look(work(20, 500), true);
        }
        assertEquals(16, limit.limit());
        assertTrue(Double.isNaN(limit.usualPace()));

        for (int i = 0; i < 10; i++) {
            look(work(20, 10), false);
        }
        look(work(20, 40), true);
        assertEquals(8, limit.limit());
        // Four durations are too few for a median: the budget grows back and is lifted, then the limit, one per look.
        assertEquals(AdaptiveReadLimit.Change.GREW, look(work(4, 1000), true));
        assertEquals(0.6, limit.budget(), 1e-9);
        while (!Double.isInfinite(limit.budget())) {
            look(work(4, 1000), true);
        }
        assertEquals(8, limit.limit());
        assertEquals(AdaptiveReadLimit.Change.GREW, look(work(4, 1000), true));
        assertEquals(9, limit.limit());
    }

    @Test
    void aFloodLongerThanThePaceWindowKeepsTheLastUsualPace() {
        for (int i = 0; i < 60; i++) {
            look(work(20, 10), false);
        }
        // An hour of flood, far beyond the ten-minute window: the pace of before it is still known.
        for (int i = 0; i < 3600; i++) {
            look(work(20, 30), true);
        }
        assertEquals(10_000_000, limit.usualPace(), 1);
        assertEquals(2, limit.limit());
        assertEquals(AdaptiveReadLimit.LEAST_BUDGET, limit.budget(), 1e-9);
    }

    @Test
    void theUsualPaceFollowsQuietLooksWithinTheWindow() {
        for (int i = 0; i < 60; i++) {
            look(work(20, 10), false);
        }
        // The work got slower for good (say, a bigger database) without reads pressing: after the window, that is
        // the usual pace, and the limit is no longer held down by it.
        for (int i = 0; i < 660; i++) {
            look(work(20, 25), false);
        }
        assertEquals(25_000_000, limit.usualPace(), 1);
        assertEquals(16, limit.limit());
    }
}
