package org.strata.parallel;

/**
 * Runs a pass over rows [0, n) in contiguous slices, one per core, on {@link Workers} (one thread each,
 * all joined before it returns; a single slice runs on the calling thread). Each slice knows its ordinal,
 * so a pass can keep per-slice histograms or lists and the caller merges them in slice order: results
 * never depend on which thread ran which slice.
 */
public final class RowSlices {
  /** Rows from which a pass is split across the cores; below it one thread is faster. */
  public static final int PARALLEL_ROWS = 1 << 18;

  /** A pass over rows [from, to), the {@code slice}-th of {@link #count(int)}. */
  @FunctionalInterface
  public interface Pass {
    void run(int slice, int from, int to);
  }

  private RowSlices() {}

  /** How many slices {@link #run} cuts {@code n} rows into. */
  public static int count(int n) {
    return n < PARALLEL_ROWS ? 1 : Workers.threads();
  }

  /** Runs {@code pass} over every slice of [0, n) and returns when all are done. */
  public static void run(int n, Pass pass) {
    run(n, count(n), pass);
  }

  /**
   * Runs {@code pass} over [0, n) cut into {@code parts} slices: callers that size per-slice arrays pass
   * the count they sized them with ({@link #count} can change while the JVM runs, with CPU affinity).
   */
  public static void run(int n, int parts, Pass pass) {
    Workers.run(parts, "strata-pass-", t ->
        pass.run(t, (int) ((long) n * t / parts), (int) ((long) n * (t + 1) / parts)));
  }
}
