package org.strata.level;

import org.strata.parallel.RowSlices;

import java.util.Arrays;

/**
 * Selects, in every scope (the footprint, each hub or each practice), exactly {@code k[s]} eligible rows
 * with the highest risk predictor, ties broken by the lower patient key — without sorting the
 * population. A radix select: passes over the rows, each building a histogram per scope of the next digit
 * of the predictor among rows still on the boundary (two passes of 16 bits for up to
 * {@value #MAX_SCOPES_FOR_WIDE_DIGITS} scopes, four of 8 bits beyond); then only the rows equal to the
 * boundary value (the tie group) have their keys read and ordered.
 *
 * <p>Memory: 256 ints per scope per pass plus the tie group's keys; the rows are never copied.
 */
final class TopKSelection {
  /** Reads a row's patient key, for ordering ties (called only for rows in a boundary tie group). */
  @FunctionalInterface
  interface TieKeys {
    long key(int row);
  }

  /** Up to this many scopes, digits are 16 bits wide (64K int buckets per scope: 16 MB at most). */
  static final int MAX_SCOPES_FOR_WIDE_DIGITS = 64;

  private TopKSelection() {}

  /**
   * Sets bit {@code bit} of {@code reasons[i]} for each selected row.
   *
   * @param predictor risk predictor per row (higher = selected first)
   * @param scope scope ordinal per row, or null for one scope (0) holding every row; rows with a negative
   *     scope are never selected
   * @param eligible 1 where a row may be selected
   * @param k how many to select per scope (clamped to the eligible count)
   */
  static void select(int[] predictor, int[] scope, byte[] eligible, long[] k, TieKeys keys, int[] reasons, int bit) {
    final long[] eligibleCount = new long[k.length];
    for (int i = 0; i < predictor.length; i++) {
      int s = scope == null ? 0 : scope[i];
      if (s >= 0 && eligible[i] != 0) {
        eligibleCount[s]++;
      }
    }
    select(predictor, scope, eligible, eligibleCount, k, keys, reasons, bit);
  }

  /**
   * As {@link #select(int[], int[], byte[], long[], TieKeys, int[], int)} when the caller already counted
   * the eligible rows of each scope (saves a pass).
   */
  static void select(int[] predictor, int[] scope, byte[] eligible, long[] eligibleCount, long[] k, TieKeys keys,
      int[] reasons, int bit) {
    final int n = predictor.length;
    final int scopes = k.length;
    // Few scopes: two passes of 16-bit digits (64K buckets each); many: four passes of 8 bits.
    final int digitBits = scopes <= MAX_SCOPES_FOR_WIDE_DIGITS ? 16 : 8;
    final int buckets = 1 << digitBits;
    final int[] prefix = new int[scopes]; // high bits fixed so far (unsigned order: sign bit flipped)
    final long[] need = new long[scopes]; // still to select among rows matching prefix
    final boolean[] active = new boolean[scopes]; // a boundary exists (0 < need < matching)
    final boolean[] all = new boolean[scopes]; // every eligible row of the scope is selected
    final boolean[] none = new boolean[scopes]; // none is
    for (int s = 0; s < scopes; s++) {
      need[s] = Math.min(k[s], eligibleCount[s]);
      all[s] = need[s] == eligibleCount[s];
      none[s] = need[s] == 0;
      active[s] = !all[s] && !none[s];
    }
    final long[] tieCount = new long[scopes];
    int fixedMask = 0;
    final int[] hist = new int[scopes * buckets];
    for (int shift = 32 - digitBits; shift >= 0; shift -= digitBits) {
      Arrays.fill(hist, 0);
      final int mask = fixedMask;
      final int digitMask = buckets - 1;
      final int sh = shift;
      if (scope == null && !active[0]) {
        break;
      }
      inParallel(n, hist, (from, to, h) -> {
        if (scope == null) {
          final int p0 = prefix[0];
          for (int i = from; i < to; i++) {
            int u = predictor[i] ^ Integer.MIN_VALUE;
            if (eligible[i] != 0 && (u & mask) == p0) {
              h[(u >>> sh) & digitMask]++;
            }
          }
        } else {
          for (int i = from; i < to; i++) {
            int s = scope[i];
            if (s < 0 || eligible[i] == 0 || !active[s]) {
              continue;
            }
            int u = predictor[i] ^ Integer.MIN_VALUE;
            if ((u & mask) == prefix[s]) {
              h[s * buckets + ((u >>> sh) & digitMask)]++;
            }
          }
        }
      });
      for (int s = 0; s < scopes; s++) {
        if (!active[s]) {
          continue;
        }
        long acc = 0;
        int d = buckets - 1;
        for (; d >= 0; d--) {
          int c = hist[s * buckets + d];
          if (acc + c >= need[s]) {
            break;
          }
          acc += c;
        }
        need[s] -= acc; // rows in higher digits are selected outright
        prefix[s] |= d << shift;
        tieCount[s] = hist[s * buckets + d]; // after the last pass: the rows equal to the boundary value
      }
      fixedMask |= digitMask << shift;
    }
    // prefix[s] is now the exact boundary value; need[s] rows of its tie group are selected.
    // Scopes whose tie group is only partly selected take the rows up to (keyCutoff, rowCutoff) in
    // (patient key, row) order: exactly need[s] of them, even when two patients share a key.
    final boolean[] partial = new boolean[scopes];
    final long[] keyCutoff = new long[scopes];
    final int[] rowCutoff = new int[scopes];
    resolveTies(predictor, scope, eligible, keys, prefix, need, tieCount, active, partial, keyCutoff, rowCutoff);
    final int one = 1 << bit;
    inParallel(n, null, (from, to, unused) -> {
      for (int i = from; i < to; i++) {
        int s = scope == null ? 0 : scope[i];
        if (s < 0 || eligible[i] == 0 || none[s]) {
          continue;
        }
        if (all[s]) {
          reasons[i] |= one;
          continue;
        }
        int u = predictor[i] ^ Integer.MIN_VALUE;
        if (Integer.compareUnsigned(u, prefix[s]) > 0 || u == prefix[s] && (!partial[s] || takenTie(keys.key(i), i,
            keyCutoff[s], rowCutoff[s]))) {
          reasons[i] |= one;
        }
      }
    });
  }

