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

  static RiskWindow of(RisingRisk rising, List<HistoryRun> kept, HistoryRun tonight, Loader loader)
      throws IOException {
    List<HistoryRun> mine = new ArrayList<>();
    for (HistoryRun r : kept) {
      if (r.results().equals(tonight.results())) {
        mine.add(r);
      }
    }
    List<HistoryRun> last = mine.subList(Math.max(0, mine.size() - rising.runs()), mine.size());
    List<RunLevels> levels = new ArrayList<>();
    for (HistoryRun r : last) {
      levels.add(loader.load(r));
    }
    return new RiskWindow(List.copyOf(last), levels);
  }
}
