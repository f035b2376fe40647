package io.switchboard.engagement;

import java.util.List;

/**
 * The confidence figures of an A/B test whose outcome is a proportion (recipients who replied within the window,
 * engagements per view): per variant the rate and its 95% Wilson score interval (sound for small samples and rates
 * near 0 or 1); for two variants the difference with its 95% (Wald) interval and a two-sided p-value: the pooled
 * two-proportion z-test, or Fisher's exact test when any expected count of the 2×2 table is below 5 (where the
 * normal approximation fails). A winner is named only when p &lt; 0.05 and every variant has reached the minimum
 * sample; until then the verdict says plainly "no winner yet".
 */
final class ExperimentStatistics {

    static final double Z_95 = 1.959963984540054;
    static final double SIGNIFICANCE = 0.05;

    /** One variant's outcome: {@code successes} of {@code n}. */
    record Arm(String variant, long n, long successes) {
        Arm {
            if (n < 0 || successes < 0 || successes > n) {
                throw new IllegalArgumentException("Need 0 <= successes <= n, not " + successes + " of " + n);
            }
        }

        Double rate() {
            return n == 0 ? null : (double) successes / n;
        }
    }

    /** A rate with its 95% interval; all null without a sample. */
    record Estimate(String variant, long n, long successes, Double rate, Double low, Double high) {}

    /** The comparison of two variants. */
    record Comparison(double difference, double differenceLow, double differenceHigh, double pValue, String test) {}

    /** What can be said: the estimates, the comparison (two variants with samples) and the verdict. */
    record Result(List<Estimate> variants, Comparison comparison, String winner, String verdict) {}

    private ExperimentStatistics() {}

    static Result analyse(List<Arm> arms, long minimumSample) {
        List<Estimate> estimates =
                arms.stream().map(ExperimentStatistics::wilson).toList();
        if (arms.size() != 2 || arms.get(0).n() == 0 || arms.get(1).n() == 0) {
            return new Result(estimates, null, null, "no winner yet");
        }
        Arm a = arms.get(0);
        Arm b = arms.get(1);
        Comparison comparison = compare(a, b);
        boolean enough = a.n() >= minimumSample && b.n() >= minimumSample;
        if (comparison.pValue() < SIGNIFICANCE && enough && comparison.difference() != 0) {
            String winner = comparison.difference() > 0 ? a.variant() : b.variant();
            return new Result(estimates, comparison, winner, winner + " wins (p < 0.05)");
        }
        String verdict = !enough
                ? "no winner yet: each variant needs at least " + minimumSample + " in its sample"
                : "no winner yet: the difference is not significant (p >= 0.05)";
        return new Result(estimates, comparison, null, verdict);
    }

    static Estimate wilson(Arm arm) {
        if (arm.n() == 0) {
            return new Estimate(arm.variant(), 0, 0, null, null, null);
        }
        double n = arm.n();
        double p = arm.rate();
        double z2 = Z_95 * Z_95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = Z_95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        return new Estimate(
                arm.variant(), arm.n(), arm.successes(), p, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    static Comparison compare(Arm a, Arm b) {
        double p1 = a.rate();
        double p2 = b.rate();
        double difference = p1 - p2;
        double se = Math.sqrt(p1 * (1 - p1) / a.n() + p2 * (1 - p2) / b.n());
        double pooled = (double) (a.successes() + b.successes()) / (a.n() + b.n());
        boolean small = Math.min(pooled, 1 - pooled) * Math.min(a.n(), b.n()) < 5;
        double p = small
                ? fisher(a.successes(), a.n() - a.successes(), b.successes(), b.n() - b.successes())
                : zTest(a, b, pooled);
        return new Comparison(
                difference, difference - Z_95 * se, difference + Z_95 * se, p, small ? "fisher-exact" : "z-test");
    }

    /** Two-sided p of the pooled two-proportion z-test. */
    static double zTest(Arm a, Arm b, double pooled) {
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / a.n() + 1.0 / b.n()));
        if (se == 0) {
            return 1;
        }
        double z = (a.rate() - b.rate()) / se;
        return Math.min(1, erfc(Math.abs(z) / Math.sqrt(2)));
    }

    /**
     * Two-sided p of Fisher's exact test on the table {@code [[a, b], [c, d]]}: the probability, with the margins
     * fixed, of every table at most as likely as the one observed (hypergeometric, computed in logarithms).
     */
    static double fisher(long a, long b, long c, long d) {
        long row1 = a + b;
        long col1 = a + c;
        long n = a + b + c + d;
        double observed = logHypergeometric(a, row1, col1, n);
        double p = 0;
        for (long k = Math.max(0, col1 - (n - row1)); k <= Math.min(row1, col1); k++) {
            double log = logHypergeometric(k, row1, col1, n);
            if (log <= observed + 1e-7) {
                p += Math.exp(log);
            }
        }
        return Math.min(1, p);
    }

    private static double logHypergeometric(long k, long row1, long col1, long n) {
        return logChoose(row1, k) + logChoose(n - row1, col1 - k) - logChoose(n, col1);
    }

    private static double logChoose(long n, long k) {
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
    }

    private static double logFactorial(long n) {
        double sum = 0;
        for (long i = 2; i <= n; i++) {
            sum += Math.log(i);
        }
        return sum;
    }

    /** The complementary error function (Numerical Recipes' Chebyshev fit, fractional error below 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t
                * Math.exp(
                        -z * z
                                - 1.26551223
                                + t
                                        * (1.00002368
                                                + t
                                                        * (0.37409196
                                                                + t
                                                                        * (0.09678418
                                                                                + t
                                                                                        * (-0.18628806
                                                                                                + t
                                                                                                        * (0.27886807
                                                                                                                + t
                                                                                                                        * (-1.13520398
                                                                                                                                + t
                                                                                                                                        * (1.48851587
                                                                                                                                                + t
                                                                                                                                                        * (-0.82215223
                                                                                                                                                                + t
                                                                                                                                                                        * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
