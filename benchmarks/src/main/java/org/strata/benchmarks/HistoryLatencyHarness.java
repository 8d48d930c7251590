package org.strata.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.strata.history.HistoryReader;
import org.strata.store.Store;

/**
 * One patient's level history read from a store's history ({@link HistoryReader#of}, what {@code strata
 * history} and the service's patient answer do), timed read by read with {@link System#nanoTime} into an
 * HdrHistogram: present patients of the store's current generation in random order, one unrecorded warm-up round,
 * then {@value IndexLatencyHarness#ROUNDS} rounds, p50 / p99 / p99.9 / max per round and overall. Run it on a store
 * that has had two or more runs.
 *
 * <pre>
 * ./strata-bench history STORE 1000000
 * </pre>
 */
public final class HistoryLatencyHarness {
  private HistoryLatencyHarness() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: HistoryLatencyHarness STORE LOOKUPS_PER_ROUND");
      System.exit(2);
    }
    Path storeDir = Path.of(args[0]);
    int lookups = Integer.parseInt(args[1].replace("_", ""));
    long[] keys;
    try (Store store = Store.open(storeDir)) {
      SplittableRandom pick = new SplittableRandom(7);
      keys = new long[Math.min(lookups, 4_000_000)];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = store.patientKey(pick.nextLong(store.rowCount()));
      }
      System.out.printf(Locale.ROOT, "JDK %s, %,d patients in the store, %,d keys drawn%n", Runtime.version(),
          store.rowCount(), keys.length);
    }
    try (HistoryReader history = HistoryReader.open(storeDir)) {
      System.out.printf(Locale.ROOT, "%d runs kept%n", history.runs().size());
      SplittableRandom random = new SplittableRandom(11);
      long sink = round(history, keys, lookups, random, null);
      Histogram all = new Histogram(3_600_000_000_000L, 3);
      for (int r = 1; r <= IndexLatencyHarness.ROUNDS; r++) {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        long t0 = System.nanoTime();
        sink += round(history, keys, lookups, random, h);
        long t1 = System.nanoTime();
        all.add(h);
        System.out.printf(Locale.ROOT, "round %d: %s, %,.0f reads/s%n", r, IndexLatencyHarness.summary(h),
            lookups / ((t1 - t0) / 1e9));
      }
      System.out.printf(Locale.ROOT, "all %d rounds: %s, mean %.3f µs%n", IndexLatencyHarness.ROUNDS,
          IndexLatencyHarness.summary(all), all.getMean() / 1000.0);
      if (sink == 42) {
        System.out.println(); // keeps the reads alive
      }
    }
  }

  private static long round(HistoryReader history, long[] keys, int lookups, SplittableRandom random, Histogram h)
      throws IOException {
    long sink = 0;
    for (int i = 0; i < lookups; i++) {
      long key = keys[random.nextInt(keys.length)];
      long t0 = System.nanoTime();
      int n = history.of(key).size();
      long t1 = System.nanoTime();
      sink += n;
      if (h != null) {
        h.recordValue(t1 - t0);
      }
    }
    if (sink < lookups) {
      throw new IllegalStateException("a present patient has no history: " + sink + " runs in " + lookups + " reads");
    }
    return sink;
  }
}
