package org.strata.datasets;

import java.util.stream.IntStream;

/**
 * Solving for intercepts so that the generated population hits its targets by construction. Uses
 * {@link StrictMath} so the calibrated model is bit-identical on every JVM.
 */
final class Calibration {
    /** Quadrature points for z ~ N(0,1) on [−5, 5]. */
    private static final int HEALTH_POINTS = 25;
    private static final double[] HEALTH_VALUE = new double[HEALTH_POINTS];
    private static final double[] HEALTH_WEIGHT = new double[HEALTH_POINTS];

    static {
        double total = 0;
        for (int i = 0; i < HEALTH_POINTS; i++) {
            HEALTH_VALUE[i] = -5.0 + 10.0 * i / (HEALTH_POINTS - 1);
            HEALTH_WEIGHT[i] = StrictMath.exp(-HEALTH_VALUE[i] * HEALTH_VALUE[i] / 2);
            total += HEALTH_WEIGHT[i];
        }
        for (int i = 0; i < HEALTH_POINTS; i++) {
            HEALTH_WEIGHT[i] /= total;
        }
    }

    private Calibration() {
    }

    /** Deprivation (−1..+1) of an IMD decile, 1 = most deprived. */
    static double deprivationOf(int decile) {
        return (5.5 - decile) / 4.5;
    }

    /**
     * The intercept a with E[sigmoid(a + curve(age) + g·z + d·dep)] = target over ages ≥ minAge of the national
     * mix, z ~ N(0,1) and the ten deciles equally likely.
     */
    static double interceptByQuadrature(NationalAgeMix ages, int minAge, AgeCurve curve, double g, double d,
                                        double target) {
        double lo = -40, hi = 40;
        for (int iteration = 0; iteration < 42; iteration++) {
            double mid = (lo + hi) / 2;
            // each age's sum on any core, then added up in age order: the same bits on any number of cores
            double[] byAge = new double[AgeCurve.MAX_AGE + 1];
            IntStream.rangeClosed(minAge, AgeCurve.MAX_AGE).parallel().filter(age -> ages.share[age] != 0)
                    .forEach(age -> {
                        double sum = 0;
                        for (int decile = 1; decile <= 10; decile++) {
                            double base = mid + curve.at(age) + d * deprivationOf(decile);
                            for (int i = 0; i < HEALTH_POINTS; i++) {
                                sum += HEALTH_WEIGHT[i] * strictSigmoid(base + g * HEALTH_VALUE[i]);
                            }
                        }
                        byAge[age] = sum;
                    });
            double numerator = 0, denominator = 0;
            for (int age = minAge; age <= AgeCurve.MAX_AGE; age++) {
                double w = ages.share[age];
                if (w == 0) {
                    continue;
                }
                numerator += w * byAge[age] / 10;
                denominator += w;
            }
            if (numerator / denominator < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** The intercept a with mean over included i of sigmoid(a + score[i]) = target (pilot-sample calibration). */
    static double interceptOnSample(double[] score, boolean[] included, double target) {
        double lo = -40, hi = 40;
        double[] p = new double[score.length];
        for (int iteration = 0; iteration < 45; iteration++) {
            double mid = (lo + hi) / 2;
            // the exponentials on every core, the sum in order: the same bits on any number of cores
            IntStream.range(0, score.length).parallel().forEach(i -> p[i] = strictSigmoid(mid + score[i]));
            double sum = 0;
            long n = 0;
            for (int i = 0; i < score.length; i++) {
                if (included == null || included[i]) {
                    sum += p[i];
                    n++;
                }
            }
            if (sum / n < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** The log-scale intercept b with mean of exp(b + logScore[i]) = targetMean (a Poisson rate calibration). */
    static double logInterceptOnSample(double[] logScore, double targetMean) {
        double sum = 0;
        for (double s : logScore) {
            sum += StrictMath.exp(s);
        }
        return StrictMath.log(targetMean / (sum / logScore.length));
    }

    static double strictSigmoid(double x) {
        return 1.0 / (1.0 + StrictMath.exp(-x));
    }
}
