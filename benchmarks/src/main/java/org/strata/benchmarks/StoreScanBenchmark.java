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
import org.strata.format.PatientColumn;
import org.strata.ingest.IngestProgress;
import org.strata.ingest.IngestRequest;
import org.strata.store.Store;
import org.strata.ingest.Ingest;

/**
 * Scanning one int8 column (age) of a mapped store from the page cache, time per whole column: bulk-copied
 * batch by batch into a heap array then summed, as kernels do (a store lease hands out no view of its mapping,
 * which could outlive the lease). Values per second = patients / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class StoreScanBenchmark {
  @Param({"2000000"})
  int patients;

  Path input;
  Path storeDir;
  Store store;
  byte[] buffer;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    input = SyntheticExtract.generate(patients);
    storeDir = input.resolve("store");
    Ingest.run(new IngestRequest(input.resolve("patients.csv"), input.resolve("practices.csv"), storeDir,
        IdKind.NHS_NUMBER, null, 1.0, IngestRequest.DEFAULT_BATCH_ROWS), IngestProgress.NONE);
    store = Store.open(storeDir);
    buffer = new byte[store.maxBatchRows()];
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    SyntheticExtract.delete(input);
  }

  @Benchmark
  public long bulkCopyThenLoop() {
    long sum = 0;
    final byte[] buf = buffer;
    for (int b = 0; b < store.batchCount(); b++) {
      final int rows = store.batchRows(b);
      store.readBytes(PatientColumn.AGE, b, 0, buf, 0, rows);
      for (int i = 0; i < rows; i++) {
        sum += buf[i];
      }
    }
    return sum;
  }

  /** Opening the store: read CURRENT and the manifest, map every batch, check layout. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  public long open() throws IOException {
    try (Store s = Store.open(storeDir)) {
      return s.rowCount();
    }
  }
}
