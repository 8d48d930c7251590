package org.strata.datasets;

/**
 * Age-specific prevalence of the 20 Cambridge Multimorbidity Score conditions (Payne 2020).
 *
 * <p>Per condition c: logit p = a_c + f_c(age) + g_c·z + d_c·deprivation, with z ~ N(0,1) the person's
 * latent health factor (shared by all conditions, which is what makes multimorbidity cluster) and
 * deprivation on −1..+1 from the IMD decile. f_c, g_c and d_c are fixed shapes chosen from the
 * epidemiology; a_c is calibrated once, by bisection, so that the expected prevalence over the national age
 * mix (April 2020 lists), z and uniform deciles equals the target on its denominator: QOF 2019/20 England
 * recorded prevalence for the 15 conditions QOF registers (denominator age as QOF: diabetes 17+, CKD,
 * depression and epilepsy 18+, rheumatoid arthritis 16+), and approximate adult (18+) prevalences from the
 * CPRD cohorts of Cassell 2018 and Payne 2020 for the other five.
 */
final class ConditionModel {

    /** One condition's shape and target. */
    record Shape(String name, String qofGroup, int denominatorMinAge, double adultTarget, AgeCurve ageCurve,
                 double healthLoading, double deprivationLoading) {
        Shape {
            if ((qofGroup == null) == (adultTarget <= 0)) {
                throw new IllegalArgumentException(name + ": give a QOF group or an adult target, not both");
            }
        }
    }

    private static final Shape[] SHAPES = {
        approx("alcohol", 0.02, AgeCurve.of(0, -8, 16, -3, 25, -0.5, 45, 0, 65, 0, 85, -1.2), 0.5, 0.45),
        qof("anxiety_depression", "DEP", 18, AgeCurve.of(0, -6, 12, -3, 18, -0.4, 30, 0, 55, 0, 75, -0.3, 90, -0.1), 0.6, 0.25),
        qof("atrial_fibrillation", "AF", 0, AgeCurve.of(0, -14, 40, -7.5, 60, -3.8, 75, -1.3, 85, 0, 100, 0.4), 0.4, -0.05),
        qof("cancer", "CAN", 0, AgeCurve.of(0, -8, 30, -5.5, 50, -3.3, 70, -1.6, 85, -0.9, 100, -1), 0.3, -0.1),
        qof("ckd", "CKD", 18, AgeCurve.of(18, -9, 40, -6.5, 60, -3.3, 75, -1.2, 85, 0.2, 100, 1), 0.5, 0.05),
        qof("connective_tissue", "RA", 16, AgeCurve.of(0, -6, 16, -3.5, 40, -1.5, 60, -0.3, 75, 0, 90, -0.2), 0.5, 0.1),
        qof("copd", "COPD", 0, AgeCurve.of(0, -12, 35, -6.5, 50, -3, 70, -0.8, 85, -0.5, 100, -0.8), 0.6, 0.5),
        qof("chd", "CHD", 0, AgeCurve.of(0, -12, 30, -7.5, 50, -3.6, 70, -1.2, 85, -0.3, 100, -0.2), 0.5, 0.15),
        qof("dementia", "DEM", 0, AgeCurve.of(0, -16, 50, -9.5, 65, -5.5, 75, -3.2, 85, -1.2, 95, 0), 0.4, 0.05),
        qof("diabetes", "DM", 17, AgeCurve.of(0, -6.5, 20, -4.5, 40, -2.4, 60, -0.6, 75, 0, 90, -0.4), 0.5, 0.3),
        qof("epilepsy", "EP", 18, AgeCurve.of(0, -0.6, 18, 0, 60, 0.1, 90, 0.3), 0.5, 0.3),
        approx("hearing_loss", 0.05, AgeCurve.of(0, -6, 40, -4, 60, -2, 80, 0, 95, 0.8), 0.3, 0.0),
        qof("heart_failure", "HF", 0, AgeCurve.of(0, -12, 40, -7.5, 60, -4, 75, -2, 85, -0.7, 100, 0), 0.5, 0.15),
        approx("ibs", 0.05, AgeCurve.of(0, -3, 18, -0.2, 35, 0, 60, -0.1, 85, -0.5), 0.4, 0.05),
        qof("psychosis_bipolar", "MH", 0, AgeCurve.of(0, -7, 18, -1.2, 30, 0, 60, 0, 90, -0.4), 0.5, 0.5),
        qof("stroke_tia", "STIA", 0, AgeCurve.of(0, -11, 40, -6.5, 60, -3.4, 75, -1.6, 85, -0.6, 100, -0.3), 0.5, 0.15),
        qof("asthma", "AST", 0, AgeCurve.of(0, -1.2, 5, 0, 15, 0.2, 30, 0, 60, 0.1, 85, -0.2), 0.4, 0.15),
        qof("hypertension", "HYP", 0, AgeCurve.of(0, -9, 20, -6, 40, -2.8, 60, -0.6, 75, 0.4, 90, 0.7), 0.4, 0.1),
        approx("constipation", 0.035, AgeCurve.of(0, -2.5, 18, -3, 50, -2.2, 70, -1, 85, 0), 0.5, 0.1),
        approx("painful_condition", 0.10, AgeCurve.of(0, -6, 18, -2.5, 40, -0.9, 60, 0, 80, 0.3), 0.6, 0.25),
    };

