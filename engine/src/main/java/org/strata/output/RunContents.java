package org.strata.output;

import java.util.List;
import org.strata.history.Movement;
import org.strata.level.LevelResult;
import org.strata.level.Policy;
import org.strata.rollup.Hubs;
import org.strata.rollup.RollupTables;
import org.strata.store.Store;

/**
 * What a nightly run produced, as its outputs read it. The store stays open (mapped) while outputs are
 * written; outputs must not keep references after {@link RunOutput#write} returns.
 *
 * @param store the store the run stratified
 * @param policy the policy the levels were assigned by
 * @param hubs practice → hub
 * @param levels every patient's level, reasons and kept risk predictor
 * @param rollup the exact (internal) rollup tables
 * @param suppressionThreshold counts from 1 to this − 1 are hidden in the shared outputs
 * @param warnings the run's warnings
 * @param movement what moved since the run compared with; null when there is none (a first run)
 */
public record RunContents(Store store, Policy policy, Hubs hubs, LevelResult levels, RollupTables rollup,
    int suppressionThreshold, List<String> warnings, Movement movement) {
  public RunContents {
    warnings = List.copyOf(warnings);
  }

  /** A run with nothing to compare with. */
  public RunContents(Store store, Policy policy, Hubs hubs, LevelResult levels, RollupTables rollup,
      int suppressionThreshold, List<String> warnings) {
    this(store, policy, hubs, levels, rollup, suppressionThreshold, warnings, null);
  }
}