  /** A pass over rows [from, to) that may add into its own histogram {@code h}. */
  @FunctionalInterface
  private interface RangePass {
    void run(int from, int to, int[] h);
  }

  /**
   * Runs {@code pass} over [0, n) in {@link RowSlices}: each slice gets its own histogram (the first adds
   * into {@code hist} itself), summed afterwards, so the result does not depend on how the rows were split.
   * With a null {@code hist} slices just write disjoint rows.
   */
  private static void inParallel(int n, int[] hist, RangePass pass) {
    final int slices = RowSlices.count(n);
    final int[][] partial = new int[slices][];
    RowSlices.run(n, slices, (t, from, to) -> {
      int[] h = hist == null ? null : t == 0 ? hist : new int[hist.length];
      pass.run(from, to, h);
      partial[t] = h;
    });
    if (hist != null) {
      for (int t = 1; t < partial.length; t++) {
        int[] h = partial[t];
        for (int k = 0; k < hist.length; k++) {
          hist[k] += h[k];
        }
      }
    }
  }

  /** Whether a row of a partly selected tie group is taken: (key, row) up to the cut-off, in that order. */
  private static boolean takenTie(long key, int row, long keyCutoff, int rowCutoff) {
    return key < keyCutoff || key == keyCutoff && row <= rowCutoff;
  }

  /**
   * For scopes whose tie group is only partly selected: the largest (patient key, row) selected. Rows
   * with equal keys (a pseudonym hash collision) are taken in row order, so exactly need[s] are selected.
   */
  private static void resolveTies(int[] predictor, int[] scope, byte[] eligible, TieKeys keys, int[] prefix,
      long[] need, long[] tieCount, boolean[] active, boolean[] partial, long[] keyCutoff, int[] rowCutoff) {
    final int scopes = prefix.length;
    int[] start = new int[scopes + 1];
    for (int s = 0; s < scopes; s++) {
      partial[s] = active[s] && need[s] < tieCount[s];
      start[s + 1] = start[s] + (partial[s] ? (int) tieCount[s] : 0);
    }
    if (start[scopes] == 0) {
      return;
    }
    long[] tieKeys = new long[start[scopes]];
    int[] tieRows = new int[start[scopes]];
    int[] fill = Arrays.copyOf(start, scopes);
    for (int i = 0; i < predictor.length; i++) { // in row order
      int s = scope == null ? 0 : scope[i];
      if (s >= 0 && eligible[i] != 0 && partial[s] && (predictor[i] ^ Integer.MIN_VALUE) == prefix[s]) {
        tieRows[fill[s]] = i;
        tieKeys[fill[s]++] = keys.key(i);
      }
    }
    long[] sorted = tieKeys.clone();
    for (int s = 0; s < scopes; s++) {
      if (!partial[s]) {
        continue;
      }
      Arrays.sort(sorted, start[s], start[s + 1]); // only the boundary tie group, never the population
      TieBreak tie = TieBreak.of(sorted, start[s], start[s + 1], (int) need[s]);
      final long cutoff = tie.cutoffKey();
      int equalToTake = tie.equalToTake();
      int last = -1;
      for (int j = start[s]; j < start[s + 1] && equalToTake > 0; j++) {
        if (tieKeys[j] == cutoff) {
          last = tieRows[j];
          equalToTake--;
        }
      }
      keyCutoff[s] = cutoff;
      rowCutoff[s] = last;
    }
  }
}
