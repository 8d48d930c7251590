package org.strata.level;

import java.util.List;
import org.strata.score.ScoreColumns;

/**
 * Every patient's level, deciding rule and reasons, in store row order, with the scores they came from.
 *
 * @param level 1–4 per row
 * @param decidingRule index of the rule that decided the level (the first matching rule of that level in
 *     priority order), -1 for level 4
 * @param reasons bit i set when rule i matched (all matches are kept, not only the deciding one)
 * @param scores the whole footprint's scores
 * @param ruleNames rule i's name
 * @param levelNames names of levels 1–4 (index 0 unused)
 */
public record LevelResult(
    byte[] level, byte[] decidingRule, int[] reasons, ScoreColumns scores, List<String> ruleNames,
    List<String> levelNames) {

  public int rowCount() {
    return level.length;
  }

  /** Patients at each level, index 1–4. */
  public long[] levelCounts() {
    long[] c = new long[5];
    for (byte l : level) {
      c[l]++;
    }
    return c;
  }
}
