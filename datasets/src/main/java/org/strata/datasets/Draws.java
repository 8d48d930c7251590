package org.strata.datasets;

import java.util.SplittableRandom;

/**
 * Random draws the row loop needs, on a caller-owned {@link SplittableRandom}. Only {@code nextInt},
 * {@code nextLong} and {@code nextDouble} of the JDK's generator are used — their output is specified
 * exactly — and every transcendental function is {@link StrictMath}'s, so a seed gives the same bytes on
 * every JDK and CPU. ({@code SplittableRandom.nextGaussian()} changed between JDK 17 and 25.)
 */
final class Draws {
    private static final double TWO_PI = 2 * StrictMath.PI;

    private Draws() {
    }

    /** A standard normal draw by Box–Muller from two uniform draws (the second of the pair is not kept). */
    static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble(); // (0, 1]: log is finite
        double u2 = rng.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(TWO_PI * u2);
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + StrictMath.exp(-x));
    }

    /** 1 with probability sigmoid(logit), else 0. */
    static int bernoulliLogit(SplittableRandom rng, double logit) {
        return rng.nextDouble() < sigmoid(logit) ? 1 : 0;
    }

    /** Poisson by inversion (exact) below mean 40, a rounded normal above (only GP contacts get there). */
    static int poisson(SplittableRandom rng, double mean) {
        if (mean <= 0.0) {
            return 0;
        }
        if (mean >= 40.0) {
            long k = Math.round(mean + StrictMath.sqrt(mean) * Draws.gaussian(rng));
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, k));
        }
        double u = rng.nextDouble();
        double p = StrictMath.exp(-mean);
        double cumulative = p;
        int k = 0;
        while (u > cumulative && k < 400) {
            k++;
            p *= mean / k;
            cumulative += p;
        }
        return k;
    }

    /** Geometric on 0,1,2,… with the given mean. */
    static int geometric(SplittableRandom rng, double mean) {
        if (mean <= 0.0) {
            return 0;
        }
        double q = mean / (1.0 + mean); // P(X >= k+1 | X >= k)
        return (int) Math.floor(StrictMath.log(1.0 - rng.nextDouble()) / StrictMath.log(q));
    }
}
