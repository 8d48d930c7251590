package org.strata.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.strata.store.PatientIndex;

/**
 * Builds a {@link PatientIndex} of N synthetic patients (reporting puts/s and the file size), then
 * times each of M look-ups of present patients in random order with {@link System#nanoTime} into an
 * HdrHistogram, in {@value #ROUNDS} rounds after one unrecorded warm-up round, and prints p50, p99,
 * p99.9 and max in µs per round and overall: the spread across rounds is the error to quote.
 * Latencies include one {@code nanoTime} pair (about 20–30 ns here).
 *
 * <pre>
 * java $(cat benchmarks/target/classes/org/strata/benchmarks/jvm.flags) -Xmx4g \
 *     -cp benchmarks/target/benchmarks.jar org.strata.benchmarks.IndexLatencyHarness 10000000 5000000 [dir]
 * </pre>
 */
public final class IndexLatencyHarness {
  static final int ROUNDS = 5;
  private static final long SEED = 42L;

  private IndexLatencyHarness() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: IndexLatencyHarness <patients> <lookups per round> [directory]");
      System.exit(2);
    }
    int patients = Integer.parseInt(args[0].replace("_", ""));
    int lookups = Integer.parseInt(args[1].replace("_", ""));
    Path dir =
        args.length == 3
            ? Files.createDirectories(Path.of(args[2]))
            : Files.createTempDirectory("strata-index-harness");
    Path file = dir.resolve("patients-" + patients + ".cmap");
    Files.deleteIfExists(file);
    Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".meta"));

    System.out.printf(
        Locale.ROOT,
        "JDK %s (%s), max heap %d MiB, %d cores%n",
        Runtime.version(),
        System.getProperty("java.vm.name"),
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors());

    long t0 = System.nanoTime();
    long[] keys = SyntheticNhsNumbers.generate(patients, SEED);
    long t1 = System.nanoTime();
    System.out.printf(
        Locale.ROOT, "generated %,d NHS numbers in %.2f s%n", patients, (t1 - t0) / 1e9);

    try (PatientIndex index =
        PatientIndex.create(file, PatientIndex.KeyKind.NHS_NUMBER, patients)) {
      long b0 = System.nanoTime();
      for (int row = 0; row < keys.length; row++) {
        if (index.putIfAbsent(keys[row], row, row + 2) != -1) {
          throw new IllegalStateException("synthetic numbers must be distinct; row " + row);
        }
      }
      long b1 = System.nanoTime();
      System.out.printf(
          Locale.ROOT,
          "build: %,d puts in %.2f s = %,.0f puts/s; file %,d bytes (%.1f B/patient),"
              + " heap used %d MiB%n",
          patients,
          (b1 - b0) / 1e9,
          patients / ((b1 - b0) / 1e9),
          Files.size(file),
          (double) Files.size(file) / patients,
          heapUsedMiB());

      SplittableRandom random = new SplittableRandom(SEED + 1);
      Histogram all = new Histogram(3_600_000_000_000L, 3);
      long sink = 0;
      sink += round(index, keys, lookups, random, null); // warm-up, not recorded
      for (int round = 1; round <= ROUNDS; round++) {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        long g0 = System.nanoTime();
        sink += round(index, keys, lookups, random, h);
        long g1 = System.nanoTime();
        all.add(h);
        System.out.printf(
            Locale.ROOT,
            "round %d: %s, %,.0f look-ups/s%n",
            round,
            summary(h),
            lookups / ((g1 - g0) / 1e9));
      }
      System.out.printf(
          Locale.ROOT,
          "all %d rounds: %s, mean %.3f µs%n",
          ROUNDS,
          summary(all),
          all.getMean() / 1000.0);
      if (sink == 42) {
        System.out.println(); // keeps the look-ups alive
      }
    } finally {
      if (args.length < 3) {
        deleteTree(dir);
      }
    }
  }

  private static long round(
      PatientIndex index, long[] keys, int lookups, SplittableRandom random, Histogram h) {
    long sink = 0;
    for (int i = 0; i < lookups; i++) {
      long key = keys[random.nextInt(keys.length)];
      long s = System.nanoTime();
      int row = index.rowOf(key);
      long e = System.nanoTime();
      if (row < 0) {
        throw new IllegalStateException("present patient not found at look-up " + i);
      }
      sink += row;
      if (h != null) {
        h.recordValue(e - s);
      }
    }
    return sink;
  }

  static String summary(Histogram h) {
    return String.format(
        Locale.ROOT,
        "p50 %.3f µs, p99 %.3f µs, p99.9 %.3f µs, max %.1f µs",
        h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0,
        h.getValueAtPercentile(99.9) / 1000.0,
        h.getMaxValue() / 1000.0);
  }

  private static long heapUsedMiB() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
