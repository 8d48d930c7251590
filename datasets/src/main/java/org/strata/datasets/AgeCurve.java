package org.strata.datasets;

/**
 * A function of age in whole years, piecewise linear between knots and flat beyond the ends, tabulated
 * once for ages 0..{@value #MAX_AGE} so the row loop does a single array read.
 */
final class AgeCurve {
    static final int MAX_AGE = 120;
    private final double[] byAge = new double[MAX_AGE + 1];

    private AgeCurve(double[] knots) {
        if (knots.length < 2 || knots.length % 2 != 0) {
            throw new IllegalArgumentException("knots must be age,value pairs: length=" + knots.length);
        }
        for (int age = 0; age <= MAX_AGE; age++) {
            byAge[age] = interpolate(knots, age);
        }
    }

    /** Knots as alternating age, value; ages rising. */
    static AgeCurve of(double... knots) {
        return new AgeCurve(knots);
    }

    double at(int age) {
        return byAge[age];
    }

    private static double interpolate(double[] knots, int age) {
        if (age <= knots[0]) {
            return knots[1];
        }
        for (int i = 2; i < knots.length; i += 2) {
            if (age <= knots[i]) {
                double t = (age - knots[i - 2]) / (knots[i] - knots[i - 2]);
                return knots[i - 1] + t * (knots[i + 1] - knots[i - 1]);
            }
        }
        return knots[knots.length - 1];
    }
}
