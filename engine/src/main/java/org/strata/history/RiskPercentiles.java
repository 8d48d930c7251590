package org.strata.history;

import java.util.Arrays;
import org.strata.parallel.Workers;

/**
 * Each row's risk percentile among the footprint's adults, in tenths: the share of adults with a lower risk, plus
 * half of those with the same, so that ties share one percentile. Children get -1.
 *
 * <p>A percentile takes one of 1,001 values, and it rises with the risk. So the risks are first counted into at
 * most {@value #BUCKETS} buckets of equal width (a table that stays in cache). In a bucket whose lowest and highest
 * possible percentile are the same, every adult has that percentile, with no more counting. Only the few buckets
 * where the percentile steps (at most 1,000) are counted again value by value. Three counting passes over the rows,
 * each sequential and on every core, with no sort and no random access to a large table: at 10M about half the time
 * of counting every value (tens of megabytes of counts). Then each row's percentile is a few look-ups in those small
 * tables ({@link Ranking}), asked in a pass of the caller's or by {@link #of}. Exact: the counts are integers, the same
 * whatever the threads. When a spread of risks would need more than {@value #FINE_LIMIT} fine counts, the adults'
 * risks are sorted instead (as in {@link #bySorting}).
 */
public final class RiskPercentiles {
  /** Coarse buckets: 256 KB of counts a worker. */
  static final int BUCKETS = 1 << 16;
  /** Fine counts (values of the buckets where the percentile steps) before sorting is cheaper: 16 MB. */
  static final int FINE_LIMIT = 1 << 22;

  private RiskPercentiles() {}

  /** Each row's percentile in tenths, -1 where {@code adult} is false. */
  public static short[] of(boolean[] adult, int[] predictor) {
    Ranking ranking = ranking(adult, predictor);
    short[] out = new short[predictor.length];
    Workers.runShares(Workers.forItems(predictor.length), predictor.length, "strata-percentiles-", (w, from, to) -> {
      for (int r = from; r < to; r++) {
        out[r] = adult[r] ? ranking.of(predictor[r]) : RunLevels.NO_PERCENTILE;
      }
    });
    return out;
  }

  /**
   * The adults' risks counted, to be asked row by row ({@link Ranking#of}) where a caller has a pass over the rows
   * anyway: no array of percentiles (2 bytes a patient) is made.
   */
  public static Ranking ranking(boolean[] adult, int[] predictor) {
    int n = predictor.length;
    int workers = Workers.forItems(n);
    int[] adultsOf = new int[workers];
    int[] minOf = new int[workers];
    int[] maxOf = new int[workers];
    Workers.runShares(workers, n, "strata-percentiles-", (w, from, to) -> {
      int a = 0;
      int lo = Integer.MAX_VALUE;
      int hi = Integer.MIN_VALUE;
      for (int r = from; r < to; r++) {
        if (adult[r]) {
          a++;
          lo = Math.min(lo, predictor[r]);
          hi = Math.max(hi, predictor[r]);
        }
      }
      adultsOf[w] = a;
      minOf[w] = lo;
      maxOf[w] = hi;
    });
    int adults = 0;
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int w = 0; w < workers; w++) {
      adults += adultsOf[w];
      min = Math.min(min, minOf[w]);
      max = Math.max(max, maxOf[w]);
    }
    if (adults == 0) {
      return new Ranking(0, 0, 0, new short[0], new int[0], new short[0], null);
    }
    long span = (long) max - min;
    int shift = 0;
    while ((span >>> shift) >= BUCKETS) {
      shift++;
    }
    int buckets = (int) (span >>> shift) + 1;
    long lowest = min;
    int bucketShift = shift;

    int[] inBucket = addUp(workers, n, buckets, (w, from, to, c) -> {
      for (int r = from; r < to; r++) {
        if (adult[r]) {
          c[(int) ((predictor[r] - lowest) >>> bucketShift)]++;
        }
      }
    });
    // A bucket's adults have below + equal / 2 between the adults before it and those before it plus its own.
    int[] before = new int[buckets];
    short[] flat = new short[buckets];
    int[] fine = new int[buckets]; // the bucket's place among those counted value by value; -1: flat
    int stepping = 0;
    for (int b = 0, sum = 0; b < buckets; b++) {
      before[b] = sum;
      short lo = percentile2(2L * sum, adults);
      sum += inBucket[b];
      if (lo == percentile2(2L * sum, adults)) {
        flat[b] = lo;
        fine[b] = -1;
      } else {
        fine[b] = stepping++;
      }
    }
    int width = 1 << shift;
    int stride = width + 1;
    if ((long) stepping * stride > FINE_LIMIT) {
      return new Ranking(adults, 0, 0, null, null, null, sortedRisks(adult, predictor, adults));
    }

