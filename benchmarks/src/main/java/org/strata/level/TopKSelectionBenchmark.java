package org.strata.level;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The percentile cut, ns per patient: {@link TopKSelection} (radix select, exact count, ties by key) on one
 * footprint scope and on 1,000 practice scopes, against sorting the predictors to find the boundary
 * value — the least a sort-based cut must do. 1M patients, predictors with realistic ties (a few
 * thousand distinct values), 80% eligible. It lives in {@code org.strata.level} because the selector is
 * package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class TopKSelectionBenchmark {
  static final int ROWS = 1 << 20;

  @Param({"2"})
  int percent;

  int[] predictor;
  int[] practice;
  byte[] eligible;
  long[] keys;
  int[] reasons;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(42);
    predictor = new int[ROWS];
    practice = new int[ROWS];
    eligible = new byte[ROWS];
    keys = new long[ROWS];
    reasons = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      predictor[i] = -3_500_000 + rnd.nextInt(4_000) * 1_250; // discrete, like a sum of a few coefficients
      practice[i] = rnd.nextInt(1_000);
      eligible[i] = (byte) (rnd.nextInt(5) == 0 ? 0 : 1);
      keys[i] = 9_000_000_000L + rnd.nextInt(999_999_999);
    }
  }

  private long[] k(int scopes) {
    long[] count = new long[scopes];
    for (int i = 0; i < ROWS; i++) {
      if (eligible[i] != 0) {
        count[scopes == 1 ? 0 : practice[i]]++;
      }
    }
    for (int s = 0; s < scopes; s++) {
      count[s] = (count[s] * percent + 99) / 100;
    }
    return count;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int[] radixSelectFootprint() {
    Arrays.fill(reasons, 0);
    TopKSelection.select(predictor, null, eligible, k(1), row -> keys[row], reasons, 0);
    return reasons;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int[] radixSelect1000Practices() {
    Arrays.fill(reasons, 0);
    TopKSelection.select(predictor, practice, eligible, k(1_000), row -> keys[row], reasons, 0);
    return reasons;
  }

  /** The baseline a sort-based cut cannot beat: sort the eligible predictors, read the boundary. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int sortBaselineFootprint() {
    int[] copy = new int[ROWS];
    int n = 0;
    for (int i = 0; i < ROWS; i++) {
      if (eligible[i] != 0) {
        copy[n++] = predictor[i];
      }
    }
    Arrays.sort(copy, 0, n);
    return copy[n - (int) ((n * (long) percent + 99) / 100)];
  }
}
