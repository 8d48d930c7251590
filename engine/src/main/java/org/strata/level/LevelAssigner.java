package org.strata.level;

import org.strata.parallel.Workers;
import org.strata.parallel.RowSlices;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.strata.format.PatientColumn;
import org.strata.score.KeptValues;
import org.strata.score.Score;
import org.strata.score.ScoreColumns;
import org.strata.score.Scorer;
import org.strata.store.BatchSlice;
import org.strata.store.Store;

/**
 * Assigns every patient of a store to one level under a policy: condition rules evaluated as column
 * kernels; top-percent cuts on the fixed-point risk predictor (exactly ceil(X% × eligible) per scope, ties
 * to the lower patient key); practice floors last, promoting each practice's highest-risk adults not yet
 * at the floor's level until the floor is met. The level is that of the first matching rule in priority
 * order (lowest reason bit), level 4 when none matched.
 *
 * <p>Passes, split across the cores (but for the eligible counts of hub and practice cuts): (1) score and
 * evaluate the condition rules slice by slice ({@value #SLICE_ROWS} rows, cache-resident), noting the
 * predictor's high-bits histogram for the footprint cuts; (2) {@link FootprintCuts}: one pass for every
 * footprint cut's boundary, one to mark; cuts per hub or practice by {@link TopKSelection}; (3) {@link PracticeFloor}: one counting pass, then
 * only the candidates of practices short of their floor; (4) the level counts from the reasons ({@link
 * LevelResult} derives each row's level and deciding rule from them when asked).
 *
 * <pre>{@code
 * LevelResult r = LevelAssigner.assign(store, Policy.defaultPolicy(), null, 0);
 * }</pre>
 */
public final class LevelAssigner {
  /** Age from which a patient counts among the adults a cut or floor may be limited to. */
  static final int ADULT_AGE = 18;

  /**
   * Reason bit marking an adult while the cuts and floors run ({@link FootprintCuts}, {@link
   * PracticeFloor}): rules use bits 0–30 ({@link Policy#MAX_RULES} is 31), so bit 31 is free, and a flag
   * there saves a byte array over the footprint. Cleared before {@link #assign} returns.
   */
  static final int ADULT = 1 << 31;

  /**
   * Rows scored and evaluated at a time: small enough that a slice's input, score, rule-input and mask
   * arrays (about 100 bytes a row under the default policy, 0.8 MB) stay in a core's L2 or near L3
   * between the kernels that pass over them, instead of streaming 1M-row batches through memory.
   */
  static final int SLICE_ROWS = 1 << 13;

  private LevelAssigner() {}

  /**
   * @param hubOfRow hub ordinal per row (unregistered placed by LSOA, -1 unplaced), needed only when a
   *     rule is scoped to hubs; null otherwise
   * @param hubCount number of hubs (ignored when {@code hubOfRow} is null)
   */
  public static LevelResult assign(Store store, Policy policy, int[] hubOfRow, int hubCount) throws IOException {
    return assign(store, policy, hubOfRow, hubCount, rows -> { });
  }

