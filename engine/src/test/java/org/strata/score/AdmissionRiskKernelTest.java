package org.strata.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.strata.format.Flags;

/**
 * The risk kernel against a row-at-a-time reference: the fixed-point predictor is exactly the documented
 * quantised sum, close to the double sum, and the probability within one millionth of StrictMath's.
 */
class AdmissionRiskKernelTest {
  private static final CambridgeWeights WEIGHTS = CambridgeWeights.general();
  private static final MultimorbidityKernel MULTIMORBIDITY = new MultimorbidityKernel(WEIGHTS);

  private static ScoreColumns score(AdmissionRiskKernel kernel, ScoreBatch in) {
    ScoreColumns out = new ScoreColumns(in.capacity()).rowCount(in.rowCount());
    FrailtyKernel.score(in, out);
    MULTIMORBIDITY.score(in, out);
    kernel.score(in, out);
    return out;
  }

  @Test
  void matchesReferenceOnRandomBatches() {
    for (long seed = 1; seed <= 400; seed++) {
      SplittableRandom r = new SplittableRandom(-seed);
      RiskModel model = seed % 3 == 0 ? RandomBatches.model(r) : RiskModel.illustrative();
      AdmissionRiskKernel kernel = new AdmissionRiskKernel(model, WEIGHTS);
      ScoreBatch in = RandomBatches.batch(seed);
      ScoreColumns out = score(kernel, in);
      for (int i = 0; i < in.rowCount(); i++) {
        String at = "seed " + seed + " row " + i;
        long expected = ReferenceScorer.predictorMicro(model, in, i);
        int actual = out.riskPredictorMicro()[i];
        assertEquals(expected, actual, at);
        // Quantisation moves each unit term by at most 0.5e-6, and the CMS term by 0.5e-6 per 0.01 point.
        double tolerance = 20 * 0.5e-6 * 3 + 0.5e-6 * out.cmsX100()[i] + 1e-9;
        double exact = ReferenceScorer.predictor(model, in, i);
        assertEquals(exact, actual / 1e6, tolerance, at);
        int p = out.riskX1e6()[i];
        assertEquals(AdmissionRiskKernel.probabilityX1e6(actual), p, at);
        int strict = ReferenceScorer.probabilityX1e6(actual);
        assertTrue(Math.abs(p - strict) <= 1, at + ": table " + p + " vs StrictMath " + strict);
      }
    }
  }

  @Test
  void tableIsMonotoneAndWithinOneMillionthEverywhere() {
    int previous = -1;
    int worst = 0;
    for (long x = AdmissionRiskKernel.TABLE_MIN_MICRO - 100_000L; x <= AdmissionRiskKernel.TABLE_MAX_MICRO + 100_000L; x++) {
      int p = AdmissionRiskKernel.probabilityX1e6((int) x);
      if (p < previous) {
        throw new AssertionError("probability falls at predictor " + x + ": " + previous + " -> " + p);
      }
      previous = p;
      if (x % 61 == 0) {
        worst = Math.max(worst, Math.abs(p - ReferenceScorer.probabilityX1e6(x)));
      }
    }
    assertTrue(worst <= 1, "largest difference from StrictMath " + worst);
    assertEquals(0, AdmissionRiskKernel.probabilityX1e6(Integer.MIN_VALUE));
    assertEquals(1_000_000, AdmissionRiskKernel.probabilityX1e6(Integer.MAX_VALUE));
    assertEquals(500_000, AdmissionRiskKernel.probabilityX1e6(0));
    int[] xs = {Integer.MIN_VALUE, -3_500_000, 0, 2_000_000, Integer.MAX_VALUE};
    int[] ps = new int[xs.length];
    AdmissionRiskKernel.probabilitiesX1e6(xs, xs.length, ps);
    for (int i = 0; i < xs.length; i++) {
      assertEquals(AdmissionRiskKernel.probabilityX1e6(xs[i]), ps[i]);
    }
    assertEquals(ReferenceScorer.probabilityX1e6(-3_500_000), ps[1], 1);
  }

  @Test
  void missingDeprivationScoresAsTheMiddleQuintileAndCountsStopAtTheirCaps() {
    RiskModel m = RiskModel.illustrative();
    AdmissionRiskKernel kernel = new AdmissionRiskKernel(m, WEIGHTS);
    ScoreBatch in = new ScoreBatch(8).rowCount(8);
    for (int i = 0; i < 8; i++) {
      in.age()[i] = 70;
      in.sex()[i] = 2;
      in.imdDecile()[i] = 5;
    }
    in.imdDecile()[1] = -1;
    in.imdDecile()[2] = 6;
    in.emergencyAdmissions()[3] = 3;
    in.emergencyAdmissions()[4] = 50;
    in.aeAttendances()[5] = 3;
    in.aeAttendances()[6] = 200;
    in.imdDecile()[7] = 1;
    int[] x = score(kernel, in).riskPredictorMicro();
    assertEquals(x[0], x[1], "not recorded = decile 5");
    assertEquals(x[0], x[2], "deciles 5 and 6 are quintile 3");
    assertEquals(x[3], x[4], "emergency admissions capped at 3");
    assertEquals(x[5], x[6], "A&E attendances capped at 3");
    assertEquals(x[0] + RiskModel.micro(m.imdQuintile1()), x[7]);
    assertEquals(RiskModel.micro(m.intercept()) + RiskModel.micro(m.age65To74()), x[0]);
  }

