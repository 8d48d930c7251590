package org.strata.score;

import java.io.IOException;
import java.util.List;
import org.strata.store.Store;

/**
 * Scores a store batch by batch: reads the input columns ({@link ScoreBatch}), runs the frailty,
 * multimorbidity and admission-risk kernels in that order (risk reads the first two), and hands each
 * batch's {@link ScoreColumns} to the caller, or gathers them for the whole store.
 *
 * <pre>{@code
 * Scorer scorer = Scorer.create(RiskModel.illustrative());
 * try (Store store = Store.open(dir)) {
 *   scorer.score(store, (batch, firstRow, in, out) -> histogram.add(out.riskPredictorMicro(), out.rowCount()));
 *   ScoreColumns all = scorer.scoreAll(store);   // or one array per score, row = store row
 * }
 * }</pre>
 *
 * A scorer holds no per-run state and may be shared between threads; the arrays it hands out are the
 * caller's.
 */
public final class Scorer {
  private final CambridgeWeights weights;
  private final MultimorbidityKernel multimorbidity;
  private final AdmissionRiskKernel risk;
  private final List<Score> registered;
  private final int[] registeredIndex;

  /** Receives each scored batch; {@code in} and {@code out} are reused for the next batch. */
  @FunctionalInterface
  public interface BatchConsumer {
    void accept(int batch, long firstRow, ScoreBatch in, ScoreColumns out) throws IOException;
  }

  public Scorer(RiskModel model, CambridgeWeights weights) {
    this(model, weights, List.of());
  }

  /** A scorer that also computes {@code registered} scores of the registry ({@link Scores}). */
  public Scorer(RiskModel model, CambridgeWeights weights, List<Score> registered) {
    this.weights = weights;
    this.multimorbidity = new MultimorbidityKernel(weights);
    this.risk = new AdmissionRiskKernel(model, weights);
    this.registered = List.copyOf(registered);
    this.registeredIndex = registered.stream().mapToInt(Scores::indexOf).toArray();
  }

  /** The registered scores this scorer computes, besides the built-in four. */
  public List<Score> registered() {
    return registered;
  }

  /** A scorer with the published general Cambridge weights. */
  public static Scorer create(RiskModel model) {
    return new Scorer(model, CambridgeWeights.general());
  }

  public RiskModel model() {
    return risk.model();
  }

  public CambridgeWeights weights() {
    return weights;
  }

  /** Scores the rows of {@code in} into {@code out} (and sets its row count). */
  public void score(ScoreBatch in, ScoreColumns out) {
    score(in, out, true);
  }

  /**
   * As {@link #score(ScoreBatch, ScoreColumns)} but for the probability: {@code out.riskX1e6()} is left as it
   * was. For a caller that reads only the predictor (the footprint cuts rank by it) and looks probabilities up
   * later from the kept predictors, which is a table look-up a row it need not pay twice.
   */
  public void scoreWithoutProbability(ScoreBatch in, ScoreColumns out) {
    score(in, out, false);
  }

  private void score(ScoreBatch in, ScoreColumns out, boolean probability) {
    out.rowCount(in.rowCount());
    FrailtyKernel.score(in, out);
    multimorbidity.score(in, out);
    if (probability) {
      risk.score(in, out);
    } else {
      risk.predictors(in, out.efiCategory(), out.cmsX100(), out.riskPredictorMicro());
    }
    for (int k = 0; k < registeredIndex.length; k++) {
      registered.get(k).score(in, out.registered(registeredIndex[k]));
    }
  }

  /**
   * Scores the rows of {@code in} into {@code out} when their risk predictors are already known ({@code
   * predictor[from..from + rows)}, as {@link #score(ScoreBatch, ScoreColumns)} computed them for the same
   * rows): frailty and multimorbidity run again, the predictor is copied and its probability looked up.
   * The same values as {@code score}, a little cheaper; it lets a stratification keep only the predictor of
   * every row and hand its consumers the other scores batch by batch.
   */
  public void score(ScoreBatch in, int[] predictor, int from, ScoreColumns out) {
    final int rows = in.rowCount();
    out.rowCount(rows);
    FrailtyKernel.score(in, out);
    multimorbidity.score(in, out);
    System.arraycopy(predictor, from, out.riskPredictorMicro(), 0, rows);
    AdmissionRiskKernel.probabilitiesX1e6(out.riskPredictorMicro(), rows, out.riskX1e6());
  }

  /** Scores every batch of {@code store} in order, handing each to {@code consumer}. */
  public void score(Store store, BatchConsumer consumer) throws IOException {
    ScoreBatch in = ScoreBatch.forStore(store);
    ScoreColumns out = new ScoreColumns(in.capacity());
    for (int b = 0; b < store.batchCount(); b++) {
      in.read(store, b);
      score(in, out);
      consumer.accept(b, store.batchFirstRow(b), in, out);
    }
  }

  /**
   * Scores the whole store into one array per score (14 bytes a row: about 0.9 GB at 63M patients, so
   * large footprints should consume batches with {@link #score(Store, BatchConsumer)} instead).
   */
  public ScoreColumns scoreAll(Store store) throws IOException {
    long rows = store.rowCount();
    if (rows > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("store has " + rows + " rows, more than one array holds");
    }
    ScoreColumns all = new ScoreColumns((int) rows);
    all.rowCount((int) rows);
    score(store, (b, firstRow, in, out) -> all.copyFrom(out, (int) firstRow));
    return all;
  }
}
