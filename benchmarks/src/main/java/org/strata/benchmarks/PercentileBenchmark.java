package org.strata.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import org.strata.history.RiskPercentiles;

/**
 * Every patient's risk percentile among the adults, as a run records in its level history: the bucketed count
 * ({@link RiskPercentiles#of}, on every core) against its plain reference, a sort and two binary searches a row
 * ({@link RiskPercentiles#bySorting}). The risks are micro-logits bunched as the model's are (a bell around -4 with
 * an upper tail), four in five patients adults.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class PercentileBenchmark {
  @Param({"10000000"})
  int patients;

  boolean[] adult;
  int[] predictor;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rng = new SplittableRandom(2016);
    adult = new boolean[patients];
    predictor = new int[patients];
    for (int i = 0; i < patients; i++) {
      adult[i] = rng.nextInt(5) > 0;
      double u = rng.nextDouble(1e-12, 1.0);
      double z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
      predictor[i] = (int) (-4_000_000 + 900_000 * z + (rng.nextInt(50) == 0 ? 5_000_000 : 0));
    }
  }

  @Benchmark
  public short[] bucketed() {
    return RiskPercentiles.of(adult, predictor);
  }

  @Benchmark
  public short[] sortAndSearch() {
    return RiskPercentiles.bySorting(adult, predictor);
  }
}
