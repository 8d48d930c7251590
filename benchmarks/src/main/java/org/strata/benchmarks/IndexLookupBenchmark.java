package org.strata.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.strata.store.PatientIndex;

/**
 * Look-up of a present patient in a {@link PatientIndex} (Chronicle Map, off-heap, memory-mapped)
 * in random order, against an on-heap {@code HashMap<Long, Integer>} baseline. The index is built
 * once per trial into a temp directory from seeded synthetic NHS numbers.
 *
 * <p>The stack's JVM flags (Chronicle's opens/exports) are appended to every fork by {@link
 * BenchmarkMain}, or by {@link #main} here; when running JMH's own main instead, pass them with
 * {@code -jvmArgsAppend "$(cat benchmarks/target/classes/org/strata/benchmarks/jvm.flags)"}. JVM
 * options of this benchmark go in {@code @Fork(jvmArgs)} because a command-line {@code
 * jvmArgsAppend} replaces the annotation's.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar IndexLookupBenchmark
 * java -jar benchmarks/target/benchmarks.jar IndexLookupBenchmark -prof gc   # expect ≈ 0 B/op for rowOf
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(
    value = 2,
    jvmArgs = {"-Xms2g", "-Xmx2g", "-Dstrata.checks=false"})
public class IndexLookupBenchmark {
  static final long SEED = 42L;

  @Param({"1000000"})
  int patients;

  Path dir;
  PatientIndex index;
  HashMap<Long, Integer> heapBaseline;
  long[] lookups; // present keys, shuffled: the order a command centre would ask in
  int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    long[] keys = SyntheticNhsNumbers.generate(patients, SEED);
    dir = Files.createTempDirectory("strata-index-bench");
    index =
        PatientIndex.create(
            dir.resolve("patients.cmap"), PatientIndex.KeyKind.NHS_NUMBER, patients);
    heapBaseline = new HashMap<>(patients * 2);
    for (int row = 0; row < keys.length; row++) {
      index.putIfAbsent(keys[row], row, row + 2);
      heapBaseline.put(keys[row], row);
    }
    lookups = SyntheticNhsNumbers.shuffled(keys, SEED + 1);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    index.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  private long nextKey() {
    long key = lookups[next];
    next = next + 1 == lookups.length ? 0 : next + 1;
    return key;
  }

  /** The index: row of a present patient. */
  @Benchmark
  public int rowOf() {
    return index.rowOf(nextKey());
  }

  /** Control: the same keys in an on-heap map (boxing included, as a caller would write it). */
  @Benchmark
  public Integer heapHashMapBaseline() {
    return heapBaseline.get(nextKey());
  }

  /** Runs this benchmark alone with the stack's JVM flags appended to each fork. */
  public static void main(String[] args) throws Exception {
    new Runner(
            new OptionsBuilder()
                .include(IndexLookupBenchmark.class.getSimpleName())
                .jvmArgsAppend(BenchmarkFlags.jvmFlags().toArray(new String[0]))
                .build())
        .run();
  }
}
