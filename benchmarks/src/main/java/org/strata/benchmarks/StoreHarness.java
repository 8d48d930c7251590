package org.strata.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.strata.format.PatientColumn;
import org.strata.store.Store;

/**
 * Open and scan an existing store (any size, e.g. 63M patients), for the numbers JMH cannot set up in
 * reasonable time: time to open the current generation, and one int8 column (age) scanned from the page
 * cache, bulk-copied into a heap array as kernels read it. Median and best of N rounds.
 *
 * <pre>
 * java $(cat engine/target/jvm.flags) -cp benchmarks/target/benchmarks.jar org.strata.benchmarks.StoreHarness STORE [rounds]
 * </pre>
 */
public final class StoreHarness {
  private StoreHarness() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 11;
    double[] open = new double[rounds];
    double[] bulk = new double[rounds];
    long rows = 0;
    long sink = 0;
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      try (Store s = Store.open(dir)) {
        open[r] = (System.nanoTime() - t0) / 1e6;
        rows = s.rowCount();
        byte[] buf = new byte[s.maxBatchRows()];
        long t2 = System.nanoTime();
        for (int b = 0; b < s.batchCount(); b++) {
          final int n = s.batchRows(b);
          s.readBytes(PatientColumn.AGE, b, 0, buf, 0, n);
          for (int i = 0; i < n; i++) {
            sink += buf[i];
          }
        }
        bulk[r] = (System.nanoTime() - t2) / 1e9;
      }
    }
    System.out.printf(Locale.ROOT, "store %s: %,d patients; JDK %s; %d rounds (first includes JIT warm-up)%n",
        dir, rows, System.getProperty("java.version"), rounds);
    System.out.printf(Locale.ROOT, "open: median %.1f ms, best %.1f ms, first %.1f ms%n",
        median(open), min(open), open[0]);
    System.out.printf(Locale.ROOT, "scan age, bulk copy + loop:  median %.2f G values/s, best %.2f G values/s%n",
        rows / median(bulk) / 1e9, rows / min(bulk) / 1e9);
    System.out.println("(checksum " + sink + ")");
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }
}
