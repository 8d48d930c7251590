package org.strata.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.strata.format.IdKind;
import org.strata.ingest.IngestProgress;
import org.strata.ingest.IngestRequest;
import org.strata.ingest.IngestResult;
import org.strata.ingest.Ingest;

/**
 * End-to-end ingest, Strata against DuckDB's {@code read_csv} on the same file in the same process with
 * the same thread count: rows/s, MB/s, peak heap and peak RSS. Strata runs first, so its peak RSS is
 * Strata's alone; DuckDB's is reported as the peak after both.
 *
 * <pre>
 * java -Xmx1g $(cat engine/target/jvm.flags) -cp benchmarks/target/benchmarks.jar \
 *   org.strata.benchmarks.IngestHarness --patients 10000000 [--input DIR] [--threads 2] [--keep]
 * </pre>
 */
public final class IngestHarness {
  private IngestHarness() {}

  public static void main(String[] args) throws Exception {
    long patients = 1_000_000;
    Path input = null;
    int threads = 2;
    boolean keep = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--patients":
          patients = Long.parseLong(args[++i]);
          break;
        case "--input":
          input = Path.of(args[++i]);
          break;
        case "--threads":
          threads = Integer.parseInt(args[++i]);
          break;
        case "--keep":
          keep = true;
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    boolean generated = input == null;
    if (generated) {
      long t = System.nanoTime();
      input = SyntheticExtract.generate(patients);
      System.out.printf(Locale.ROOT, "generated %,d patients in %.1f s%n", patients, (System.nanoTime() - t) / 1e9);
    }
    Path csv = input.resolve("patients.csv");
    long bytes = Files.size(csv);
    Path store = Files.createTempDirectory("strata-ingest-store-");
    System.out.printf(Locale.ROOT, "input %s: %.1f MB; JDK %s; %d threads for DuckDB%n", csv, bytes / 1e6,
        System.getProperty("java.version"), threads);

    long t0 = System.nanoTime();
    IngestResult r = Ingest.run(new IngestRequest(csv, input.resolve("practices.csv"), store,
        IdKind.NHS_NUMBER, null, 1.0, IngestRequest.DEFAULT_BATCH_ROWS), IngestProgress.NONE);
    double strataS = (System.nanoTime() - t0) / 1e9;
    long rows = r.manifest().ingest().rowsRead();
    long strataHeap = peakHeapBytes();
    long strataRss = peakRssBytes();

    double duckS;
    long duckRows;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET threads = " + threads);
      long t1 = System.nanoTime();
      s.execute("CREATE TABLE patients AS SELECT * FROM read_csv('" + csv.toAbsolutePath() + "', header = true)");
      duckS = (System.nanoTime() - t1) / 1e9;
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM patients")) {
        rs.next();
        duckRows = rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IOException("DuckDB failed: " + e.getMessage(), e);
    }
    long bothRss = peakRssBytes();

    System.out.println();
    System.out.println("| engine | rows | time s | rows/s | MB/s | peak heap MB | peak RSS MB |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    System.out.printf(Locale.ROOT, "| Strata ingest (validate, index, Arrow, manifest; 1 parse thread) | %,d | %.2f | %,.0f | %.0f | %d | %d |%n",
        rows, strataS, rows / strataS, bytes / 1e6 / strataS, strataHeap >> 20, strataRss >> 20);
    System.out.printf(Locale.ROOT, "| DuckDB read_csv into a table (%d threads) | %,d | %.2f | %,.0f | %.0f | - | %d (both) |%n",
        threads, duckRows, duckS, duckRows / duckS, bytes / 1e6 / duckS, bothRss >> 20);
    System.out.printf(Locale.ROOT, "Strata / DuckDB speed: %.2fx%n", duckS / strataS);

    deleteTree(store);
    if (generated && !keep) {
      deleteTree(input);
    }
  }

  private static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** VmHWM from /proc/self/status (Linux), 0 elsewhere. */
  static long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  private static void deleteTree(Path dir) {
    SyntheticExtract.delete(dir);
  }
}