  /**
   * As {@link #assign(Store, Policy, int[], int)}, telling {@code rowsScored} of each slice scored (from the
   * workers, at once: it must be safe to call from several threads).
   */
  public static LevelResult assign(Store store, Policy policy, int[] hubOfRow, int hubCount,
      java.util.function.LongConsumer rowsScored) throws IOException {
    List<Score> registered = policy.registeredScores();
    Scorer scorer = new Scorer(policy.riskModel(), org.strata.score.CambridgeWeights.general(), registered);
    final int n = (int) store.rowCount();
    // A registered score the policy names is computed once, here, and kept for the rollup and the outputs.
    KeptValues[] kept = new KeptValues[registered.size()];
    for (int k = 0; k < kept.length; k++) {
      kept[k] = new KeptValues(registered.get(k), n);
    }
    // Two ints a row are all that is kept; reasons' bit ADULT marks adults until the cuts and floors are done.
    int[] reasons = new int[n];
    int[] predictor = new int[n];
    // Practice ordinals only when a floor or cut is per practice (2 bytes a row otherwise wasted).
    short[] practice = needsPractice(policy) ? new short[n] : null;
    List<Rule> footprintCuts = new ArrayList<>();
    for (Rule rule : policy.rules()) {
      if (rule.kind() == Rule.Kind.TOP_PERCENT && rule.scope() == Rule.Scope.FOOTPRINT) {
        footprintCuts.add(rule);
      }
    }
    int[][] high = new int[2][]; // high-bits histograms of the adults and of everyone, when a cut needs them
    for (Rule rule : footprintCuts) {
      high[rule.eligible() == Rule.Eligible.ADULTS ? 0 : 1] = new int[FootprintCuts.BUCKETS];
    }
    scoreAndEvaluate(store, policy, scorer, predictor, kept, reasons, practice, high, rowsScored);
    TopKSelection.TieKeys keys = row -> store.patientKey(row);
    FootprintCuts.apply(footprintCuts, predictor, high[0], high[1], keys, reasons);

    // Cuts per hub or per practice: a radix select each. Practice ordinals widened once, only when needed.
    int[] practiceScope = null;
    byte[] adults = null;
    byte[] everyone = null;
    for (Rule rule : policy.rules()) {
      if (rule.kind() != Rule.Kind.TOP_PERCENT || rule.scope() == Rule.Scope.FOOTPRINT) {
        continue;
      }
      int[] scope;
      int scopes;
      if (rule.scope() == Rule.Scope.PRACTICE) {
        practiceScope = practiceScope == null ? widen(practice) : practiceScope;
        scope = practiceScope;
        scopes = store.practices().size();
      } else {
        if (hubOfRow == null) {
          throw new IllegalArgumentException("rule " + rule.name() + " is scoped to hubs: hubs are needed");
        }
        scope = hubOfRow;
        scopes = hubCount;
      }
      byte[] eligible;
      if (rule.eligible() == Rule.Eligible.ADULTS) {
        adults = adults == null ? adults(reasons) : adults;
        eligible = adults;
      } else {
        everyone = everyone == null ? filled(n) : everyone;
        eligible = everyone;
      }
      long[] eligibleCount = new long[scopes];
      for (int i = 0; i < n; i++) {
        int s = scope[i];
        if (s >= 0 && eligible[i] != 0) {
          eligibleCount[s]++;
        }
      }
      long[] k = new long[scopes];
      for (int s = 0; s < scopes; s++) {
        k[s] = rule.selectCount(eligibleCount[s]);
      }
      TopKSelection.select(predictor, scope, eligible, eligibleCount, k, keys, reasons, rule.index());
    }
    practiceScope = null;
    adults = null;
    everyone = null;

    int[] ruleLevel = new int[policy.rules().size()];
    for (Rule r : policy.rules()) {
      ruleLevel[r.index()] = r.level();
    }
    for (Rule rule : policy.rules()) {
      if (rule.kind() == Rule.Kind.PRACTICE_FLOOR) {
        PracticeFloor.apply(rule, store.practices().size(), reasons, ruleLevel, practice, predictor, keys);
      }
    }
    // Clear the adult bit and count the levels, by the lowest reason bit (numberOfTrailingZeros(0) = 32:
    // no rule, level 4) in the same pass.
    final byte[] levelOf = LevelResult.levelTable(ruleLevel);
    final int slices = RowSlices.count(n);
    final long[][] counts = new long[slices][5];
    RowSlices.run(n, slices, (t, from, to) -> {
      final long[] c = counts[t];
      for (int i = from; i < to; i++) {
        final int r = reasons[i] & ~ADULT;
        reasons[i] = r;
        c[levelOf[Integer.numberOfTrailingZeros(r)]]++;
      }
    });
    long[] levelCounts = new long[5];
    for (long[] c : counts) {
      for (int l = 1; l <= 4; l++) {
        levelCounts[l] += c[l];
      }
    }
    return new LevelResult(reasons, predictor, kept, ruleLevel, levelCounts, scorer, policy.ruleNames(),
        policy.levelNames());
  }

