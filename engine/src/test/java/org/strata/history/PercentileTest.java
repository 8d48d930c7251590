package org.strata.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Risk percentiles against a plain count over every pair, on seeded random footprints: many ties, risks bunched as
 * a model's are, spread over the whole int range, and footprints large enough that most buckets are flat.
 */
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
      assertArrayEquals(reference(adult, predictor), RiskPercentiles.of(adult, predictor), "round " + round);
    }
  }

  @Test
  void matchesOnLargerFootprintsWithBunchedAndWidelySpreadRisks() {
    SplittableRandom rng = new SplittableRandom(23);
    for (int round = 0; round < 12; round++) {
      int n = 2_000 + rng.nextInt(6_000);
      boolean[] adult = new boolean[n];
      int[] predictor = new int[n];
      for (int i = 0; i < n; i++) {
        adult[i] = rng.nextInt(5) > 0;
        predictor[i] = switch (round % 4) {
          // micro-logits as the model gives them: a bell around -4 with a long upper tail, and repeats
          case 0 -> (int) (-4_000_000 + 900_000 * gaussian(rng) + (rng.nextInt(50) == 0 ? 5_000_000 : 0));
          case 1 -> rng.nextInt(3) == 0 ? -3_000_000 : (int) (600_000 * gaussian(rng)); // a third tied at one risk
          case 2 -> rng.nextInt(); // the whole int range: too spread to count, sorted instead
          default -> rng.nextInt(Integer.MIN_VALUE / 2, Integer.MIN_VALUE / 2 + 70_000); // narrow, one per bucket
        };
      }
      adult[0] = true;
      assertArrayEquals(reference(adult, predictor), RiskPercentiles.of(adult, predictor), "round " + round);
    }
  }

  @Test
  void withoutAdultsEveryoneHasNone() {
    short[] p = RiskPercentiles.of(new boolean[] {false, false}, new int[] {3, 4});
    assertArrayEquals(new short[] {-1, -1}, p);
  }

  private static double gaussian(SplittableRandom rng) {
    double u = rng.nextDouble(1e-12, 1.0);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  @Test
  void theHighestOfManyIsNearOneHundredAndTiesShareOne() {
    int[] predictor = {5, 1, 2, 3, 5};
    boolean[] adult = {true, true, true, true, true};
    short[] p = RiskPercentiles.of(adult, predictor);
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
