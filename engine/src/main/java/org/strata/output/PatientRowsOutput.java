package org.strata.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An output with one row per patient. All of a run's per-patient outputs are written in one pass over the
 * store ({@link PatientRows}): each slice of patients is loaded once and handed to every output's {@link
 * Writer}, so a new per-patient format is one class implementing this.
 */
public interface PatientRowsOutput extends RunOutput {

  /** Opens this output's file(s) in {@code dir} for one run. */
  Writer begin(RunContents run, Path dir) throws IOException;

  /** Written alone: a pass of its own. In a run's list, per-patient outputs share one pass instead. */
  @Override
  default void write(RunContents run, Path dir) throws IOException {
    PatientRows.write(run, dir, List.of(this));
  }

  /**
   * One run's file(s) of a per-patient output. {@link #slice} is called once per slice in row order, then
   * {@link #finish} once; {@link #close} always, also after a failure. Calls may come from different threads,
   * one at a time.
   */
  interface Writer extends AutoCloseable {
    void slice(PatientSlice rows) throws IOException;

    /** Completes the file(s) after the last slice. */
    void finish() throws IOException;

    /** Releases what the writer holds; after a failure the partial file is left to the caller to remove. */
    @Override
    void close() throws IOException;
  }
}
