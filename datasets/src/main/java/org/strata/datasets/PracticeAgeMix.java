package org.strata.datasets;

import java.util.SplittableRandom;

/**
 * One real practice's list size and age mix (NHS Digital, April 2020), as counts per {@link AgeBands} band.
 *
 * <p>From the columns: 0–15 = TOTAL − 16OV; 16 = 16OV − 17OV; 17 = 17OV − 18OV; 65+ = 65OV split by the
 * national shares; 50–64 = 50OV − 65OV; 30–49 = 30_74 − (50–64) − (65–74); 18–29 = 18OV − 30_74 − (75+).
 *
 * @param listSize registered patients (TOTAL)
 * @param cumulativeBandShare cumulative share of the list in each band, last = 1
 */
record PracticeAgeMix(int listSize, double[] cumulativeBandShare) {
    /** Lists below this are closing or merging practices, not a footprint's building blocks. */
    static final int MIN_LIST_SIZE = 500;

    PracticeAgeMix {
        if (listSize < 1) {
            throw new IllegalArgumentException("listSize must be >= 1: listSize=" + listSize);
        }
        if (cumulativeBandShare.length != AgeBands.COUNT) {
            throw new IllegalArgumentException("need " + AgeBands.COUNT + " bands: got " + cumulativeBandShare.length);
        }
    }

    /** The mix of a gp_by_age_2020.csv row, or null when the row is too small or its columns disagree. */
    static PracticeAgeMix fromRow(String[] row) {
        double total = Double.parseDouble(row[1]);
        double over16 = Double.parseDouble(row[2]);
        double over17 = Double.parseDouble(row[3]);
        double over18 = Double.parseDouble(row[4]);
        double age30to74 = Double.parseDouble(row[5]);
        double over50 = Double.parseDouble(row[6]);
        double over65 = Double.parseDouble(row[8]);
        if (total < MIN_LIST_SIZE) {
            return null;
        }
        double[] bands = new double[AgeBands.COUNT];
        bands[0] = total - over16;
        bands[1] = over16 - over17;
        bands[2] = over17 - over18;
        bands[6] = over65 * AgeBands.SHARE_65_74;
        bands[7] = over65 * AgeBands.SHARE_75_84;
        bands[8] = over65 * AgeBands.SHARE_85_PLUS;
        bands[5] = over50 - over65;
        bands[4] = age30to74 - bands[5] - bands[6];
        bands[3] = over18 - age30to74 - bands[7] - bands[8];
        double sum = 0;
        for (double b : bands) {
            if (b < 0) {
                return null;
            }
            sum += b;
        }
        double[] cumulative = new double[AgeBands.COUNT];
        double running = 0;
        for (int i = 0; i < bands.length; i++) {
            running += bands[i] / sum;
            cumulative[i] = running;
        }
        cumulative[AgeBands.COUNT - 1] = 1.0;
        return new PracticeAgeMix((int) total, cumulative);
    }

    double bandShare(int band) {
        return cumulativeBandShare[band] - (band == 0 ? 0.0 : cumulativeBandShare[band - 1]);
    }

    int drawAge(SplittableRandom rng) {
        double u = rng.nextDouble();
        int band = 0;
        while (band < AgeBands.COUNT - 1 && u >= cumulativeBandShare[band]) {
            band++;
        }
        return AgeBands.drawAge(rng, band);
    }
}
