package org.strata.level;

import org.strata.parallel.RowSlices;

import java.util.Arrays;
import java.util.List;

/**
 * Every top-percent cut scoped to the whole footprint, decided together in two passes over the predictor
 * instead of a radix select per cut. The histogram of the predictor's high 16 bits among the eligible
 * (adults, or everyone) is built by the scoring pass while the predictor is still in cache ({@link
 * #addHigh}), and is shared by every cut of the same eligibility; it fixes each cut's boundary bucket. One
 * pass then builds, for all cuts at once, the histogram of the low 16 bits inside each boundary bucket,
 * which fixes the exact boundary value; a last pass marks the rows above it and gathers the rows equal to
 * it (the tie group), of which the lowest patient keys make up the count (equal keys, a pseudonym hash
 * collision, by row order). Exactly {@code ceil(X% × eligible)} rows are selected: {@code
 * FootprintCutsTest} and {@code LevelAssignerTest} hold it to sorting references.
 */
final class FootprintCuts {
  static final int BUCKETS = 1 << 16;

  private static final int NONE = 0;
  private static final int ALL = 1;
  private static final int SPLIT = 2;

  private FootprintCuts() {}

  /** Adds a batch's rows to the high-bits histograms of adults (by {@code age}) and of everyone; either may be null. */
  static void addHigh(int[] predictor, byte[] age, int rows, int[] adults, int[] everyone) {
    if (adults != null) {
      for (int i = 0; i < rows; i++) {
        if (age[i] >= LevelAssigner.ADULT_AGE) {
          adults[(predictor[i] ^ Integer.MIN_VALUE) >>> 16]++;
        }
      }
    }
    if (everyone != null) {
      for (int i = 0; i < rows; i++) {
        everyone[(predictor[i] ^ Integer.MIN_VALUE) >>> 16]++;
      }
    }
  }

  /**
   * Sets each cut's reason bit on the rows it selects. Adults are the rows whose reasons have bit {@link
   * LevelAssigner#ADULT} set.
   *
   * @param cuts top-percent rules scoped to the footprint
   * @param adultsHigh high-bits histogram of the adults (null when no cut is of adults)
   * @param everyoneHigh high-bits histogram of everyone (null when no cut is of everyone)
   */
  static void apply(List<Rule> cuts, int[] predictor, int[] adultsHigh, int[] everyoneHigh,
      TopKSelection.TieKeys keys, int[] reasons) {
    final int m = cuts.size();
    if (m == 0) {
      return;
    }
    final int n = predictor.length;
    final boolean[] adultsOnly = new boolean[m];
    final int[] mode = new int[m];
    final int[] bucket = new int[m];
    final long[] need = new long[m];
    final int[] one = new int[m];
    boolean anySplit = false;
    for (int c = 0; c < m; c++) {
      Rule rule = cuts.get(c);
      adultsOnly[c] = rule.eligible() == Rule.Eligible.ADULTS;
      one[c] = 1 << rule.index();
      int[] hist = adultsOnly[c] ? adultsHigh : everyoneHigh;
      long eligible = 0;
      for (int v : hist) {
        eligible += v;
      }
      long k = Math.min(rule.selectCount(eligible), eligible);
      mode[c] = k == 0 ? NONE : k == eligible ? ALL : SPLIT;
      if (mode[c] == SPLIT) {
        int d = BUCKETS - 1;
        for (; hist[d] < k; d--) {
          k -= hist[d]; // every row of a higher bucket is selected
        }
        bucket[c] = d;
        need[c] = k;
        anySplit = true;
      }
    }
    final int[] boundary = new int[m];
    final boolean[] wholeTie = new boolean[m];
    if (anySplit) {
      findBoundaries(predictor, reasons, adultsOnly, mode, bucket, need, boundary, wholeTie);
    }
    // Branch-free marking: a row is selected when its predictor is above lower[c] (long, so "everyone"
    // and "no one" are bounds too); only rows equal to a partly selected boundary (tie[c]) branch.
    final long[] lower = new long[m];
    final long[] tie = new long[m];
    final int[] adultMask = new int[m]; // 0 when the cut is of everyone, else all ones: (adult | ~mask) picks
    for (int c = 0; c < m; c++) {
      lower[c] = mode[c] == ALL ? Integer.MIN_VALUE - 1L : mode[c] == NONE ? Integer.MAX_VALUE
          : wholeTie[c] ? boundary[c] - 1L : boundary[c];
      tie[c] = mode[c] == SPLIT && !wholeTie[c] ? boundary[c] : Long.MIN_VALUE;
      adultMask[c] = adultsOnly[c] ? -1 : 0;
    }
    final int slices = RowSlices.count(n);
    final RowList[][] ties = new RowList[m][slices]; // per cut, per slice
    RowSlices.run(n, slices, (t, from, to) -> {
      for (int c = 0; c < m; c++) {
        ties[c][t] = new RowList();
      }
      for (int c = 0; c < m; c++) {
        final long lo = lower[c];
        final long tv = tie[c];
        final int notAdultsOnly = ~adultMask[c];
        final int bit = one[c];
        final RowList tied = ties[c][t];
        for (int i = from; i < to; i++) {
          final int p = predictor[i];
          final int eligible = ((reasons[i] >>> 31) | notAdultsOnly) & 1; // bit 31: LevelAssigner.ADULT
          final int selected = (int) ((lo - p) >>> 63) & eligible;
          reasons[i] |= -selected & bit;
          if (p == tv && eligible != 0) {
            tied.add(i);
          }
        }
      }
    });
    for (int c = 0; c < m; c++) {
      if (mode[c] == SPLIT && !wholeTie[c]) {
        resolveTies(RowList.concat(ties[c]), (int) need[c], keys, reasons, one[c]);
      }
    }
  }

