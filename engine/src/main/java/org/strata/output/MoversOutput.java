package org.strata.output;

import java.io.IOException;
import java.nio.file.Path;
import org.strata.history.Movement;
import org.strata.store.Store;

/**
 * {@code movers.csv} (identifiable: it stays with the analytics team): the patients who moved up a level since
 * the run compared with — {@code patient_id,practice_code,from_level,to_level,from_rule,to_rule,
 * days_since_previous_change}, the days counted between reference dates from when their earlier level began.
 */
public final class MoversOutput extends MovementOutput {
  public static final String FILE = "movers.csv";

  @Override
  public String name() {
    return "movers";
  }

  @Override
  void write(RunContents run, Movement m, Path dir) throws IOException {
    Store store = run.store();
    PracticeOfRow practice = new PracticeOfRow(store);
    try (MovementCsv csv = new MovementCsv(dir.resolve(FILE),
        "patient_id,practice_code,from_level,to_level,from_rule,to_rule,days_since_previous_change")) {
      for (Movement.Mover v : m.movers()) {
        csv.line().text(store.patientId(v.row())).comma().text(practice.code(v.row())).comma().number(v.fromLevel())
            .comma().number(v.toLevel()).comma().text(v.fromRule()).comma().text(v.toRule()).comma()
            .number(v.days());
        csv.end();
      }
    }
  }
}
