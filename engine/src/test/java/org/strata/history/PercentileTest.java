package org.strata.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Risk percentiles against a plain count over every pair, on seeded random footprints with many ties. */
class PercentileTest {

  @Test
  void matchesAPlainCountOfLowerAndEqualRisks() {
    SplittableRandom rng = new SplittableRandom(17);
    for (int round = 0; round < 100; round++) {
      int n = 1 + rng.nextInt(400);
      int distinct = 1 + rng.nextInt(50); // few distinct risks: ties everywhere
      // odd rounds: values spread over more than 2^23 (sorted and searched); even rounds: within it (counted)
      int spacing = round % 2 == 1 ? 1 << 20 : 1;
      boolean[] adult = new boolean[n];
      int[] predictor = new int[n];
      for (int i = 0; i < n; i++) {
        adult[i] = rng.nextInt(5) > 0;
        predictor[i] = rng.nextInt(distinct) * spacing - 20_000;
      }
      adult[0] = true;
      assertArrayEquals(reference(adult, predictor), HistoryRecorder.percentiles(adult, predictor), "round " + round);
    }
  }

  @Test
  void theHighestOfManyIsNearOneHundredAndTiesShareOne() {
    int[] predictor = {5, 1, 2, 3, 5};
    boolean[] adult = {true, true, true, true, true};
    short[] p = HistoryRecorder.percentiles(adult, predictor);
    assertEquals(p[0], p[4], "ties share a percentile");
    assertEquals(800, p[0]); // 3 below + 2/2 equal of 5 = 80.0%
    assertEquals(100, p[1]); // 0 below + 1/2 of 5 = 10.0%
  }

  private static short[] reference(boolean[] adult, int[] predictor) {
    int adults = 0;
    for (boolean a : adult) {
      adults += a ? 1 : 0;
    }
    short[] out = new short[predictor.length];
    for (int r = 0; r < predictor.length; r++) {
      if (!adult[r]) {
        out[r] = -1;
        continue;
      }
      int below = 0;
      int equal = 0;
      for (int q = 0; q < predictor.length; q++) {
        if (adult[q]) {
          below += predictor[q] < predictor[r] ? 1 : 0;
          equal += predictor[q] == predictor[r] ? 1 : 0;
        }
      }
      out[r] = new BigDecimal(below).add(new BigDecimal(equal).divide(BigDecimal.valueOf(2)))
          .multiply(BigDecimal.valueOf(1000)).divide(BigDecimal.valueOf(adults), 0, RoundingMode.HALF_UP)
          .shortValueExact();
    }
    return out;
  }
}
