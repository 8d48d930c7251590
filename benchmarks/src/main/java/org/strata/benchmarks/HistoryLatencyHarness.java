package org.strata.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
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
 * that has had two or more runs. The launcher gives it a fixed heap touched at start ({@code -Xms2g -Xmx2g
 * -XX:+AlwaysPreTouch}): with a growing heap, 1% of reads waited on the page faults of newly committed heap (p99
 * 17 µs against 3.5 µs at 63M), which is the JVM starting, not the read a running service makes.
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
      System.out.printf(Locale.ROOT, "%d runs kept; heap %s%n", history.runs().size(), heapFlags());
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

  /** The heap flags the JVM was given: without a pre-touched heap, a read can wait on the heap growing. */
  private static String heapFlags() {
    List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-Xm") || a.contains("AlwaysPreTouch")).toList();
    return flags.isEmpty() ? "(JVM defaults)" : String.join(" ", flags);
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
