package org.strata.datasets;

import java.util.SplittableRandom;

/**
 * The age bands a practice's list is split into, and how a single year is drawn within a band.
 *
 * <p>Bands follow the columns of NHS Digital's April 2020 practice file: 0–15, 16, 17, 18–29, 30–49, 50–64,
 * then 65+ split into 65–74, 75–84 and 85+ with national shares of the 65+ ({@link #SHARE_65_74},
 * {@link #SHARE_75_84}, {@link #SHARE_85_PLUS}; ONS mid-2019 England estimates, rounded) so that 85+ is
 * about 2.3% of everyone (17.5% × 0.131). Within a band years are uniform, except 85+: 85, 86, … with
 * weights 0.84^k up to 105 (mean about 89, as in ONS estimates).
 */
final class AgeBands {
    static final int COUNT = 9;
    static final int[] LOWER = {0, 16, 17, 18, 30, 50, 65, 75, 85};
    static final int[] UPPER = {15, 16, 17, 29, 49, 64, 74, 84, 105};
    static final double SHARE_65_74 = 0.553;
    static final double SHARE_75_84 = 0.316;
    static final double SHARE_85_PLUS = 0.131;
    private static final double OLDEST_DECAY = 0.84;
    /** Cumulative weights of the years 85..105 within the 85+ band. */
    private static final double[] OLDEST_CUMULATIVE = oldestCumulative();

    private AgeBands() {
    }

    static int drawAge(SplittableRandom rng, int band) {
        if (band == COUNT - 1) {
            double u = rng.nextDouble();
            for (int k = 0; k < OLDEST_CUMULATIVE.length; k++) {
                if (u < OLDEST_CUMULATIVE[k]) {
                    return LOWER[band] + k;
                }
            }
            return UPPER[band];
        }
        return LOWER[band] + rng.nextInt(UPPER[band] - LOWER[band] + 1);
    }

    /** Probability of exactly {@code age} given the band (for calibration by quadrature). */
    static double yearShare(int band, int age) {
        if (age < LOWER[band] || age > UPPER[band]) {
            return 0.0;
        }
        if (band == COUNT - 1) {
            int k = age - LOWER[band];
            return OLDEST_CUMULATIVE[k] - (k == 0 ? 0.0 : OLDEST_CUMULATIVE[k - 1]);
        }
        return 1.0 / (UPPER[band] - LOWER[band] + 1);
    }

    private static double[] oldestCumulative() {
        int years = UPPER[COUNT - 1] - LOWER[COUNT - 1] + 1;
        double[] cumulative = new double[years];
        double total = 0;
        for (int k = 0; k < years; k++) {
            total += StrictMath.pow(OLDEST_DECAY, k);
            cumulative[k] = total;
        }
        for (int k = 0; k < years; k++) {
            cumulative[k] /= total;
        }
        cumulative[years - 1] = 1.0;
        return cumulative;
    }
}
