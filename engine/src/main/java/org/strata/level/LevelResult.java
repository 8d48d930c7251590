package org.strata.level;

import java.util.List;
import org.strata.score.KeptValues;
import org.strata.score.Score;
import org.strata.score.ScoreBatch;
import org.strata.score.ScoreColumns;
import org.strata.score.Scorer;
import org.strata.score.Scores;

/**
 * Every patient's reasons and risk predictor, in store row order; level and deciding rule follow from the
 * reasons, and the other scores from the store batch by batch ({@link #scores}).
 *
 * <p>Only two ints a row are kept (0.5 GB at 63M patients): a row's level and deciding rule are those of
 * its lowest reason bit, looked up in a 33-entry table, and its frailty category, LTC count, CMS and
 * admission risk are cheap to compute again from a batch of the store and the kept predictor, so whole
 * footprint arrays of them would only cost memory and the writes that fill them.
 *
 * <pre>{@code
 * LevelResult r = LevelAssigner.assign(store, policy, null, 0);
 * ScoreBatch in = ScoreBatch.forStore(store);
 * ScoreColumns out = new ScoreColumns(in.capacity());
 * for (int b = 0; b < store.batchCount(); b++) {
 *   r.scores(in.read(store, b), store.batchFirstRow(b), out);   // efi, ltc, cms, risk of batch b
 * }
 * }</pre>
 */
public final class LevelResult {
  private final int[] reasons;
  private final int[] predictor;
  private final KeptValues[] kept;
  private final int[] keptIndex;
  private final byte[] levelOf;
  private final byte[] decidingOf;
  private final long[] levelCounts;
  private final Scorer scorer;
  private final List<String> ruleNames;
  private final List<String> levelNames;

  /**
   * @param reasons bit i set when rule i matched, per row
   * @param predictor the admission model's risk predictor per row, as {@code scorer} computed it
   * @param kept the values of {@code scorer}'s registered scores per row, as it computed them
   * @param ruleLevel level 1–3 of rule i
   * @param levelCounts patients at each level, index 1–4
   */
  LevelResult(int[] reasons, int[] predictor, KeptValues[] kept, int[] ruleLevel, long[] levelCounts,
      Scorer scorer, List<String> ruleNames, List<String> levelNames) {
    this.reasons = reasons;
    this.predictor = predictor;
    this.kept = kept.clone();
    this.keptIndex = scorer.registered().stream().mapToInt(Scores::indexOf).toArray();
    this.levelOf = levelTable(ruleLevel);
    this.decidingOf = decidingTable(ruleLevel.length);
    this.levelCounts = levelCounts.clone();
    this.scorer = scorer;
    this.ruleNames = ruleNames;
    this.levelNames = levelNames;
  }

  /**
   * Level by the lowest reason bit, index {@code numberOfTrailingZeros(reasons)}: 32 (no bit) and bits
   * beyond the rules are level 4.
   */
  static byte[] levelTable(int[] ruleLevel) {
    byte[] t = new byte[33];
    for (int b = 0; b < t.length; b++) {
      t[b] = (byte) (b < ruleLevel.length ? ruleLevel[b] : 4);
    }
    return t;
  }

  /** Deciding rule by the lowest reason bit, as {@link #levelTable}: -1 when no rule's bit. */
  static byte[] decidingTable(int rules) {
    byte[] t = new byte[33];
    for (int b = 0; b < t.length; b++) {
      t[b] = (byte) (b < rules ? b : -1);
    }
    return t;
  }

  public int rowCount() {
    return reasons.length;
  }

  /** Bit i set when rule i matched (all matches are kept, not only the deciding one); the live array. */
  public int[] reasons() {
    return reasons;
  }

  /** The admission model's linear predictor per row, millionths of a logit (cuts rank on it); the live array. */
  public int[] riskPredictorMicro() {
    return predictor;
  }

  /** Level 1–4 of a row. */
  public int level(int row) {
    return levelOf[Integer.numberOfTrailingZeros(reasons[row])];
  }

  /**
   * Index of the rule that decided a row's level (the first matching rule of that level in priority
   * order), -1 for level 4.
   */
  public int decidingRule(int row) {
    return decidingOf[Integer.numberOfTrailingZeros(reasons[row])];
  }

  /** Levels and deciding rules of rows {@code from..from + rows} into {@code level[0..]} and {@code deciding[0..]}. */
  public void levels(int from, int rows, byte[] level, byte[] deciding) {
    final byte[] lt = levelOf;
    final byte[] dt = decidingOf;
    for (int i = 0; i < rows; i++) {
      final int first = Integer.numberOfTrailingZeros(reasons[from + i]);
      level[i] = lt[first];
      deciding[i] = dt[first];
    }
  }

  /**
   * The scores of a batch read from the store ({@code in}, whose first row is store row {@code firstRow}),
   * the same values the levels were assigned from, into {@code out}.
   */
  public void scores(ScoreBatch in, long firstRow, ScoreColumns out) {
    final int from = Math.toIntExact(firstRow);
    scorer.score(in, predictor, from, out);
    for (int k = 0; k < kept.length; k++) {
      kept[k].get(from, in.rowCount(), out.registered(keptIndex[k]));
    }
  }

  /**
   * The registered scores the policy named, computed with the levels and kept (in {@link #scores}'s {@code
   * out.registered}): what outputs write and rollups count besides the built-in four.
   */
  public List<Score> registeredScores() {
    return scorer.registered();
  }

  /** Registered score {@code k} of {@link #registeredScores()} of one row. */
  public int registeredValue(int k, int row) {
    return kept[k].get(row);
  }

  /** The scorer the levels were assigned with. */
  public Scorer scorer() {
    return scorer;
  }

  /** Patients at each level, index 1–4. */
  public long[] levelCounts() {
    return levelCounts.clone();
  }

  /** Rule i's name. */
  public List<String> ruleNames() {
    return ruleNames;
  }

  /** Names of levels 1–4 (index 0 unused). */
  public List<String> levelNames() {
    return levelNames;
  }
}
