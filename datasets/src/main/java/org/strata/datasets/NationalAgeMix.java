package org.strata.datasets;

import java.util.SplittableRandom;

/**
 * England's registered population by single year of age: the sum of every practice's age mix in the April
 * 2020 file, spread over single years by {@link AgeBands}. The footprint's own mix is a sample of the same
 * practices, so calibrating on this mix makes the footprint's figures match in expectation.
 */
final class NationalAgeMix {
    /** Share of the population at each age 0..{@link AgeCurve#MAX_AGE}. */
    final double[] share = new double[AgeCurve.MAX_AGE + 1];
    private final double[] cumulative = new double[AgeCurve.MAX_AGE + 1];

    NationalAgeMix(ReferenceData reference) {
        double[] bandTotals = new double[AgeBands.COUNT];
        double total = 0;
        for (PracticeAgeMix mix : reference.practiceMixes) {
            for (int band = 0; band < AgeBands.COUNT; band++) {
                bandTotals[band] += mix.listSize() * mix.bandShare(band);
            }
            total += mix.listSize();
        }
        double running = 0;
        for (int age = 0; age <= AgeCurve.MAX_AGE; age++) {
            double s = 0;
            for (int band = 0; band < AgeBands.COUNT; band++) {
                s += bandTotals[band] / total * AgeBands.yearShare(band, age);
            }
            share[age] = s;
            running += s;
            cumulative[age] = running;
        }
    }

    int drawAge(SplittableRandom rng) {
        double u = rng.nextDouble() * cumulative[AgeCurve.MAX_AGE];
        for (int age = 0; age < AgeCurve.MAX_AGE; age++) {
            if (u < cumulative[age]) {
                return age;
            }
        }
        return AgeCurve.MAX_AGE;
    }
}
