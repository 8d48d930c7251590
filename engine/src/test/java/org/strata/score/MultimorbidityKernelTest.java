package org.strata.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.strata.format.Conditions;

/** CMS and LTC count against one-condition-at-a-time sums, in integers and in doubles. */
class MultimorbidityKernelTest {
  private static final MultimorbidityKernel KERNEL = new MultimorbidityKernel(CambridgeWeights.general());

  @Test
  void matchesReferenceOnRandomBatches() {
    CambridgeWeights w = CambridgeWeights.general();
    for (long seed = 1; seed <= 400; seed++) {
      ScoreBatch in = RandomBatches.batch(seed);
      ScoreColumns out = new ScoreColumns(in.capacity());
      KERNEL.score(in, out);
      for (int i = 0; i < in.rowCount(); i++) {
        int mask = in.conditions()[i];
        String at = "seed " + seed + " row " + i + " mask " + Integer.toBinaryString(mask);
        int intSum = 0;
        for (int c = 0; c < Conditions.COUNT; c++) {
          intSum += (mask >>> c & 1) * w.weightX100(c);
        }
        assertEquals(intSum, out.cmsX100()[i], at);
        assertEquals(Math.round(ReferenceScorer.cms(mask) * 100), out.cmsX100()[i], at + " (double sum)");
        assertEquals(ReferenceScorer.ltcCount(mask), out.ltcCount()[i], at);
      }
    }
  }

  @Test
  void edges() {
    CambridgeWeights w = CambridgeWeights.general();
    int all = RandomBatches.ALL_CONDITIONS;
    assertEquals(0, KERNEL.cmsX100(0));
    assertEquals(w.maxCmsX100(), KERNEL.cmsX100(all));
    assertEquals(1633, KERNEL.cmsX100(all), "sum of the 20 published general weights, 16.33");
    assertEquals(KERNEL.cmsX100(all), KERNEL.cmsX100(all | 0xFFF0_0000), "bits above 19 are not conditions");
    for (int c = 0; c < Conditions.COUNT; c++) {
      assertEquals(w.weightX100(c), KERNEL.cmsX100(1 << c), Conditions.NAMES.get(c));
    }
    int[] masks = {0, all, all | 0xFFF0_0000, 1 << 19, 1};
    int[] cms = new int[masks.length];
    byte[] ltc = new byte[masks.length];
    KERNEL.score(masks, masks.length, cms, ltc);
    assertEquals(0, ltc[0]);
    assertEquals(20, ltc[1]);
    assertEquals(20, ltc[2]);
    assertEquals(1, ltc[3]);
    assertEquals(92, cms[3], "painful_condition 0.92");
    assertEquals(65, cms[4], "alcohol 0.65");
  }
}
