package org.strata.history;

/**
 * One patient in one kept run.
 *
 * @param run the run
 * @param level 1–4, or 0 when the patient was not in that run's extract (left)
 * @param decidingRule the rule that decided the level; null for level 4 or left
 * @param riskPercentile risk percentile among the footprint's adults (0–100, one decimal); NaN for children
 *     and when left
 * @param practice practice code; null when unregistered or left
 */
public record PatientRun(HistoryRun run, int level, String decidingRule, double riskPercentile, String practice) {
  /** Whether the patient was not in this run's extract. */
  public boolean left() {
    return level == 0;
  }
}