  @Test
  void theHighestNeedRowScoresHigh() {
    AdmissionRiskKernel kernel = new AdmissionRiskKernel(RiskModel.illustrative(), WEIGHTS);
    ScoreBatch in = new ScoreBatch(2).rowCount(2);
    in.age()[0] = 30;
    in.sex()[0] = 2;
    in.imdDecile()[0] = 6;
    in.age()[1] = 90;
    in.sex()[1] = 1;
    in.imdDecile()[1] = 1;
    in.conditions()[1] = RandomBatches.ALL_CONDITIONS;
    in.flags()[1] = (byte) ((1 << Flags.CARE_HOME) | (1 << Flags.PALLIATIVE_CARE));
    in.efiDeficits()[1] = 36;
    in.emergencyAdmissions()[1] = 9;
    in.aeAttendances()[1] = 9;
    in.medicines()[1] = 20;
    ScoreColumns out = score(kernel, in);
    assertTrue(out.riskX1e6()[0] > 30_000 && out.riskX1e6()[0] < 70_000, "well adult 3-7%: " + out.riskX1e6()[0]);
    assertTrue(out.riskX1e6()[1] > 970_000, "everything at once: " + out.riskX1e6()[1]);
  }

  @Test
  void modelIsValidatedAndRoundTrips() {
    RiskModel m = RiskModel.illustrative();
    assertTrue(m.isIllustrative());
    assertTrue(m.label().startsWith("ILLUSTRATIVE"));
    assertEquals(RiskModel.FEATURES.size(), m.coefficients().length);
    assertEquals(m, RiskModel.of(m.label(), m.coefficients()));
    double[] c = m.coefficients();
    c[7] = Double.NaN;
    String msg = assertThrows(IllegalArgumentException.class, () -> RiskModel.of("x", c)).getMessage();
    assertTrue(msg.contains("cms_per_point"), msg);
    double[] big = m.coefficients();
    big[11] = 25;
    assertTrue(assertThrows(IllegalArgumentException.class, () -> RiskModel.of("x", big)).getMessage()
        .contains("emergency_admissions_capped_3"));
    double[] inf = m.coefficients();
    inf[0] = Double.NEGATIVE_INFINITY;
    assertThrows(IllegalArgumentException.class, () -> RiskModel.of("x", inf));
    assertThrows(IllegalArgumentException.class, () -> RiskModel.of(" ", m.coefficients()));
    assertThrows(IllegalArgumentException.class, () -> RiskModel.of("x", new double[3]));
    assertTrue(!RiskModel.of("fitted", m.coefficients()).isIllustrative());
  }

  @Test
  void rejectsAModelThatCouldOverflowThePredictor() {
    StringBuilder csv = new StringBuilder("condition,general_weight,mortality_weight\n");
    for (String name : org.strata.format.Conditions.NAMES) {
      csv.append(name).append(",10.00,0\n");
    }
    CambridgeWeights heavy = CambridgeWeights.parse("heavy.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    double[] c = RiskModel.illustrative().coefficients();
    c[7] = 20; // 20 logits per point × CMS 200 = 4,000 logits: beyond an int of micro-logits
    RiskModel m = RiskModel.of("extreme", c);
    String msg = assertThrows(IllegalArgumentException.class, () -> new AdmissionRiskKernel(m, heavy)).getMessage();
    assertTrue(msg.contains("beyond the fixed-point int range"), msg);
    new AdmissionRiskKernel(m, WEIGHTS); // fine with the published weights
  }

  @Test
  void sameInputsSameBits() {
    ScoreBatch in = RandomBatches.batch(77);
    AdmissionRiskKernel kernel = new AdmissionRiskKernel(RiskModel.illustrative(), WEIGHTS);
    ScoreColumns a = score(kernel, in);
    ScoreColumns b = score(new AdmissionRiskKernel(RiskModel.illustrative(), CambridgeWeights.general()), in);
    assertArrayEquals(a.riskPredictorMicro(), b.riskPredictorMicro());
    assertArrayEquals(a.riskX1e6(), b.riskX1e6());
  }
}
