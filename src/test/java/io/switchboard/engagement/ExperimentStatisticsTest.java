package io.switchboard.engagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The statistics against values computed by hand (and checked with an independent computation: the normal
 * distribution through the error function, exact binomial coefficients for Fisher's test).
 */
class ExperimentStatisticsTest {

    private static final double EPS = 1e-6;

    @Test
    void aLargeSampleUsesThePooledZTestAndNamesTheWinner() {
        // A: 120 of 1000 replied, B: 90 of 1000. Pooled p = 210/2000 = 0.105;
        // se = sqrt(0.105 × 0.895 × (1/1000 + 1/1000)) = 0.0137094; z = 0.03 / 0.0137094 = 2.188266;
        // p = 2 × (1 − Φ(2.188266)) = 0.028650. Every expected count is ≥ 5 (smallest 89.5).
        ExperimentStatistics.Result result = ExperimentStatistics.analyse(
                List.of(new ExperimentStatistics.Arm("A", 1000, 120), new ExperimentStatistics.Arm("B", 1000, 90)),
                100);
        assertEquals("z-test", result.comparison().test());
        assertEquals(0.028650, result.comparison().pValue(), EPS);
        assertEquals(0.03, result.comparison().difference(), 1e-12);
        // Difference ± 1.96 × sqrt(0.12 × 0.88 / 1000 + 0.09 × 0.91 / 1000) = 0.03 ± 0.026838.
        assertEquals(0.003162, result.comparison().differenceLow(), EPS);
        assertEquals(0.056838, result.comparison().differenceHigh(), EPS);
        // Wilson: (p + z²/2n ± z sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n).
        assertEquals(0.101299, result.variants().get(0).low(), EPS);
        assertEquals(0.141609, result.variants().get(0).high(), EPS);
        assertEquals(0.073796, result.variants().get(1).low(), EPS);
        assertEquals(0.109342, result.variants().get(1).high(), EPS);
        assertEquals("A", result.winner());
    }

    @Test
    void aSmallSampleUsesFishersExactTest() {
        // A: 1 of 10, B: 6 of 10. Pooled 7/20: the expected successes 3.5 < 5, so Fisher's exact test. With
        // margins 10/10 and 7/13, P(k) = C(10,k) C(10,7−k) / C(20,7) = {120, 2100, 11340, 25200, 25200, 11340, 2100,
        // 120} / 77520 for k = 0…7; the tables at most as likely as the observed k = 1 (2100) are k = 0, 1, 6, 7:
        // p = 4440 / 77520 = 0.057276.
        ExperimentStatistics.Result result = ExperimentStatistics.analyse(
                List.of(new ExperimentStatistics.Arm("A", 10, 1), new ExperimentStatistics.Arm("B", 10, 6)), 10);
        assertEquals("fisher-exact", result.comparison().test());
        assertEquals(0.057276, result.comparison().pValue(), EPS);
        assertNull(result.winner());
        assertTrue(result.verdict().startsWith("no winner yet"), result.verdict());
        assertEquals(0.017876, result.variants().get(0).low(), EPS);
        assertEquals(0.404150, result.variants().get(0).high(), EPS);
        assertEquals(0.312674, result.variants().get(1).low(), EPS);
        assertEquals(0.831820, result.variants().get(1).high(), EPS);
        // Fisher's tea-tasting table [[3, 1], [1, 3]]: p = (1 + 16 + 16 + 1) / 70 = 0.485714.
        assertEquals(34.0 / 70, ExperimentStatistics.fisher(3, 1, 1, 3), 1e-12);
    }

    @Test
    void significanceWithoutTheMinimumSampleIsNoWinnerYet() {
        // 0 of 12 against 8 of 12: Fisher p = C(12,0)C(12,8)/C(24,8) + the as-unlikely other tail = 0.001346.
        ExperimentStatistics.Result result = ExperimentStatistics.analyse(
                List.of(new ExperimentStatistics.Arm("A", 12, 0), new ExperimentStatistics.Arm("B", 12, 8)), 100);
        assertEquals(0.001346, result.comparison().pValue(), EPS);
        assertNull(result.winner());
        assertEquals("no winner yet: each variant needs at least 100 in its sample", result.verdict());
        // The same with the minimum reached: B wins.
        assertEquals(
                "B",
                ExperimentStatistics.analyse(
                                List.of(
                                        new ExperimentStatistics.Arm("A", 12, 0),
                                        new ExperimentStatistics.Arm("B", 12, 8)),
                                12)
                        .winner());
    }

    @Test
    void aDifferenceWithinChanceIsNoWinnerYet() {
        // 55 of 500 against 50 of 500: z = 0.515779, p = 0.606009.
        ExperimentStatistics.Result result = ExperimentStatistics.analyse(
                List.of(new ExperimentStatistics.Arm("A", 500, 55), new ExperimentStatistics.Arm("B", 500, 50)), 100);
        assertEquals(0.606009, result.comparison().pValue(), EPS);
        assertEquals("no winner yet: the difference is not significant (p >= 0.05)", result.verdict());
    }

    @Test
    void withoutASampleThereIsNoRateAndNoComparison() {
        ExperimentStatistics.Result result = ExperimentStatistics.analyse(
                List.of(new ExperimentStatistics.Arm("A", 0, 0), new ExperimentStatistics.Arm("B", 10, 2)), 1);
        assertNull(result.variants().get(0).rate());
        assertNull(result.comparison());
        assertEquals("no winner yet", result.verdict());
        assertThrows(IllegalArgumentException.class, () -> new ExperimentStatistics.Arm("A", 3, 4));
    }
}
