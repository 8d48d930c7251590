package org.strata.level;

import org.strata.parallel.RowSlices;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The radix select against the obvious: sort each scope's eligible rows by (risk desc, key asc), take k. */
class TopKSelectionTest {

  static int[] reference(int[] predictor, int[] scope, byte[] eligible, long[] k, long[] keys) {
    int[] out = new int[predictor.length];
    for (int s = 0; s < k.length; s++) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < predictor.length; i++) {
        if ((scope == null ? 0 : scope[i]) == s && eligible[i] != 0) {
          rows.add(i);
        }
      }
      rows.sort(Comparator.<Integer>comparingInt(i -> predictor[i]).reversed().thenComparingLong(i -> keys[i]));
      for (int j = 0; j < Math.min(k[s], rows.size()); j++) {
        out[rows.get(j)] |= 1 << 3;
      }
    }
    return out;
  }

  @Test
  void matchesSortingReferenceOnSeededRandomData() {
    for (long seed = 1; seed <= 400; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      int n = rnd.nextInt(0, seed % 4 == 0 ? 12_000 : 3000);
      int scopes = seed % 4 == 0 ? 65 + rnd.nextInt(120) : 1 + rnd.nextInt(6); // >64 scopes: 8-bit digits
      boolean oneScope = rnd.nextBoolean();
      int distinct = 1 + rnd.nextInt(seed % 3 == 0 ? 5 : 100_000); // few distinct values = big tie groups
      int[] predictor = new int[n];
      int[] scope = oneScope ? null : new int[n];
      byte[] eligible = new byte[n];
      long[] keys = new long[n];
      for (int i = 0; i < n; i++) {
        predictor[i] = rnd.nextInt(distinct) * (rnd.nextBoolean() ? 1 : -1) * 997 + (seed % 5 == 0 ? Integer.MIN_VALUE / 2 : 0);
        if (scope != null) {
          scope[i] = rnd.nextInt(10) == 0 ? -1 : rnd.nextInt(scopes);
        }
        eligible[i] = (byte) (rnd.nextInt(5) == 0 ? 0 : 1);
        keys[i] = 9_000_000_000L + i * 7919L % 1_000_003L * 1000 + rnd.nextInt(1000); // unique, unrelated to i order
      }
      int sc = oneScope ? 1 : scopes;
      long[] k = new long[sc];
      for (int s = 0; s < sc; s++) {
        k[s] = switch (rnd.nextInt(4)) {
          case 0 -> 0;
          case 1 -> n; // more than eligible: everyone
          default -> rnd.nextInt(Math.max(1, n / sc));
        };
      }
      int[] got = new int[n];
      TopKSelection.select(predictor, scope, eligible, k, row -> keys[row], got, 3);
      assertArrayEquals(reference(predictor, scope, eligible, k, keys), got, "seed " + seed);
    }
  }

  @Test
  void equalPatientKeysStillSelectExactlyKInRowOrder() {
    // Pseudonym keys are 64-bit hashes: two patients can share one, and a key can be Long.MAX_VALUE.
    for (long seed = 1; seed <= 200; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      int n = rnd.nextInt(1, 3000);
      int scopes = 1 + rnd.nextInt(seed % 2 == 0 ? 3 : 90);
      int[] predictor = new int[n];
      int[] scope = new int[n];
      byte[] eligible = new byte[n];
      long[] keys = new long[n];
      for (int i = 0; i < n; i++) {
        predictor[i] = rnd.nextInt(4) * 1000; // big tie groups
        scope[i] = rnd.nextInt(scopes);
        eligible[i] = (byte) (rnd.nextInt(6) == 0 ? 0 : 1);
        keys[i] = rnd.nextBoolean() ? Long.MAX_VALUE - rnd.nextInt(3) : rnd.nextInt(5); // few distinct keys
      }
      long[] k = new long[scopes];
      for (int s = 0; s < scopes; s++) {
        k[s] = rnd.nextInt(1 + n / scopes);
      }
      int[] got = new int[n];
      TopKSelection.select(predictor, scope, eligible, k, row -> keys[row], got, 3);
      assertArrayEquals(reference(predictor, scope, eligible, k, keys), got, "seed " + seed);
    }
  }

  @Test
  void extremePredictorsAndExactCounts() {
    int[] predictor = {Integer.MAX_VALUE, Integer.MIN_VALUE, 0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE};
    byte[] eligible = {1, 1, 1, 1, 1, 1, 1};
    long[] keys = {7, 6, 5, 4, 3, 2, 1};
    for (long k = 0; k <= 8; k++) {
      int[] got = new int[7];
      TopKSelection.select(predictor, null, eligible, new long[] {k}, row -> keys[row], got, 3);
      assertArrayEquals(reference(predictor, null, eligible, new long[] {k}, keys), got, "k=" + k);
    }
  }

  @Test
  void largeInputsTakeTheParallelPathAndStillMatch() {
    for (long seed = 1; seed <= 3; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed * 101);
      int n = RowSlices.PARALLEL_ROWS + 1 + rnd.nextInt(100_000);
      int scopes = seed == 3 ? 80 : 1; // 80 scopes: 8-bit digits
      int[] predictor = new int[n];
      int[] scope = scopes == 1 ? null : new int[n];
      byte[] eligible = new byte[n];
      long[] keys = new long[n];
      for (int i = 0; i < n; i++) {
        predictor[i] = rnd.nextInt(3_000) * 1_250 - 3_000_000;
        if (scope != null) {
          scope[i] = rnd.nextInt(scopes);
        }
        eligible[i] = (byte) (rnd.nextInt(5) == 0 ? 0 : 1);
        keys[i] = 9_000_000_000L + (i * 7919L) % 1_000_003L * 1000 + rnd.nextInt(1000);
      }
      long[] k = new long[scopes];
      for (int s = 0; s < scopes; s++) {
        k[s] = 1 + rnd.nextInt(n / scopes / 5);
      }
      int[] got = new int[n];
      TopKSelection.select(predictor, scope, eligible, k, row -> keys[row], got, 3);
      assertArrayEquals(reference(predictor, scope, eligible, k, keys), got, "seed " + seed);
    }
  }
}
