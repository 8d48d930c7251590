package org.strata.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.strata.parallel.Workers;
import org.strata.store.BatchSlice;

/**
 * The one pass over the store that every per-patient output shares: each slice of up to {@value
 * #SLICE_ROWS} patients is loaded once ({@link PatientSlice}: keys, practices, levels, reasons, scores) and
 * handed to each output's {@link PatientRowsOutput.Writer}.
 *
 * <p>Each output is bound by one core (vector filling, number formatting), so the outputs run on threads
 * of their own, and the next slice is loaded on another while they format this one: with two outputs on two
 * cores the pass takes about as long as the slowest output alone. Round {@code k} hands slice {@code k} to
 * every output and loads slice {@code k + 1} into the other buffer; the round ends when all have. Each
 * output sees its slices in row order, so its bytes do not depend on the threads.
 */
public final class PatientRows {
  /** Patients per slice: buffers stay small (about 40 bytes a row) whatever the store's batch size. */
  public static final int SLICE_ROWS = 1 << 16;

  private PatientRows() {}

  /** Writes every output of {@code outputs} into {@code dir} in one pass over {@code run.store()}. */
  public static void write(RunContents run, Path dir, List<? extends PatientRowsOutput> outputs)
      throws IOException {
    write(run, dir, outputs, rows -> { });
  }

  /** As {@link #write(RunContents, Path, List)}, telling {@code rowsWritten} how many rows are done after each slice. */
  public static void write(RunContents run, Path dir, List<? extends PatientRowsOutput> outputs,
      java.util.function.LongConsumer rowsWritten) throws IOException {
    if (outputs.isEmpty()) {
      return;
    }
    List<PatientRowsOutput.Writer> writers = new ArrayList<>(outputs.size());
    try {
      for (PatientRowsOutput o : outputs) {
        writers.add(o.begin(run, dir));
      }
      pass(run, writers, rowsWritten);
      for (PatientRowsOutput.Writer w : writers) {
        w.finish();
      }
    } finally {
      IOException failure = null;
      for (PatientRowsOutput.Writer w : writers) {
        try {
          w.close();
        } catch (IOException e) {
          if (failure == null) {
            failure = e;
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  private static void pass(RunContents run, List<PatientRowsOutput.Writer> writers,
      java.util.function.LongConsumer rowsWritten) throws IOException {
    final List<BatchSlice> slices = run.store().slices(SLICE_ROWS);
    final int capacity = Math.min(SLICE_ROWS, Math.max(1, run.store().maxBatchRows()));
    final PatientSlice[] buffers = {new PatientSlice(run.store(), capacity), new PatientSlice(run.store(), capacity)};
    final int outputs = writers.size();
    if (!slices.isEmpty()) {
      buffers[0].load(run.levels(), slices.get(0));
    }
    try {
      for (int k = 0; k < slices.size(); k++) {
        final int round = k;
        final PatientSlice current = buffers[k & 1];
        final PatientSlice next = buffers[(k + 1) & 1];
        final boolean loadNext = k + 1 < slices.size();
        // Joined before the next round (and before this returns, even on failure): they read the store,
        // which the caller closes (unmaps) next.
        Workers.run(outputs + (loadNext ? 1 : 0), "strata-write-", w -> {
          try {
            if (w < outputs) {
              writers.get(w).slice(current);
            } else {
              next.load(run.levels(), slices.get(round + 1));
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
        rowsWritten.accept(current.firstRow() + current.rows());
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
