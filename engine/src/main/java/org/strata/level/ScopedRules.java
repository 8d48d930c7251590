package org.strata.level;

/**
 * The rules decided within one practice or hub, applied to that unit's rows alone: a caller that holds the
 * footprint unit by unit (a Spark group) gets exactly what {@link LevelAssigner} gives over the whole
 * footprint, because a practice floor or a cut per practice reads nothing outside its unit. The rows must be
 * in the footprint's row order (the input's line order), which breaks ties of equal keys; {@code reasons}
 * carry {@link RowRules#ADULT} on the adults, as {@link RowRules} leaves them.
 */
public final class ScopedRules {
  private ScopedRules() {}

  /** A top-percent rule scoped to practices or hubs, over one unit's rows: sets its bit on those selected. */
  public static void topPercent(Rule rule, int[] reasons, int[] predictor, long[] keys) {
    final int n = reasons.length;
    final byte[] eligible = new byte[n];
    long count = 0;
    for (int i = 0; i < n; i++) {
      eligible[i] = (byte) (rule.eligible() == Rule.Eligible.ADULTS ? reasons[i] >>> 31 : 1);
      count += eligible[i];
    }
    TopKSelection.select(predictor, new int[n], eligible, new long[] {count}, new long[] {rule.selectCount(count)},
        row -> keys[row], reasons, rule.index());
  }

  /** A practice floor over one practice's rows, after every cut: promotes the highest-risk to the floor. */
  public static void practiceFloor(Rule rule, int[] reasons, int[] ruleLevel, int[] predictor, long[] keys) {
    PracticeFloor.apply(rule, 1, reasons, ruleLevel, new short[reasons.length], predictor, row -> keys[row]);
  }
}
