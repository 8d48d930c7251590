package org.strata.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.strata.history.Movement;
import org.strata.level.LevelResult;
import org.strata.store.Store;

/**
 * {@code worklists/PRACTICE_CODE.csv} (identifiable), one per practice: its patients newly in level 1 or 2 since
 * the run compared with (joined, or moved up into it), highest risk first — the list a care coordinator works
 * through. Columns {@code patient_id,level,previous_level,deciding_rule,reasons,risk_percentile}; a practice
 * with nobody new has a file with only the header.
 */
public final class WorklistOutput extends MovementOutput {
  public static final String DIR = "worklists";

  @Override
  public String name() {
    return "worklists";
  }

  @Override
  void write(RunContents run, Movement m, Path dir) throws IOException {
    Store store = run.store();
    LevelResult levels = run.levels();
    List<String> rules = levels.ruleNames();
    Path out = Files.createDirectories(dir.resolve(DIR));
    for (Map.Entry<String, List<Movement.WorklistEntry>> e : m.worklists().entrySet()) {
      try (MovementCsv csv = new MovementCsv(out.resolve(e.getKey() + ".csv"),
          "patient_id,level,previous_level,deciding_rule,reasons,risk_percentile")) {
        for (Movement.WorklistEntry w : e.getValue()) {
          CsvLine line = csv.line().text(store.patientId(w.row())).comma().number(w.level()).comma()
              .text(w.previousLevel()).comma();
          int rule = levels.decidingRule(w.row());
          if (rule >= 0) {
            line.text(rules.get(rule));
          }
          line.comma();
          int bits = levels.reasons()[w.row()];
          for (boolean first = true; bits != 0; bits &= bits - 1, first = false) {
            if (!first) {
              line.semicolon();
            }
            line.text(rules.get(Integer.numberOfTrailingZeros(bits)));
          }
          line.comma().text(MovementCsv.percent(w.percentile()));
          csv.end();
        }
      }
    }
  }
}
