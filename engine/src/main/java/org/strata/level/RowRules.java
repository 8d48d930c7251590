package org.strata.level;

import java.util.List;
import org.strata.format.PatientBatch;
import org.strata.score.CambridgeWeights;
import org.strata.score.ScoreBatch;
import org.strata.score.ScoreColumns;
import org.strata.score.Scorer;
import org.strata.store.Store;

/**
 * The per-row half of a policy, for up to {@link #SLICE_ROWS} rows at a time: scores them with the engine's
 * kernels and evaluates every condition rule into the rows' reason bits. What needs the whole footprint — the
 * top-percent cuts and the practice floors — is the caller's: {@link LevelAssigner} on one machine, a
 * distributed histogram on a cluster. One instance per thread (the compiled kernels own scratch space).
 *
 * <pre>{@code
 * RowRules rules = new RowRules(policy);
 * rules.evaluate(batch, 0, rows);              // a parsed PatientBatch
 * int[] predictor = rules.scores().riskPredictorMicro();
 * int[] reasons = rules.reasons();             // bit r: rule r matched; bit 31 (ADULT): aged 18 or over
 * }</pre>
 */
public final class RowRules {
  /** Rows evaluated at a time ({@link LevelAssigner#SLICE_ROWS}). */
  public static final int SLICE_ROWS = LevelAssigner.SLICE_ROWS;
  /** The reason bit marking an adult (bit 31); never a rule's. Clear it before deriving a level. */
  public static final int ADULT = LevelAssigner.ADULT;

  private final Policy policy;
  private final Scorer scorer;
  private final List<MaskKernel> kernels;
  private final ScoreBatch in = new ScoreBatch(SLICE_ROWS);
  private final ScoreColumns out = new ScoreColumns(SLICE_ROWS);
  private final RuleInputs inputs;
  private final int[] mask = new int[SLICE_ROWS];
  private final int[] bits = new int[SLICE_ROWS];
  private final byte[] levelOf;
  private final int[] ruleLevel;
  /** Whether {@link #scores()} must hold the probability: a public caller may read it; so may a rule. */
  private final boolean probability;

  /** Compiles {@code policy}'s condition rules for this thread, with the published general Cambridge weights. */
  public RowRules(Policy policy) {
    this(policy, new Scorer(policy.riskModel(), CambridgeWeights.general(), policy.registeredScores()), true);
  }

  /**
   * @param probability whether {@link #scores()} must hold each row's probability even when no rule reads it
   *     ({@link LevelAssigner} keeps only the predictor and looks probabilities up when they are written)
   */
  RowRules(Policy policy, Scorer scorer, boolean probability) {
    this.policy = policy;
    this.scorer = scorer;
    this.probability = probability || policy.columns().stream().anyMatch(c -> c.source() == RuleColumn.Source.RISK_X1E6);
    // Never the Policy's own kernels, which another assignment over the same Policy may be using.
    this.kernels = PolicyParser.recompileKernels(policy);
    for (MaskKernel k : kernels) {
      if (k != null) {
        k.allocate(SLICE_ROWS);
      }
    }
    this.inputs = new RuleInputs(policy.columns(), SLICE_ROWS);
    this.ruleLevel = new int[policy.rules().size()];
    for (Rule r : policy.rules()) {
      ruleLevel[r.index()] = r.level();
    }
    this.levelOf = LevelResult.levelTable(ruleLevel);
  }

  /** Scores and evaluates rows {@code from..from + rows} of a parsed batch ({@code rows ≤ SLICE_ROWS}). */
  public void evaluate(PatientBatch batch, int from, int rows) {
    in.read(batch, from, rows);
    evaluate(RuleInputs.Columns.of(batch, from), rows);
  }

  /** Scores and evaluates rows {@code from..from + rows} of batch {@code b} of a store. */
  void evaluate(Store store, int b, int from, int rows) {
    in.read(store, b, from, rows);
    evaluate(RuleInputs.Columns.of(store, b, from), rows);
  }

  private void evaluate(RuleInputs.Columns columns, int rows) {
    if (probability) {
      scorer.score(in, out);
    } else {
      scorer.scoreWithoutProbability(in, out);
    }
    inputs.load(columns, rows, out, 0);
    final byte[] age = in.age();
    for (int i = 0; i < rows; i++) {
      bits[i] = age[i] >= LevelAssigner.ADULT_AGE ? ADULT : 0;
    }
    for (Rule rule : policy.rules()) {
      MaskKernel kernel = kernels.get(rule.index());
      if (kernel == null) {
        continue;
      }
      kernel.eval(inputs, rows, mask);
      final int bit = rule.index();
      for (int i = 0; i < rows; i++) {
        bits[i] |= mask[i] << bit;
      }
    }
  }

  /** The last evaluated rows' scores (the risk predictor among them). */
  public ScoreColumns scores() {
    return out;
  }

  /** The last evaluated rows' inputs (age among them). */
  public ScoreBatch inputs() {
    return in;
  }

  /** The last evaluated rows' reason bits: the condition rules matched, and {@link #ADULT}. */
  public int[] reasons() {
    return bits;
  }

  /** The scorer, which also looks up a predictor's probability. */
  public Scorer scorer() {
    return scorer;
  }

  /** Each rule's level, by rule index. */
  public int[] ruleLevels() {
    return ruleLevel.clone();
  }

  /** The level of a row whose final reason bits (ADULT cleared) are {@code reasons}: its lowest bit's rule's. */
  public int level(int reasons) {
    return levelOf[Integer.numberOfTrailingZeros(reasons)];
  }

  /** The deciding rule's index (the lowest reason bit), or -1 when no rule matched. */
  public static int decidingRule(int reasons) {
    return reasons == 0 ? -1 : Integer.numberOfTrailingZeros(reasons);
  }
}
