package org.strata.output;

import java.io.IOException;
import java.nio.file.Path;
import org.strata.history.Movement;
import org.strata.store.Store;

/**
 * {@code rising_risk.csv} (identifiable): patients not in level 1 whose risk percentile among the footprint's
 * adults rose by at least the policy's points ({@code rising_risk:}, default 20) over its runs (default 3) —
 * {@code patient_id,practice_code,level,from_run,from_percentile,to_percentile,rise}, the largest rise first.
 */
public final class RisingRiskOutput extends MovementOutput {
  public static final String FILE = "rising_risk.csv";

  @Override
  public String name() {
    return "rising-risk";
  }

  @Override
  void write(RunContents run, Movement m, Path dir) throws IOException {
    Store store = run.store();
    PracticeOfRow practice = new PracticeOfRow(store);
    try (MovementCsv csv = new MovementCsv(dir.resolve(FILE),
        "patient_id,practice_code,level,from_run,from_percentile,to_percentile,rise")) {
      for (Movement.Riser r : m.risers()) {
        csv.line().text(store.patientId(r.row())).comma().text(practice.code(r.row())).comma().number(r.level())
            .comma().text(r.fromRun()).comma().text(MovementCsv.percent(r.fromPercentile())).comma()
            .text(MovementCsv.percent(r.toPercentile())).comma()
            .text(MovementCsv.percent(Math.round((r.toPercentile() - r.fromPercentile()) * 10) / 10.0));
        csv.end();
      }
    }
  }
}
