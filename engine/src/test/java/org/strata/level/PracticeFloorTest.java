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
 * The practice floor against the obvious: per practice, count the eligible and those already at the
 * floor's level, sort the rest by (risk desc, key asc) and promote the shortfall — on seeded random data
 * with unregistered rows, children, big tie groups and practices already over their floor.
 */
class PracticeFloorTest {
  // rules 0-2 level 1, 3-4 level 2, 5 level 3; the floor is rule 6 at level `floorLevel`
  static final int[] LEVELS = {1, 1, 1, 2, 2, 3, 0};

  static int[] reference(Rule floor, int practices, int[] reasonsIn, int[] ruleLevel, byte[] adult, short[] practice,
      int[] predictor, long[] keys) {
    int[] out = reasonsIn.clone();
    for (int p = 0; p < practices; p++) {
      List<Integer> below = new ArrayList<>();
      long eligible = 0;
      long at = 0;
      for (int i = 0; i < out.length; i++) {
        if (practice[i] != p || floor.eligible() == Rule.Eligible.ADULTS && adult[i] == 0) {
          continue;
        }
        eligible++;
        int r = reasonsIn[i];
        if (r != 0 && ruleLevel[Integer.numberOfTrailingZeros(r)] <= floor.level()) {
          at++;
        } else {
          below.add(i);
        }
      }
      below.sort(Comparator.<Integer>comparingInt(i -> predictor[i]).reversed().thenComparingLong(i -> keys[i]));
      long need = Math.max(0, floor.selectCount(eligible) - at);
      for (int j = 0; j < Math.min(need, below.size()); j++) {
        out[below.get(j)] |= 1 << floor.index();
      }
    }
    return out;
  }

  private static void check(long seed, int n) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int practices = 1 + rnd.nextInt(seed % 2 == 0 ? 5 : 300);
    int floorLevel = 1 + rnd.nextInt(2);
    String percent = new String[] {"0", "2", "5", "12.5", "100"}[rnd.nextInt(5)];
    Rule floor = new Rule(6, floorLevel, "floor", Rule.Kind.PRACTICE_FLOOR, null, new BigDecimal(percent),
        Rule.Scope.PRACTICE, rnd.nextBoolean() ? Rule.Eligible.ADULTS : Rule.Eligible.EVERYONE, 1);
    int[] ruleLevel = LEVELS.clone();
    ruleLevel[6] = floorLevel;
    int distinct = 1 + rnd.nextInt(seed % 3 == 0 ? 3 : 100_000);
    int[] reasons = new int[n];
    byte[] adult = new byte[n];
    short[] practice = new short[n];
    int[] predictor = new int[n];
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      reasons[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(1 << 6) : 0;
      adult[i] = (byte) (rnd.nextInt(5) == 0 ? 0 : 1);
      practice[i] = (short) (rnd.nextInt(20) == 0 ? -1 : rnd.nextInt(practices));
      predictor[i] = (rnd.nextInt(distinct) - distinct / 2) * 1013;
      keys[i] = 9_000_000_000L + (i * 7919L) % 1_000_003L * 1000 + rnd.nextInt(1000);
    }
    int[] expected = reference(floor, practices, reasons, ruleLevel, adult, practice, predictor, keys);
    for (int i = 0; i < n; i++) {
      reasons[i] |= adult[i] != 0 ? LevelAssigner.ADULT : 0; // as LevelAssigner marks adults for the floors
    }
    PracticeFloor.apply(floor, practices, reasons, ruleLevel, practice, predictor, row -> keys[row]);
    for (int i = 0; i < n; i++) {
      assertEquals(adult[i] != 0, (reasons[i] & LevelAssigner.ADULT) != 0, "adult bit of row " + i + " kept");
      reasons[i] &= ~LevelAssigner.ADULT;
    }
    assertArrayEquals(expected, reasons, "seed " + seed + ", " + n + " rows, " + practices + " practices");
  }

  @Test
  void matchesSortingReferenceOnSeededRandomData() {
    for (long seed = 1; seed <= 200; seed++) {
      check(seed, new SplittableRandom(seed * 17).nextInt(0, 5000));
    }
  }

  @Test
  void largeInputsTakeTheParallelPathAndStillMatch() {
    for (long seed = 1; seed <= 2; seed++) {
      check(500 + seed, RowSlices.PARALLEL_ROWS + 1 + new SplittableRandom(seed).nextInt(50_000));
    }
  }
}
