package org.strata.level;

import java.io.IOException;
import org.strata.ingest.PatientColumn;
import org.strata.score.ScoreColumns;
import org.strata.score.Scorer;
import org.strata.store.Store;

/**
 * Assigns every patient of a store to one level under a policy: condition rules evaluated as column
 * kernels batch by batch; top-percent cuts by {@link TopKSelection} on the fixed-point risk predictor
 * (exactly ceil(X% × eligible) per scope, ties to the lower patient key); practice floors last, promoting
 * each practice's highest-risk adults not yet at the floor's level until the floor is met. The level is
 * that of the first matching rule in priority order (lowest reason bit), level 4 when none matched.
 *
 * <pre>{@code
 * LevelResult r = LevelAssigner.assign(store, Policy.defaultPolicy(), null);
 * }</pre>
 */
public final class LevelAssigner {
  private LevelAssigner() {}

  /**
   * @param hubOfRow hub ordinal per row (unregistered placed by LSOA, -1 unplaced), needed only when a
   *     rule is scoped to hubs; null otherwise
   * @param hubCount number of hubs (ignored when {@code hubOfRow} is null)
   */
  public static LevelResult assign(Store store, Policy policy, int[] hubOfRow, int hubCount) throws IOException {
    Scorer scorer = new Scorer(policy.riskModel(), org.strata.score.CambridgeWeights.general());
    final int n = (int) store.rowCount();
    ScoreColumns scores = new ScoreColumns(n).rowCount(n);
    int[] reasons = new int[n];
    byte[] adult = new byte[n];
    short[] practice = new short[n];
    scoreAndEvaluate(store, policy, scorer, scores, reasons, adult, practice);
    int[] predictor = scores.riskPredictorMicro();
    TopKSelection.TieKeys keys = row -> store.patientKey(row);
    // practice ordinals as the int scope the selector takes: made once, only when a rule is per practice
    int[] practiceScope = policy.rules().stream().anyMatch(r -> r.scope() == Rule.Scope.PRACTICE)
        ? widen(practice) : null;
    for (Rule rule : policy.rules()) {
      if (rule.kind() != Rule.Kind.TOP_PERCENT) {
        continue;
      }
      byte[] eligible = rule.eligible() == Rule.Eligible.ADULTS ? adult : filled(n);
      int[] scope;
      int scopes;
      switch (rule.scope()) {
        case FOOTPRINT -> {
          scope = null;
          scopes = 1;
        }
        case PRACTICE -> {
          scope = practiceScope;
          scopes = store.practices().size();
        }
        case HUB -> {
          if (hubOfRow == null) {
            throw new IllegalArgumentException("rule " + rule.name() + " is scoped to hubs: hubs are needed");
          }
          scope = hubOfRow;
          scopes = hubCount;
        }
        default -> throw new IllegalStateException(rule.scope().toString());
      }
      long[] eligibleCount = new long[scopes];
      for (int i = 0; i < n; i++) {
        int s = scope == null ? 0 : scope[i];
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

    int[] ruleLevel = new int[policy.rules().size()];
    for (Rule r : policy.rules()) {
      ruleLevel[r.index()] = r.level();
    }
    for (Rule rule : policy.rules()) {
      if (rule.kind() == Rule.Kind.PRACTICE_FLOOR) {
        applyFloor(store, rule, reasons, ruleLevel, adult, practice, practiceScope, predictor, keys);
      }
    }
    byte[] level = new byte[n];
    byte[] deciding = new byte[n];
    for (int i = 0; i < n; i++) {
      int r = reasons[i];
      int first = Integer.numberOfTrailingZeros(r); // 32 when no rule matched
      deciding[i] = (byte) (r == 0 ? -1 : first);
      level[i] = (byte) (r == 0 ? 4 : ruleLevel[first]);
    }
    return new LevelResult(level, deciding, reasons, scores, policy.ruleNames(), policy.levelNames());
  }

  /**
   * One pass over the batches, split between the cores: score each batch, copy its scores into the
   * whole-footprint arrays, evaluate every condition rule's kernel into the reason bits, and note adults
   * and practices. Batches write disjoint slices, so the result does not depend on which thread took
   * which batch. Each worker compiles its own copy of the policy's kernels (they own scratch space).
   */
  private static void scoreAndEvaluate(Store store, Policy policy, Scorer scorer, ScoreColumns scores,
      int[] reasons, byte[] adult, short[] practice) throws IOException {
    final int batches = store.batchCount();
    final int workers = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), batches));
    final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    java.util.List<Thread> threads = new java.util.ArrayList<>();
    final Throwable[] failure = new Throwable[1];
    for (int w = 0; w < workers; w++) {
      final java.util.List<MaskKernel> kernels = w == 0 ? policy.kernels() : PolicyParser.recompileKernels(policy);
      Runnable work = () -> {
        try {
          int capacity = Math.max(1, store.maxBatchRows());
          org.strata.score.ScoreBatch in = new org.strata.score.ScoreBatch(capacity);
          ScoreColumns out = new ScoreColumns(capacity);
          RuleInputs inputs = new RuleInputs(policy.columns(), capacity);
          byte[] mask = new byte[capacity];
          byte[] age = new byte[capacity];
          for (MaskKernel k : kernels) {
            if (k != null) {
              k.allocate(capacity);
            }
          }
          int b;
          while ((b = next.getAndIncrement()) < batches) {
            final int rows = store.batchRows(b);
            final int offset = (int) store.batchFirstRow(b);
            in.read(store, b);
            scorer.score(in, out);
            System.arraycopy(out.efiCategory(), 0, scores.efiCategory(), offset, rows);
            System.arraycopy(out.ltcCount(), 0, scores.ltcCount(), offset, rows);
            System.arraycopy(out.cmsX100(), 0, scores.cmsX100(), offset, rows);
            System.arraycopy(out.riskPredictorMicro(), 0, scores.riskPredictorMicro(), offset, rows);
            System.arraycopy(out.riskX1e6(), 0, scores.riskX1e6(), offset, rows);
            inputs.load(store, b, scores, offset);
            for (Rule rule : policy.rules()) {
              MaskKernel kernel = kernels.get(rule.index());
              if (kernel == null) {
                continue;
              }
              kernel.eval(inputs, rows, mask);
              final int bit = rule.index();
              for (int i = 0; i < rows; i++) {
                reasons[offset + i] |= mask[i] << bit;
              }
            }
            store.readBytes(PatientColumn.AGE, b, 0, age, 0, rows);
            store.readShorts(PatientColumn.PRACTICE, b, 0, practice, offset, rows);
            for (int i = 0; i < rows; i++) {
              adult[offset + i] = (byte) (age[i] >= 18 ? 1 : 0);
            }
          }
        } catch (Throwable t) {
          synchronized (failure) {
            failure[0] = t;
          }
        }
      };
      Thread t = new Thread(work, "strata-score-" + w);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while scoring");
      }
    }
    if (failure[0] instanceof RuntimeException re) {
      throw re;
    }
    if (failure[0] instanceof Error err) {
      throw err;
    }
    if (failure[0] != null) {
      throw new IOException("scoring failed: " + failure[0], failure[0]);
    }
  }

  /**
   * The floor: in each practice, adults at the floor's level or higher must be at least the floor's
   * share of its adults; the highest-risk adults below that level are promoted to make up the difference.
   */
  private static void applyFloor(Store store, Rule rule, int[] reasons, int[] ruleLevel, byte[] adult,
      short[] practice, int[] practiceScope, int[] predictor, TopKSelection.TieKeys keys) {
    final int n = reasons.length;
    final int practices = store.practices().size();
    final int floorLevel = rule.level();
    long[] eligibleAdults = new long[practices];
    long[] atLevel = new long[practices];
    byte[] candidate = new byte[n];
    for (int i = 0; i < n; i++) {
      int p = practice[i];
      if (p < 0 || (rule.eligible() == Rule.Eligible.ADULTS && adult[i] == 0)) {
        continue;
      }
      eligibleAdults[p]++;
      int r = reasons[i];
      int level = r == 0 ? 4 : ruleLevel[Integer.numberOfTrailingZeros(r)];
      if (level <= floorLevel) {
        atLevel[p]++;
      } else {
        candidate[i] = 1;
      }
    }
    long[] k = new long[practices];
    for (int p = 0; p < practices; p++) {
      k[p] = Math.max(0, rule.selectCount(eligibleAdults[p]) - atLevel[p]);
    }
    long[] candidates = new long[practices];
    for (int p = 0; p < practices; p++) {
      candidates[p] = eligibleAdults[p] - atLevel[p];
    }
    TopKSelection.select(predictor, practiceScope, candidate, candidates, k, keys, reasons, rule.index());
  }

  private static int[] widen(short[] a) {
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }

  private static byte[] filled(int n) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) 1);
    return b;
  }
}