    private static Shape qof(String name, String group, int minAge, AgeCurve curve, double g, double d) {
        return new Shape(name, group, minAge, 0, curve, g, d);
    }

    private static Shape approx(String name, double adultTarget, AgeCurve curve, double g, double d) {
        return new Shape(name, null, 18, adultTarget, curve, g, d);
    }

    /** Shapes in the order of cambridge_multimorbidity_weights.csv. */
    final Shape[] shapes;
    /** Target prevalence on each condition's denominator. */
    final double[] targets;
    /** a_c + f_c(age), by condition and age. */
    final double[][] baseLogit;
    final double[] healthLoading;
    final double[] deprivationLoading;

    /** a_c, by condition: solved by quadrature, or {@link CalibrationArchive archived} by the build. */
    final double[] intercepts;

    /** Solves each condition's intercept, or takes {@code archived} (null to solve) as they were solved before. */
    ConditionModel(ReferenceData reference, NationalAgeMix ages, double[] archived) {
        int count = reference.conditionNames.length;
        shapes = new Shape[count];
        targets = new double[count];
        baseLogit = new double[count][AgeCurve.MAX_AGE + 1];
        healthLoading = new double[count];
        deprivationLoading = new double[count];
        intercepts = new double[count];
        for (int c = 0; c < count; c++) {
            shapes[c] = shapeNamed(reference.conditionNames[c]);
            targets[c] = shapes[c].qofGroup() != null ? reference.qofTarget(shapes[c].qofGroup()) : shapes[c].adultTarget();
            healthLoading[c] = shapes[c].healthLoading();
            deprivationLoading[c] = shapes[c].deprivationLoading();
            double intercept = archived != null ? archived[c]
                    : Calibration.interceptByQuadrature(ages, shapes[c].denominatorMinAge(), shapes[c].ageCurve(),
                            healthLoading[c], deprivationLoading[c], targets[c]);
            intercepts[c] = intercept;
            for (int age = 0; age <= AgeCurve.MAX_AGE; age++) {
                baseLogit[c][age] = intercept + shapes[c].ageCurve().at(age);
            }
        }
    }

    int indexOf(String name) {
        for (int c = 0; c < shapes.length; c++) {
            if (shapes[c].name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no such condition: " + name);
    }

    private static Shape shapeNamed(String name) {
        for (Shape shape : SHAPES) {
            if (shape.name().equals(name)) {
                return shape;
            }
        }
        throw new IllegalStateException("condition in cambridge_multimorbidity_weights.csv has no shape: " + name);
    }
}
