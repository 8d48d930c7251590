package org.strata.level;

/**
 * The one rule for a cut's boundary: of the rows tied on the predictor at the boundary, the {@code need} with
 * the lowest patient keys are selected, and rows with equal keys (a pseudonym hash collision) in row order —
 * so exactly {@code need} are selected, whatever the input order. {@link FootprintCuts} and
 * {@link TopKSelection} both resolve their tie groups with it.
 *
 * @param cutoffKey the largest key selected
 * @param equalToTake how many rows whose key equals {@code cutoffKey} are selected, the first in row order
 */
public record TieBreak(long cutoffKey, int equalToTake) {

  /** For the tie group whose keys, sorted ascending, are {@code sorted[from..to)}; 1 ≤ need ≤ to - from. */
  public static TieBreak of(long[] sorted, int from, int to, int need) {
    assert need >= 1 && need <= to - from : need + " of " + (to - from);
    final long cutoff = sorted[from + need - 1];
    int equalToTake = need;
    for (int j = from; j < to && sorted[j] < cutoff; j++) {
      equalToTake--;
    }
    return new TieBreak(cutoff, equalToTake);
  }
}
