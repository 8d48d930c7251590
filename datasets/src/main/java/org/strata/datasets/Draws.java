package org.strata.datasets;

import java.util.SplittableRandom;

/** Random draws the row loop needs, on a caller-owned {@link SplittableRandom}. */
final class Draws {
    private Draws() {
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
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
            long k = Math.round(mean + Math.sqrt(mean) * rng.nextGaussian());
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, k));
        }
        double u = rng.nextDouble();
        double p = Math.exp(-mean);
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
        return (int) Math.floor(Math.log(1.0 - rng.nextDouble()) / Math.log(q));
    }
}
