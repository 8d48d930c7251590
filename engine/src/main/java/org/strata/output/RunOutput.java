package org.strata.output;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One output of a nightly run: writes its file(s) from what the run produced into a results directory.
 * A run writes the outputs of its configured list ({@link RunOutputs#defaults()} unless told otherwise);
 * a new output format is a new class implementing this (or {@link PatientRowsOutput} for one row per patient).
 *
 * <p>Outputs must be deterministic: the same contents give byte-identical files (no timestamps, no paths).
 */
public interface RunOutput {

  /** A short name for messages and for telling outputs apart in a list, e.g. {@code patients-csv}. */
  String name();

  /** Writes this output's file(s) into {@code dir}, which exists; names must not clash with other outputs'. */
  void write(RunContents run, Path dir) throws IOException;
}
