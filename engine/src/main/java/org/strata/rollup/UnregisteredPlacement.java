package org.strata.rollup;

import java.util.Arrays;
import org.strata.parallel.Workers;
import org.strata.format.PatientColumn;
import org.strata.store.Store;

/**
 * Where the unregistered population (practice ordinal -1) goes: each LSOA is placed in the hub holding most
 * of the registered patients who live in it (ties: the lowest hub ordinal). An unregistered person with no
 * LSOA, or in an LSOA where no registered patient lives, cannot be placed ({@link #UNPLACED}); the rollup
 * counts them on an "unassigned" row, never drops them.
 *
 * <pre>{@code
 * UnregisteredPlacement placement = UnregisteredPlacement.compute(store, hubs);   // one pass
 * int hub = lsoa < 0 ? UnregisteredPlacement.UNPLACED : placement.hubOfLsoa(lsoa);
 * }</pre>
 *
 * <p>Counting (LSOA, hub) pairs is one pass over the practice and LSOA columns. The counts are a dense
 * {@code int[lsoas × hubs]} when that has at most {@value #DENSE_MAX_CELLS} cells (16 MB; a footprint of a
 * few hundred thousand people has a few hundred LSOAs and a handful of hubs), and otherwise a primitive
 * open-addressing table of the pairs that occur: nationally about 33,000 LSOAs × 1,500 hubs would be 200 MB
 * dense, while the pairs that occur number a few per LSOA. The choice is made once, before the row loop.
 */
public final class UnregisteredPlacement {
  /** Hub of an LSOA with no registered residents, or of a person with no LSOA. */
  public static final int UNPLACED = -1;
  static final int DENSE_MAX_CELLS = 1 << 22;

  private final int[] hubOfLsoa;

  private UnregisteredPlacement(int[] hubOfLsoa) {
    this.hubOfLsoa = hubOfLsoa;
  }

  /** Places every LSOA of {@code store} in a hub of {@code hubs} (one pass over the store). */
  public static UnregisteredPlacement compute(Store store, Hubs hubs) {
    long cells = (long) store.lsoas().size() * hubs.hubCount();
    return compute(store, hubs, cells <= DENSE_MAX_CELLS);
  }

  /** As {@link #compute(Store, Hubs)} with the counting chosen by the caller (tests run both). */
  static UnregisteredPlacement compute(Store store, Hubs hubs, boolean dense) {
    if (hubs.practiceCount() != store.practices().size()) {
      throw new IllegalArgumentException("hubs cover " + hubs.practiceCount() + " practices, the store has "
          + store.practices().size());
    }
    final int lsoas = store.lsoas().size();
    final int hubCount = hubs.hubCount();
    final int[] hubOf = hubs.hubOfPractice();
    final int[] best = new int[lsoas];
    Arrays.fill(best, UNPLACED);
    // Each worker counts the pairs of its share of the batches; the counts are added up, so the placement is
    // the same whichever worker counted which row.
    final int workers = Workers.forItems(store.batchCount());
    if (dense) {
      final int[][] partial = new int[workers][];
      Workers.runShares(workers, store.batchCount(), "strata-placement-", (w, first, last) -> {
        final int[] counts = new int[Math.multiplyExact(lsoas, hubCount)];
        partial[w] = counts;
        countPairs(store, hubOf, first, last, (l, h) -> counts[l * hubCount + h]++);
      });
      final int[] counts = partial[0];
      for (int w = 1; w < workers; w++) {
        for (int x = 0; x < counts.length; x++) {
          counts[x] += partial[w][x];
        }
      }
      for (int l = 0; l < lsoas; l++) {
        int bestCount = 0;
        for (int h = 0, at = l * hubCount; h < hubCount; h++, at++) {
          if (counts[at] > bestCount) { // strict: the lowest hub ordinal wins a tie
            bestCount = counts[at];
            best[l] = h;
          }
        }
      }
    } else {
      final PairCounter[] partial = new PairCounter[workers];
      Workers.runShares(workers, store.batchCount(), "strata-placement-", (w, first, last) -> {
        final PairCounter counts = new PairCounter(Math.max(lsoas, 16) * 4);
        partial[w] = counts;
        countPairs(store, hubOf, first, last, (l, h) -> counts.add((long) l * hubCount + h, 1));
      });
      final PairCounter counts = partial[0];
      for (int w = 1; w < workers; w++) {
        for (int s = 0; s < partial[w].capacity(); s++) {
          if (partial[w].keyAt(s) >= 0) {
            counts.add(partial[w].keyAt(s), partial[w].countAt(s));
          }
        }
      }
      final int[] bestCount = new int[lsoas];
      for (int s = 0; s < counts.capacity(); s++) {
        final long key = counts.keyAt(s);
        if (key >= 0) {
          final int l = (int) (key / hubCount);
          final int h = (int) (key % hubCount);
          final int c = counts.countAt(s);
          if (c > bestCount[l] || c == bestCount[l] && h < best[l]) {
            bestCount[l] = c;
            best[l] = h;
          }
        }
      }
    }
    return new UnregisteredPlacement(best);
  }

  /** Where a worker's (LSOA, hub) pairs are counted: a dense array or a {@link PairCounter}. */
  @FunctionalInterface
  private interface Pairs {
    void add(int lsoa, int hub);
  }

  /** Counts the registered residents of batches {@code first..last} by (LSOA, hub of their practice). */
  private static void countPairs(Store store, int[] hubOf, int first, int last, Pairs pairs) {
    final short[] practice = new short[store.maxBatchRows()];
    final int[] lsoa = new int[store.maxBatchRows()];
    for (int b = first; b < last; b++) {
      final int rows = store.batchRows(b);
      store.readShorts(PatientColumn.PRACTICE, b, 0, practice, 0, rows);
      store.readInts(PatientColumn.LSOA, b, 0, lsoa, 0, rows);
      for (int i = 0; i < rows; i++) {
        final int p = practice[i];
        final int l = lsoa[i];
        if (p >= 0 && l >= 0) {
          pairs.add(l, hubOf[p]);
        }
      }
    }
  }

  /**
   * Where each LSOA's unregistered people are counted, in the units the rollups add up from: practices are
   * {@code 0..practices-1}, the hubs follow ({@code practices + hub}), and the last, {@code practices + hubs}, is
   * the unassigned unit of the LSOAs no hub was found for.
   */
  static int[] unitOfLsoa(int[] hubOfLsoa, int practices, int hubs) {
    int[] unit = new int[hubOfLsoa.length];
    for (int l = 0; l < unit.length; l++) {
      unit[l] = hubOfLsoa[l] == UNPLACED ? practices + hubs : practices + hubOfLsoa[l];
    }
    return unit;
  }

  /** Hub of LSOA ordinal {@code lsoa}, or {@link #UNPLACED} when no registered patient lives there. */
  public int hubOfLsoa(int lsoa) {
    return hubOfLsoa[lsoa];
  }

  /** LSOA ordinal → hub ordinal or {@link #UNPLACED} (a copy). */
  public int[] hubOfLsoa() {
    return hubOfLsoa.clone();
  }

  public int lsoaCount() {
    return hubOfLsoa.length;
  }
}
