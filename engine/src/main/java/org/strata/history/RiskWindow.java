package org.strata.history;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.strata.level.RisingRisk;

/**
 * The runs of tonight's results directory a rise in risk is measured over, oldest first, tonight last; {@code levels}
 * holds what the loader gave for each (the recorder gives null for tonight's, which is being written and whose
 * percentile it has in hand).
 */
record RiskWindow(List<HistoryRun> runs, List<RunLevels> levels) {

  /** Loads a kept run's records. */
  interface Loader {
    RunLevels load(HistoryRun run) throws IOException;
  }

  /** The last {@code n} of {@code runs} (or fewer) of the results directory {@code results}, oldest first. */
  static List<HistoryRun> lastOf(List<HistoryRun> runs, String results, int n) {
    List<HistoryRun> mine = new ArrayList<>();
    for (HistoryRun r : runs) {
      if (r.results().equals(results)) {
        mine.add(r);
      }
    }
    return mine.subList(Math.max(0, mine.size() - n), mine.size());
  }

  static RiskWindow of(RisingRisk rising, List<HistoryRun> kept, HistoryRun tonight, Loader loader)
      throws IOException {
    List<HistoryRun> last = lastOf(kept, tonight.results(), rising.runs());
    List<RunLevels> levels = new ArrayList<>();
    for (HistoryRun r : last) {
      levels.add(loader.load(r));
    }
    return new RiskWindow(List.copyOf(last), levels);
  }
}