  /** The pass over the boundary buckets' low 16 bits, all cuts at once: fixes each cut's boundary value. */
  private static void findBoundaries(int[] predictor, int[] reasons, boolean[] adultsOnly, int[] mode, int[] bucket,
      long[] need, int[] boundary, boolean[] wholeTie) {
    final int m = mode.length;
    final int n = predictor.length;
    final int slices = RowSlices.count(n);
    final int[][][] low = new int[slices][m][];
    RowSlices.run(n, slices, (t, from, to) -> {
      final int[][] h = low[t];
      for (int c = 0; c < m; c++) {
        h[c] = mode[c] == SPLIT ? new int[BUCKETS] : null;
      }
      for (int i = from; i < to; i++) {
        final int u = predictor[i] ^ Integer.MIN_VALUE;
        final int hi = u >>> 16;
        for (int c = 0; c < m; c++) {
          if (mode[c] == SPLIT && hi == bucket[c] && (!adultsOnly[c] || reasons[i] < 0)) {
            h[c][u & 0xFFFF]++;
          }
        }
      }
    });
    for (int c = 0; c < m; c++) {
      if (mode[c] != SPLIT) {
        continue;
      }
      long k = need[c];
      int e = BUCKETS - 1;
      long count;
      while (true) {
        count = 0;
        for (int[][] h : low) {
          count += h[c][e];
        }
        if (count >= k) {
          break;
        }
        k -= count;
        e--;
      }
      boundary[c] = ((bucket[c] << 16) | e) ^ Integer.MIN_VALUE;
      need[c] = k; // rows of the tie group to take
      wholeTie[c] = k == count;
    }
  }

  /**
   * Of the rows equal to the boundary ({@code rows}, ascending), the {@code need} with the lowest patient
   * keys are selected; equal keys (a pseudonym hash collision) go by row order.
   */
  private static void resolveTies(int[] rows, int need, TopKSelection.TieKeys keys, int[] reasons, int one) {
    final int size = rows.length;
    long[] key = new long[size];
    for (int j = 0; j < size; j++) {
      key[j] = keys.key(rows[j]);
    }
    long[] sorted = key.clone();
    Arrays.sort(sorted);
    TieBreak tie = TieBreak.of(sorted, 0, size, need);
    final long cutoff = tie.cutoffKey();
    int equalToTake = tie.equalToTake();
    for (int j = 0; j < size; j++) {
      if (key[j] < cutoff || key[j] == cutoff && equalToTake-- > 0) {
        reasons[rows[j]] |= one;
      }
    }
  }
}
