package org.strata.output;

import java.io.IOException;
import java.nio.file.Path;
import org.strata.history.Movement;

/**
 * An output of the movement since the run compared with: written only by a run that has one (a results
 * directory's first run writes none).
 */
abstract class MovementOutput implements RunOutput {
  @Override
  public final void write(RunContents run, Path dir) throws IOException {
    if (run.movement() != null) {
      write(run, run.movement(), dir);
    }
  }

  abstract void write(RunContents run, Movement movement, Path dir) throws IOException;
}