  /** Whether a rule needs every row's practice: a practice floor, or a cut per practice. */
  private static boolean needsPractice(Policy policy) {
    for (Rule rule : policy.rules()) {
      if (rule.kind() == Rule.Kind.PRACTICE_FLOOR
          || rule.kind() == Rule.Kind.TOP_PERCENT && rule.scope() == Rule.Scope.PRACTICE) {
        return true;
      }
    }
    return false;
  }

  /**
   * One pass over the store in slices, split between the cores: score each slice, copy its predictor into
   * the whole-footprint array, evaluate every condition rule's kernel into the reason bits, and note
   * adults (bit {@link #ADULT}) and, when wanted, practices. Slices write disjoint rows, so the result does not depend on which thread took
   * which slice. Each worker compiles its own copy of the policy's kernels (they own scratch space), and
   * adds the slice's predictors to its own copy of the footprint cuts' high-bits histograms ({@code high},
   * null entries not wanted), summed into {@code high} at the end.
   */
  private static void scoreAndEvaluate(Store store, Policy policy, Scorer scorer, int[] predictor,
      KeptValues[] kept, int[] reasons, short[] practice, int[][] high, java.util.function.LongConsumer rowsScored)
      throws IOException {
    final int[] keptIndex = scorer.registered().stream().mapToInt(org.strata.score.Scores::indexOf).toArray();
    // Work units: slices of SLICE_ROWS rows within a batch, handed out in order to the workers.
    final List<BatchSlice> slices = store.slices(SLICE_ROWS);
    final int units = slices.size();
    final int workers = Workers.forItems(units);
    final int[][][] partialHigh = new int[workers][][];
    Workers.drain(workers, units, "strata-score-", w -> {
      final int[][] myHigh = new int[high.length][];
      for (int g = 0; g < high.length; g++) {
        myHigh[g] = high[g] == null ? null : new int[high[g].length];
      }
      partialHigh[w] = myHigh;
      final RowRules rowRules = new RowRules(policy, scorer, false);
      final ScoreColumns out = rowRules.scores();
      final byte[] age = rowRules.inputs().age();
      return u -> {
        final BatchSlice slice = slices.get(u);
        final int b = slice.batch();
        final int from = slice.from();
        final int rows = slice.rows();
        final int offset = (int) slice.firstRow();
        rowRules.evaluate(store, b, from, rows);
        System.arraycopy(out.riskPredictorMicro(), 0, predictor, offset, rows);
        for (int k = 0; k < kept.length; k++) {
          kept[k].put(offset, out.registered(keptIndex[k]), rows);
        }
        System.arraycopy(rowRules.reasons(), 0, reasons, offset, rows);
        if (practice != null) {
          store.readShorts(PatientColumn.PRACTICE, b, from, practice, offset, rows);
        }
        FootprintCuts.addHigh(out.riskPredictorMicro(), age, rows, myHigh[0], myHigh[1]);
        rowsScored.accept(rows);
      };
    });
    if (Thread.currentThread().isInterrupted()) { // the workers were let finish: the store stays safe to close
      throw new java.io.InterruptedIOException("interrupted while scoring");
    }
    for (int[][] mine : partialHigh) {
      for (int g = 0; g < high.length; g++) {
        for (int d = 0; high[g] != null && d < high[g].length; d++) {
          high[g][d] += mine[g][d];
        }
      }
    }
  }

  private static int[] widen(short[] a) {
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }

  /** 1 for the adults (reason bit {@link #ADULT}), for a cut per hub or practice. */
  private static byte[] adults(int[] reasons) {
    byte[] b = new byte[reasons.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (reasons[i] >>> 31);
    }
    return b;
  }

  private static byte[] filled(int n) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) 1);
    return b;
  }
}
