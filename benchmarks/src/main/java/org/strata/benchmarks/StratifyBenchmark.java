package org.strata.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.strata.format.IdKind;
import org.strata.level.LevelAssigner;
import org.strata.level.LevelResult;
import org.strata.level.Policy;
import org.strata.rollup.HubFormation;
import org.strata.rollup.Hubs;
import org.strata.rollup.Rollup;
import org.strata.rollup.RollupTables;
import org.strata.ingest.IngestProgress;
import org.strata.ingest.IngestRequest;
import org.strata.store.Store;
import org.strata.ingest.Ingest;

/**
 * The stratification phases over a mapped synthetic store, time per whole footprint (divide by
 * {@code patients} for ns per patient): scores + the default policy's rules, cuts and floor
 * ({@link LevelAssigner}), and the rollup to practices, hubs and footprint.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgs = {"-Xms2g", "-Xmx2g"})
@Threads(1)
public class StratifyBenchmark {
  @Param({"1000000"})
  int patients;

  Path input;
  Store store;
  Policy policy;
  Hubs hubs;
  LevelResult levels;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    input = SyntheticExtract.generate(patients);
    Path dir = input.resolve("store");
    Ingest.run(new IngestRequest(input.resolve("patients.csv"), input.resolve("practices.csv"), dir,
        IdKind.NHS_NUMBER, null, 1.0, IngestRequest.DEFAULT_BATCH_ROWS), IngestProgress.NONE);
    store = Store.open(dir);
    policy = Policy.defaultPolicy();
    hubs = HubFormation.form(store.practices(), HubFormation.registeredByPractice(store));
    levels = LevelAssigner.assign(store, policy, null, hubs.hubCount());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    SyntheticExtract.delete(input);
  }

  @Benchmark
  public LevelResult scoreAndLevels() throws IOException {
    return LevelAssigner.assign(store, policy, null, hubs.hubCount());
  }

  @Benchmark
  public RollupTables rollup() {
    return Rollup.compute(levels, store, hubs);
  }
}
