package org.strata.datasets;

import java.util.stream.IntStream;

/**
 * Solving for intercepts so that the generated population hits its targets by construction. Uses
 * {@link StrictMath} so the calibrated model is bit-identical on every JVM (the machine's faster exponential only
 * settles the bisection steps it provably settles the same way, {@link #bisect}).
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
        return bisect(42, target, mid -> quadratureMean(ages, minAge, curve, g, d, mid, false),
                mid -> quadratureMean(ages, minAge, curve, g, d, mid, true));
    }

    private static double quadratureMean(NationalAgeMix ages, int minAge, AgeCurve curve, double g, double d,
                                         double mid, boolean strict) {
        // each age's sum on any core, then added up in age order: the same bits on any number of cores
        double[] byAge = new double[AgeCurve.MAX_AGE + 1];
        IntStream.rangeClosed(minAge, AgeCurve.MAX_AGE).parallel().filter(age -> ages.share[age] != 0)
                .forEach(age -> {
                    double sum = 0;
                    for (int decile = 1; decile <= 10; decile++) {
                        double base = mid + curve.at(age) + d * deprivationOf(decile);
                        for (int i = 0; i < HEALTH_POINTS; i++) {
                            double x = base + g * HEALTH_VALUE[i];
                            sum += HEALTH_WEIGHT[i] * (strict ? strictSigmoid(x) : fastSigmoid(x));
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
        return numerator / denominator;
    }

    /** The intercept a with mean over included i of sigmoid(a + score[i]) = target (pilot-sample calibration). */
    static double interceptOnSample(double[] score, boolean[] included, double target) {
        double[] p = new double[score.length];
        return bisect(45, target, mid -> sampleMean(score, included, mid, p, false),
                mid -> sampleMean(score, included, mid, p, true));
    }

    private static double sampleMean(double[] score, boolean[] included, double mid, double[] p, boolean strict) {
        // the exponentials on every core, the sum in order: the same bits on any number of cores
        IntStream.range(0, score.length).parallel()
                .forEach(i -> p[i] = strict ? strictSigmoid(mid + score[i]) : fastSigmoid(mid + score[i]));
        double sum = 0;
        long n = 0;
        for (int i = 0; i < score.length; i++) {
            if (included == null || included[i]) {
                sum += p[i];
                n++;
            }
        }
        return sum / n;
    }

    /**
     * How far apart, relatively, a mean of {@link #fastSigmoid} terms and the same mean of {@link #strictSigmoid}
     * terms can be, with room to spare. Both exponentials are within 1 ulp of the exact value, so each term differs
     * by about 1e-15 relatively; the terms are positive, so each sum's rounding is at most (terms − 1) × 2^-53
     * relatively: about 2e-11 for the 150,000 terms of the pilot sample, 4e-12 for the 30,250 of a quadrature. The
     * arguments stay within ±100, far from where either exponential overflows or a sigmoid is subnormal.
     */
    static final double FAST_TOLERANCE = 1e-9;

    /**
     * Bisection on [−40, 40] for the a with mean(a) = target, mean increasing in a, deciding each step as {@code
     * strict(mid) < target} would. {@code fast} (the machine's exponential) decides a step when it is further than
     * {@link #FAST_TOLERANCE} from the target, which settles most of them; {@code strict} ({@link StrictMath},
     * the same bits on every JVM) decides the rest, the last steps, where the mean is within that of the target.
     * The result is what bisecting with {@code strict} alone gives, at a fraction of its cost.
     */
    static double bisect(int iterations, double target, java.util.function.DoubleUnaryOperator fast,
                         java.util.function.DoubleUnaryOperator strict) {
        double lo = -40, hi = 40;
        for (int iteration = 0; iteration < iterations; iteration++) {
            double mid = (lo + hi) / 2;
            double f = fast.applyAsDouble(mid);
            boolean below;
            if (!(f > 1e-290)) { // a mean this small (or not a number) could hold subnormal terms: no bound
                below = strict.applyAsDouble(mid) < target;
            } else if (f < target * (1 - FAST_TOLERANCE)) {
                below = true;
            } else if (f > target * (1 + FAST_TOLERANCE)) {
                below = false;
            } else {
                below = strict.applyAsDouble(mid) < target;
            }
            if (below) {
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

    /** The sigmoid with the machine's exponential: only ever to decide a bisection step {@link #bisect} can trust. */
    static double fastSigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    static double strictSigmoid(double x) {
        return 1.0 / (1.0 + StrictMath.exp(-x));
    }
}
