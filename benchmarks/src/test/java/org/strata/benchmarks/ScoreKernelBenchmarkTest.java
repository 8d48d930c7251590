package org.strata.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.strata.score.ScoreColumns;

/** Each ScoreKernelBenchmark method once: every variant gives the kernel's answer. */
class ScoreKernelBenchmarkTest {

  @Test
  void variantsAgree() {
    ScoreKernelBenchmark b = new ScoreKernelBenchmark();
    b.setUp();

    byte[] frailty = b.frailtyBranchFree().clone();
    assertArrayEquals(frailty, b.frailtyIfElseBaseline());
    ScoreColumns all = b.allKernels();
    assertArrayEquals(frailty, java.util.Arrays.copyOf(all.efiCategory(), ScoreKernelBenchmark.ROWS));

    int[] cms = b.multimorbiditySplitTable().clone();
    byte[] ltc = b.ltcCount.clone();
    assertArrayEquals(cms, b.multimorbidityBitLoopBaseline());
    assertArrayEquals(ltc, b.ltcCount);
    assertArrayEquals(cms, b.multimorbidityColumnAtATimeBaseline());
    assertArrayEquals(ltc, b.ltcCount);
    assertArrayEquals(cms, all.cmsX100());

    int[] predictor = b.riskPredictor().clone();
    assertArrayEquals(predictor, all.riskPredictorMicro());
    int[] table = b.riskProbabilityTable().clone();
    assertArrayEquals(table, all.riskX1e6());
    int[] exp = b.riskProbabilityMathExpBaseline().clone();
    int[] strict = b.riskProbabilityStrictMathExpBaseline().clone();
    int tableVsStrict = 0;
    int expVsStrict = 0;
    for (int i = 0; i < ScoreKernelBenchmark.ROWS; i++) {
      tableVsStrict = Math.max(tableVsStrict, Math.abs(table[i] - strict[i]));
      expVsStrict = Math.max(expVsStrict, Math.abs(exp[i] - strict[i]));
    }
    assertTrue(tableVsStrict <= 1, "table within 1e-6 of StrictMath: " + tableVsStrict);
    assertTrue(expVsStrict <= 1, "Math.exp within 1e-6 of StrictMath: " + expVsStrict);
    assertTrue(java.util.Arrays.stream(table).distinct().count() > 1_000, "a spread of risks, not a constant");
  }
}
