package org.strata.level;

import org.strata.parallel.RowSlices;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused footprint cuts against the obvious: for each cut, sort the eligible rows by (risk desc, key
 * asc) and take ceil(X% × eligible) — on seeded random predictors with big tie groups, extreme values,
 * cuts of nobody and of everyone, and inputs large enough to take the parallel path.
 */
class FootprintCutsTest {

  static int[] reference(List<Rule> cuts, int[] predictor, byte[] adult, long[] keys) {
    int[] out = new int[predictor.length];
    for (Rule cut : cuts) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < predictor.length; i++) {
        if (cut.eligible() == Rule.Eligible.EVERYONE || adult[i] != 0) {
          rows.add(i);
        }
      }
      rows.sort(Comparator.<Integer>comparingInt(i -> predictor[i]).reversed().thenComparingLong(i -> keys[i]));
      long k = cut.selectCount(rows.size());
      for (int j = 0; j < Math.min(k, rows.size()); j++) {
        out[rows.get(j)] |= 1 << cut.index();
      }
    }
    return out;
  }

  static Rule cut(int index, String percent, Rule.Eligible eligible) {
    return new Rule(index, 1, "cut" + index, Rule.Kind.TOP_PERCENT, null, new BigDecimal(percent),
        Rule.Scope.FOOTPRINT, eligible, 1);
  }

  private static void check(long seed, int n) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int distinct = 1 + rnd.nextInt(seed % 3 == 0 ? 4 : 200_000); // few distinct values = big tie groups
    int[] predictor = new int[n];
    byte[] adult = new byte[n];
    byte[] age = new byte[n];
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      predictor[i] = switch (rnd.nextInt(50)) {
        case 0 -> Integer.MIN_VALUE;
        case 1 -> Integer.MAX_VALUE;
        default -> (rnd.nextInt(distinct) - distinct / 2) * 977;
      };
      adult[i] = (byte) (rnd.nextInt(5) == 0 ? 0 : 1);
      age[i] = (byte) (adult[i] != 0 ? 18 + rnd.nextInt(90) : rnd.nextInt(18));
      keys[i] = seed % 5 == 0 ? Long.MAX_VALUE - rnd.nextInt(4) // shared keys, as colliding pseudonym hashes
          : 9_000_000_000L + (i * 7919L) % 1_000_003L * 1000 + rnd.nextInt(1000); // unique, not in row order
    }
    String[] percents = {"0", "0.5", "2", "20", "33.3", "100", "99.999", "0.001"};
    List<Rule> cuts = new ArrayList<>();
    int count = 1 + rnd.nextInt(3);
    for (int c = 0; c < count; c++) {
      cuts.add(cut(2 + 3 * c, percents[rnd.nextInt(percents.length)],
          rnd.nextBoolean() ? Rule.Eligible.ADULTS : Rule.Eligible.EVERYONE));
    }
    int[] adultsHigh = new int[FootprintCuts.BUCKETS];
    int[] everyoneHigh = new int[FootprintCuts.BUCKETS];
    FootprintCuts.addHigh(predictor, age, n, adultsHigh, everyoneHigh);
    int[] got = new int[n];
    for (int i = 0; i < n; i++) {
      got[i] = adult[i] != 0 ? LevelAssigner.ADULT : 0; // as LevelAssigner marks adults for the cuts
    }
    FootprintCuts.apply(cuts, predictor, adultsHigh, everyoneHigh, row -> keys[row], got);
    for (int i = 0; i < n; i++) {
      assertEquals(adult[i] != 0, (got[i] & LevelAssigner.ADULT) != 0, "adult bit of row " + i + " kept");
      got[i] &= ~LevelAssigner.ADULT;
    }
    assertArrayEquals(reference(cuts, predictor, adult, keys), got, "seed " + seed + ", " + n + " rows, " + cuts);
  }

  @Test
  void matchesSortingReferenceOnSeededRandomData() {
    for (long seed = 1; seed <= 300; seed++) {
      check(seed, new SplittableRandom(seed * 31).nextInt(0, 4000));
    }
  }

  @Test
  void largeInputsTakeTheParallelPathAndStillMatch() {
    for (long seed = 1; seed <= 3; seed++) {
      check(1000 + seed, RowSlices.PARALLEL_ROWS + 1 + new SplittableRandom(seed).nextInt(50_000));
    }
  }
}
