package org.strata.level;

import org.strata.parallel.RowSlices;

/**
 * A practice floor, applied after the cuts: in each practice, the eligible patients at the floor's level
 * or higher must be at least the floor's share of its eligible patients; the highest-risk eligible
 * patients below that level are promoted to make up the difference. One pass counts each practice; only
 * the candidates of practices short of their floor (usually a few) are then gathered and ranked by {@link
 * TopKSelection}, so the ranking costs nothing for practices already over their floor.
 */
final class PracticeFloor {
  private PracticeFloor() {}

  /** Adults are the rows whose reasons have bit {@link LevelAssigner#ADULT} set (never a rule's bit). */
  static void apply(Rule rule, int practices, int[] reasons, int[] ruleLevel, short[] practice,
      int[] predictor, TopKSelection.TieKeys keys) {
    final int n = reasons.length;
    if (practices == 0) {
      return;
    }
    final int floorLevel = rule.level();
    final boolean adultsOnly = rule.eligible() == Rule.Eligible.ADULTS;
    // A row's level is its lowest reason bit's rule's level: at the floor's level or higher when that bit
    // is in the mask (r & -r isolates it).
    int levelMask = 0;
    for (int r = 0; r < ruleLevel.length; r++) {
      levelMask |= ruleLevel[r] <= floorLevel ? 1 << r : 0;
    }
    final int atLevelMask = levelMask;
    final int slices = RowSlices.count(n);
    final long[][] eligible = new long[slices][];
    final long[][] atLevel = new long[slices][];
    RowSlices.run(n, slices, (t, from, to) -> {
      long[] e = new long[practices];
      long[] a = new long[practices];
      final int notAdultsOnly = adultsOnly ? 0 : 1;
      for (int i = from; i < to; i++) { // branch-free: children and the unregistered count with weight 0
        final int p = practice[i];
        final int r = reasons[i];
        final int ok = (~p >>> 31) & ((r >>> 31) | notAdultsOnly);
        final int q = p & -ok; // practice 0 with weight 0 when not counted
        e[q] += ok;
        a[q] += ok & ((r & -r & atLevelMask) == 0 ? 0 : 1);
      }
      eligible[t] = e;
      atLevel[t] = a;
    });
    final long[] k = new long[practices];
    final long[] candidates = new long[practices];
    boolean any = false;
    for (int p = 0; p < practices; p++) {
      long e = 0;
      long a = 0;
      for (int t = 0; t < slices; t++) {
        e += eligible[t][p];
        a += atLevel[t][p];
      }
      k[p] = Math.max(0, rule.selectCount(e) - a);
      candidates[p] = e - a;
      any |= k[p] > 0;
    }
    if (!any) {
      return;
    }
    // Gather the candidates of practices short of their floor, in row order.
    final RowList[] gathered = new RowList[slices];
    RowSlices.run(n, slices, (t, from, to) -> {
      RowList rows = new RowList();
      for (int i = from; i < to; i++) {
        int p = practice[i];
        final int r = reasons[i];
        if (p < 0 || k[p] == 0 || adultsOnly && r >= 0) {
          continue;
        }
        if ((r & -r & atLevelMask) == 0) {
          rows.add(i);
        }
      }
      gathered[t] = rows;
    });
    final int[] rows = RowList.concat(gathered);
    final int m = rows.length;
    final int[] subPredictor = new int[m];
    final int[] subScope = new int[m];
    final byte[] subEligible = new byte[m];
    for (int j = 0; j < m; j++) {
      subPredictor[j] = predictor[rows[j]];
      subScope[j] = practice[rows[j]];
      subEligible[j] = 1;
    }
    final long[] subCount = new long[practices];
    for (int p = 0; p < practices; p++) {
      subCount[p] = k[p] > 0 ? candidates[p] : 0;
    }
    final int[] selected = new int[m];
    TopKSelection.select(subPredictor, subScope, subEligible, subCount, k, j -> keys.key(rows[j]), selected,
        rule.index());
    for (int j = 0; j < m; j++) {
      reasons[rows[j]] |= selected[j];
    }
  }
}