    // cum[f * stride + j]: adults of the f-th stepping bucket with a risk below its j-th value
    int[] cum = addUp(workers, n, stepping * stride, (w, from, to, c) -> {
      for (int r = from; r < to; r++) {
        if (adult[r]) {
          long d = predictor[r] - lowest;
          int f = fine[(int) (d >>> bucketShift)];
          if (f >= 0) {
            c[f * stride + (int) (d & (width - 1)) + 1]++;
          }
        }
      }
    });
    for (int f = 0; f < stepping; f++) {
      for (int j = f * stride + 1; j < (f + 1) * stride; j++) {
        cum[j] += cum[j - 1];
      }
    }
    // each value of a stepping bucket its percentile, worked out once: a row's look-up is then one load from a
    // table half the size of the counts, not two loads and a division (at 63M rows the division was most of it)
    short[] stepped = new short[stepping * width];
    for (int b = 0; b < buckets; b++) {
      int f = fine[b];
      if (f >= 0) {
        for (int j = 0; j < width; j++) {
          int k = f * stride + j;
          stepped[f * width + j] = percentile(before[b] + (long) cum[k], cum[k + 1] - cum[k], adults);
        }
      }
    }
    return new Ranking(adults, min, shift, flat, fine, stepped, null);
  }

  /** Where a risk ranks among the adults counted by {@link #ranking}: a few look-ups in small tables. */
  public static final class Ranking {
    private final int adults;
    private final long lowest;
    private final int shift;
    private final int width;
    private final short[] flat; // a bucket whose adults all have one percentile: it
    private final int[] fine; // else the bucket's place among the stepping ones
    private final short[] stepped; // the percentile of each value of each stepping bucket
    private final int[] sorted; // risks spread too widely to count: the adults' risks, sorted

    private Ranking(int adults, long lowest, int shift, short[] flat, int[] fine, short[] stepped, int[] sorted) {
      this.adults = adults;
      this.lowest = lowest;
      this.shift = shift;
      this.width = 1 << shift;
      this.flat = flat;
      this.fine = fine;
      this.stepped = stepped;
      this.sorted = sorted;
    }

    /** The percentile in tenths of {@code predictor}, which must be the risk of one of the adults counted. */
    public short of(int predictor) {
      if (sorted != null) {
        long below = lowerBound(sorted, predictor);
        return percentile(below, lowerBound(sorted, predictor + 1L) - below, adults);
      }
      long d = predictor - lowest;
      int b = (int) (d >>> shift);
      int f = fine[b];
      return f < 0 ? flat[b] : stepped[f * width + (int) (d & (width - 1))];
    }
  }

  private static int[] sortedRisks(boolean[] adult, int[] predictor, int adults) {
    int[] sorted = new int[adults];
    for (int r = 0, k = 0; r < predictor.length; r++) {
      if (adult[r]) {
        sorted[k++] = predictor[r];
      }
    }
    Arrays.sort(sorted);
    return sorted;
  }

  /** A pass over a share of the rows adding into counts of its own. */
  @FunctionalInterface
  private interface Counting {
    void count(int worker, int from, int to, int[] counts);
  }

  /** Runs {@code pass} on every core, each worker into its own {@code size} counts, and adds them up. */
  private static int[] addUp(int workers, int n, int size, Counting pass) {
    int[][] counts = new int[workers][];
    Workers.runShares(workers, n, "strata-percentiles-", (w, from, to) -> {
      int[] c = new int[size];
      pass.count(w, from, to, c);
      counts[w] = c;
    });
    int[] total = counts[0];
    for (int w = 1; w < workers; w++) {
      int[] c = counts[w];
      for (int i = 0; i < size; i++) {
        total[i] += c[i];
      }
    }
    return total;
  }

  /**
   * The plain way, for risks spread too widely to count (and the reference a benchmark holds {@link #of} to): the
   * adults' risks sorted, two binary searches a row, on one thread.
   */
  public static short[] bySorting(boolean[] adult, int[] predictor) {
    int adults = 0;
    for (boolean a : adult) {
      adults += a ? 1 : 0;
    }
    short[] out = new short[predictor.length];
    int[] sorted = sortedRisks(adult, predictor, adults);
    for (int r = 0; r < predictor.length; r++) {
      if (!adult[r]) {
        out[r] = RunLevels.NO_PERCENTILE;
        continue;
      }
      long below = lowerBound(sorted, predictor[r]);
      out[r] = percentile(below, lowerBound(sorted, predictor[r] + 1L) - below, adults);
    }
    return out;
  }

  /** Tenths of a percent, half up, in integers: (below + equal / 2) / adults * 1000. */
  static short percentile(long below, long equal, int adults) {
    return percentile2(2 * below + equal, adults);
  }

  /** The same of twice (below + equal / 2), which rises with it: what makes a bucket's two ends bound it. */
  private static short percentile2(long twiceRank, int adults) {
    return (short) ((1000 * twiceRank + adults) / (2L * adults));
  }

  private static long lowerBound(int[] a, long v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
