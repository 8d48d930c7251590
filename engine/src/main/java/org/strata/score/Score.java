package org.strata.score;

import java.util.List;
import java.util.Map;
import org.strata.format.PatientColumn;

/**
 * A score of the registry ({@link Scores}): one small integer per patient from a batch's stored columns. Once
 * registered, a policy may name it, and a run whose policy names it computes it once per batch, keeps it, writes
 * it to the per-patient outputs and counts it in the rollups — no other class names it.
 *
 * <p>The four built-in scores (eFI category, LTC count, Cambridge Multimorbidity Score, admission risk) are not
 * {@code Score}s: they are computed together by {@link Scorer}'s fused kernels, the risk reading the others, and
 * every run writes them.
 */
public interface Score {
  /** The name policies, outputs and rollups use, e.g. {@code polypharmacy}. */
  String name();

  /** What the value means, one line: docs, Arrow field metadata. */
  String meaning();

  /** The stored columns the kernel reads. */
  List<PatientColumn> reads();

  /** The largest value a patient can have (values are 0..max): sizes what is kept of every patient. */
  int max();

  /** Units of the integer value per 1 in a policy expression: 1 for whole numbers, 100 for hundredths. */
  default long scale() {
    return 1;
  }

  /** Names a policy may write for values ({@code fit → 0}), none by default. */
  default Map<String, Long> symbols() {
    return Map.of();
  }

  /** The kernel: the values of {@code in}'s first {@code in.rowCount()} rows into {@code out}. */
  void score(ScoreBatch in, int[] out);

  /** How {@code patients.csv} writes a value. */
  default String format(int value) {
    return Integer.toString(value);
  }

  /**
   * The rollup column counting patients whose value is at least {@link #countedFrom()} (e.g. {@code
   * polypharmacy_10_plus}), or null for none.
   */
  default String rollupCount() {
    return null;
  }

  /** The value from which {@link #rollupCount()} counts a patient. */
  default int countedFrom() {
    return 1;
  }
}
