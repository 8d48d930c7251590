package org.strata.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.strata.history.Movement;
import org.strata.rollup.RollupTables;

/**
 * {@code transitions.csv}: how many patients went from each level to each other since the run compared with,
 * for the footprint, each hub and each practice — {@code scope,unit,from_level,to_level,patients}, non-zero rows
 * only; {@code from_level} {@code new} for those who joined, {@code to_level} {@code left} for those who left.
 * Its copy in {@code shared/} is suppressed as the shared rollups are. Written only when there is a run to
 * compare with.
 */
public final class TransitionsOutput extends MovementOutput {
  public static final String FILE = "transitions.csv";
  static final String HEADER = "scope,unit,from_level,to_level,patients";

  @Override
  public String name() {
    return "transitions";
  }

  @Override
  void write(RunContents run, Movement m, Path dir) throws IOException {
    write(m, dir.resolve(FILE), 0);
    write(m, Files.createDirectories(dir.resolve(SharedRollupOutput.DIR)).resolve(FILE), run.suppressionThreshold());
  }

  private static void write(Movement m, Path file, int threshold) throws IOException {
    try (MovementCsv csv = new MovementCsv(file, HEADER)) {
      for (Movement.Transition t : m.transitions()) {
        csv.line().text(t.scope()).comma().text(t.unit()).comma().text(t.fromLevel()).comma().text(t.toLevel())
            .comma();
        if (threshold == 0) {
          csv.line.number(t.patients());
        } else {
          csv.line.text(RollupTables.sharedCount(t.patients(), threshold));
        }
        csv.end();
      }
    }
  }
}
