package org.strata.score;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.strata.format.PatientColumn;
import org.strata.store.Store;

/**
 * Fits the 20 coefficients of the admission {@link RiskModel} to a store by maximum likelihood: a logistic
 * regression of "at least one emergency admission in the next 12 months" ({@link #OUTCOME} {@code >= 1})
 * on exactly the features {@link AdmissionRiskKernel} scores ({@link RiskFeatures}). Rows whose outcome is
 * not recorded (-1) are skipped and counted.
 *
 * <p><b>Method.</b> Newton–Raphson (iteratively reweighted least squares) from the intercept-only model.
 * Each step streams the store batch by batch, so memory is O(batch), not O(patients): per row the
 * probability {@code p}, the gradient {@code (y − p) x} and the Hessian {@code p(1 − p) x xᵀ} (20×20 doubles,
 * only a row's non-zero features touched) are added up; then {@code H δ = g} is solved by Cholesky. A ridge of
 * {@value #RIDGE} on every coefficient but the intercept keeps the Hessian positive definite when a feature
 * is absent (its coefficient stays 0) and bounds it under separation. The fit stops when the largest
 * {@code |δ|} is below {@value #TOLERANCE} or after {@value #MAX_ITERATIONS} steps; a step that lowers the
 * likelihood (by more than summation rounding, {@link #slack}) is halved until it does not, so the reported
 * log-likelihoods never fall. Standard errors are the square roots of the diagonal of the inverse Hessian at
 * the last step. On the 1,000,000-patient reference footprint the fit takes 9 steps and about 2 s; at
 * 10,000,000, 8 steps and about 9 s (one pass over the store a step, plus one to count and one to report).
 *
 * <p><b>Determinism.</b> Sums are doubles added in a fixed order: rows in store order into partial sums of
 * {@value #BLOCK_ROWS} consecutive store rows (blocks by row number, not by record batch, so the batch layout
 * does not change a bit), blocks added in order; exponentials and logarithms are {@link StrictMath}. The same
 * store gives the same coefficients on every JDK.
 *
 * <p><b>Report.</b> A last pass scores every used row with the fitted model (coefficients rounded to 6
 * decimals, as {@link FitReport#toYaml()} writes them) and with the comparison model through {@link
 * AdmissionRiskKernel}, and histograms each integer predictor by event / non-event. The c-statistic is then
 * exact (ties count half) from the histogram's distinct values in order, never a sort of the population;
 * calibration deciles come from the same histogram.
 *
 * <pre>{@code
 * try (Store store = Store.open(Path.of("store"))) {
 *   FitReport r = RiskModelFitter.fit(store, RiskModel.illustrative());
 *   System.out.print(r.toText());
 *   RiskModel mine = r.fitted();
 * }
 * }</pre>
 */
public final class RiskModelFitter {
  /** The outcome column fitted. */
  public static final String OUTCOME = PatientColumn.EMERGENCY_ADMISSIONS_NEXT_12M.storedName();
  /** Most Newton steps. */
  public static final int MAX_ITERATIONS = 25;
  /** Converged when every coefficient moves less than this (logits) in a step. */
  public static final double TOLERANCE = 1e-7;
  /** Ridge added to the Hessian's diagonal (and as a penalty to the likelihood), except for the intercept. */
  public static final double RIDGE = 1e-6;
  /** Rows per partial sum: the fixed summation order. */
  static final int BLOCK_ROWS = 4096;
  /** Most halvings of a step that lowered the likelihood. */
  static final int MAX_HALVINGS = 40;

  private static final int P = RiskFeatures.COUNT;

  /** Reads the outcome of one batch: at least 1 event, 0 none, negative not recorded. */
  @FunctionalInterface
  interface Outcomes {
    void read(Store store, int batch, byte[] dst);
  }

  /** The stored outcome column. */
  static final Outcomes STORED = (store, batch, dst) ->
      store.readBytes(PatientColumn.EMERGENCY_ADMISSIONS_NEXT_12M, batch, 0, dst, 0, store.batchRows(batch));

  private RiskModelFitter() {}

  /**
   * Fits the model to the store's {@link #OUTCOME} and compares it with {@code comparison} (e.g. the
   * policy's model).
   *
   * @throws IllegalArgumentException when no row records the outcome, all recorded outcomes are the same,
   *     or the fitted coefficients leave the range a {@link RiskModel} accepts (separation)
   */
  public static FitReport fit(Store store, RiskModel comparison) {
    return fit(store, comparison, step -> { });
  }

  /** As {@link #fit(Store, RiskModel)}, telling {@code newtonSteps} each Newton step done (1, 2, …). */
  public static FitReport fit(Store store, RiskModel comparison, java.util.function.IntConsumer newtonSteps) {
    return fit(store, STORED, comparison, CambridgeWeights.general(), newtonSteps);
  }

  /** Fits against outcomes from {@code outcomes} instead of the stored column (tests simulate them). */
  static FitReport fit(Store store, Outcomes outcomes, RiskModel comparison, CambridgeWeights weights) {
    return fit(store, outcomes, comparison, weights, step -> { });
  }

  private static FitReport fit(Store store, Outcomes outcomes, RiskModel comparison, CambridgeWeights weights,
      java.util.function.IntConsumer newtonSteps) {
    final String source = store.directory().getFileName().toString();
    Pass pass = new Pass(store, outcomes, weights);
    long[] counts = pass.countOutcomes();
    final long used = counts[0];
    final long skipped = counts[1];
    final long events = counts[2];
    if (used == 0) {
      throw new IllegalArgumentException(
          "no row of " + source + " records " + OUTCOME + " (" + skipped + " rows, all not recorded): nothing to fit");
    }
    if (events == 0 || events == used) {
      throw new IllegalArgumentException("all " + used + " patients of " + source + " with " + OUTCOME
          + " recorded have " + (events == 0 ? "no" : "an") + " event: a logistic model cannot be fitted");
    }
    final double nonEvents = used - events;
    final double nullLogLikelihood = events * Math.log(events / (double) used) + nonEvents * Math.log(nonEvents / used);

    double[] beta = new double[P];
    beta[0] = Math.log(events / nonEvents);
    double[] previous = null;
    double previousLl = Double.NEGATIVE_INFINITY;
    double[] history = new double[MAX_ITERATIONS];
    double[] hessianForErrors = null;
    int iterations = 0;
    boolean converged = false;
    while (iterations < MAX_ITERATIONS) {
      double ll = pass.run(beta);
      for (int h = 0; previous != null && ll < previousLl - slack(previousLl) && h < MAX_HALVINGS; h++) {
        for (int k = 0; k < P; k++) {
          beta[k] = previous[k] + (beta[k] - previous[k]) / 2; // back along the step until it pays
        }
        ll = pass.run(beta);
      }
      history[iterations] = pass.logLikelihood;
      double[] h = pass.hessian.clone();
      double[] step = pass.gradient.clone();
      if (!cholesky(h, P)) {
        throw new IllegalStateException("the Hessian is not positive definite at step " + (iterations + 1)
            + " (a feature may be collinear with others): " + Arrays.toString(beta));
      }
      solve(h, P, step);
      hessianForErrors = h;
      previous = beta.clone();
      previousLl = ll;
      double maxStep = 0;
      for (int k = 0; k < P; k++) {
        beta[k] += step[k];
        maxStep = Math.max(maxStep, Math.abs(step[k]));
      }
      iterations++;
      newtonSteps.accept(iterations);
      if (!(maxStep >= TOLERANCE)) { // NaN stops too
        converged = maxStep < TOLERANCE;
        break;
      }
    }
    long[] featureRows = pass.featureRows.clone();
    double[] standardErrors = new double[P];
    double[] inverse = invertFromCholesky(hessianForErrors, P);
    for (int k = 0; k < P; k++) {
      standardErrors[k] = Math.sqrt(inverse[k * P + k]);
    }

    double[] rounded = new double[P];
    for (int k = 0; k < P; k++) {
      rounded[k] = Double.parseDouble(FitReport.decimal6(beta[k]));
    }
    RiskModel unlabelled = model("fitted by strata fit on " + source, rounded, beta);
    Histograms hist = pass.histograms(unlabelled, comparison);
    double c = hist.fitted.cStatistic();
    RiskModel fitted = RiskModel.of(String.format(Locale.ROOT, "fitted by strata fit on %s, %,d patients, c-statistic %.4f",
        source, used, c), rounded);
    double[] ll = Arrays.copyOf(history, iterations);
    return new FitReport(source, OUTCOME, store.rowCount(), used, skipped, events, fitted, standardErrors,
        featureRows, iterations, converged, ll, nullLogLikelihood, c,
        hist.fitted.riskSumX1e6() / (double) used, hist.fitted.deciles(), comparison,
        hist.comparison.cStatistic(), hist.comparison.riskSumX1e6() / (double) used);
  }

  /**
   * How far a log-likelihood may fall before a step is halved: summation rounding (about 1e-14 of its size
   * here), not a real decrease, which Newton steps near the optimum cannot tell apart.
   */
  static double slack(double logLikelihood) {
    return 1e-12 * Math.max(1, Math.abs(logLikelihood));
  }

  private static RiskModel model(String label, double[] rounded, double[] beta) {
    try {
      return RiskModel.of(label, rounded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the fit did not reach usable coefficients (a feature may separate the"
          + " outcome perfectly): " + e.getMessage() + "; estimates " + Arrays.toString(beta), e);
    }
  }

  /** The fitted and comparison models' predictor histograms over the used rows. */
  private record Histograms(PredictorHistogram fitted, PredictorHistogram comparison) {}

  /** One streaming pass's buffers and sums. */
  private static final class Pass {
    private final Store store;
    private final Outcomes outcomes;
    private final CambridgeWeights weights;
    private final MultimorbidityKernel multimorbidity;
    private final ScoreBatch in;
    private final ScoreColumns scores;
    private final byte[] outcome;
    private final int[] index;
    private final int[] value;
    private final double[] x;
    private final byte[] count;
    private final double[] blockGradient = new double[P];
    private final double[] blockHessian = new double[P * P]; // upper triangle, row-major
    private double blockLogLikelihood;
    final double[] gradient = new double[P]; // of the penalised log-likelihood
    final double[] hessian = new double[P * P]; // negative Hessian of the penalised log-likelihood, full
    final long[] featureRows = new long[P];
    double logLikelihood; // unpenalised

    Pass(Store store, Outcomes outcomes, CambridgeWeights weights) {
      this.store = store;
      this.outcomes = outcomes;
      this.weights = weights;
      this.multimorbidity = new MultimorbidityKernel(weights);
      this.in = ScoreBatch.forStore(store);
      int capacity = in.capacity();
      this.scores = new ScoreColumns(capacity);
      this.outcome = new byte[capacity];
      this.index = new int[capacity * RiskFeatures.MAX_NONZERO];
      this.value = new int[capacity * RiskFeatures.MAX_NONZERO];
      this.x = new double[capacity * RiskFeatures.MAX_NONZERO];
      this.count = new byte[capacity];
    }

    /** {used, skipped, events}: one read of the outcome column. */
    long[] countOutcomes() {
      long used = 0;
      long skipped = 0;
      long events = 0;
      for (int b = 0; b < store.batchCount(); b++) {
        final int rows = store.batchRows(b);
        outcomes.read(store, b, outcome);
        for (int i = 0; i < rows; i++) {
          final int y = outcome[i];
          used += y >= 0 ? 1 : 0;
          events += y >= 1 ? 1 : 0;
        }
        skipped += rows;
      }
      return new long[] {used, skipped - used, events};
    }

    /** Reads batch {@code b}: inputs, outcome, frailty and CMS scores; returns its row count. */
    private int load(int b) {
      in.read(store, b);
      outcomes.read(store, b, outcome);
      scores.rowCount(in.rowCount());
      FrailtyKernel.score(in, scores);
      multimorbidity.score(in, scores);
      return in.rowCount();
    }

    /**
     * Log-likelihood, gradient and Hessian at {@code beta}, each summed in the fixed block order; leaves them
     * in the fields (gradient and Hessian penalised by the ridge) and returns the penalised log-likelihood.
     */
    double run(double[] beta) {
      Arrays.fill(gradient, 0);
      Arrays.fill(hessian, 0);
      Arrays.fill(featureRows, 0);
      logLikelihood = 0;
      clearBlock();
      for (int b = 0; b < store.batchCount(); b++) {
        final int rows = load(b);
        RiskFeatures.sparse(in, scores.efiCategory(), scores.cmsX100(), index, value, count);
        final long first = store.batchFirstRow(b);
        for (int i = 0; i < rows; ) {
          final int toBoundary = (int) (BLOCK_ROWS - (first + i) % BLOCK_ROWS);
          final int end = Math.min(rows, i + toBoundary);
          accumulate(beta, i, end);
          if ((first + end) % BLOCK_ROWS == 0) {
            flushBlock();
          }
          i = end;
        }
      }
      flushBlock();
      // mirror the upper triangle; the ridge: penalty RIDGE/2 × Σβ² over all but the intercept
      double penalty = 0;
      for (int a = 0; a < P; a++) {
        for (int c = 0; c < a; c++) {
          hessian[a * P + c] = hessian[c * P + a];
        }
        if (a > 0) {
          hessian[a * P + a] += RIDGE;
          gradient[a] -= RIDGE * beta[a];
          penalty += RIDGE / 2 * beta[a] * beta[a];
        }
      }
      return logLikelihood - penalty;
    }

    /** Rows {@code from..to} of the loaded batch into the block sums. */
    private void accumulate(double[] beta, int from, int to) {
      final int[] index = this.index;
      final int[] value = this.value;
      final double[] x = this.x;
      final byte[] count = this.count;
      final byte[] outcome = this.outcome;
      final double[] unit = RiskFeatures.UNIT;
      final double[] g = blockGradient;
      final double[] h = blockHessian;
      final long[] support = featureRows;
      double ll = blockLogLikelihood;
      for (int i = from; i < to; i++) {
        final int y = outcome[i];
        if (y < 0) {
          continue; // not recorded: counted in countOutcomes
        }
        final int base = i * RiskFeatures.MAX_NONZERO;
        final int k = count[i];
        double eta = 0;
        for (int j = base; j < base + k; j++) {
          final double xj = value[j] * unit[index[j]];
          x[j] = xj;
          eta += beta[index[j]] * xj;
        }
        final double t = StrictMath.exp(-Math.abs(eta)); // in (0, 1]: no overflow either side
        final double onePlusT = 1 + t;
        final double p = eta >= 0 ? 1 / onePlusT : t / onePlusT;
        final double w = t / (onePlusT * onePlusT); // p(1 − p) without cancellation
        final boolean event = y >= 1;
        final double r = (event ? 1.0 : 0.0) - p;
        ll -= StrictMath.log1p(t) + (event ? Math.max(0, -eta) : Math.max(0, eta));
        for (int a = base; a < base + k; a++) {
          final int ia = index[a];
          final double xa = x[a];
          support[ia]++;
          g[ia] += r * xa;
          final double wa = w * xa;
          final int row = ia * P;
          for (int c = a; c < base + k; c++) {
            h[row + index[c]] += wa * x[c]; // indices rise within a row: upper triangle
          }
        }
      }
      blockLogLikelihood = ll;
    }

    private void flushBlock() {
      for (int k = 0; k < P; k++) {
        gradient[k] += blockGradient[k];
      }
      for (int k = 0; k < P * P; k++) {
        hessian[k] += blockHessian[k];
      }
      logLikelihood += blockLogLikelihood;
      clearBlock();
    }

    private void clearBlock() {
      Arrays.fill(blockGradient, 0);
      Arrays.fill(blockHessian, 0);
      blockLogLikelihood = 0;
    }

    /** Histograms of both models' fixed-point predictors over the used rows, by event. */
    Histograms histograms(RiskModel fitted, RiskModel comparison) {
      AdmissionRiskKernel f = kernel(fitted);
      AdmissionRiskKernel c = new AdmissionRiskKernel(comparison, weights);
      PredictorHistogram hf = new PredictorHistogram();
      PredictorHistogram hc = new PredictorHistogram();
      int[] pf = new int[in.capacity()];
      int[] pc = new int[in.capacity()];
      for (int b = 0; b < store.batchCount(); b++) {
        final int rows = load(b);
        f.predictors(in, scores.efiCategory(), scores.cmsX100(), pf);
        c.predictors(in, scores.efiCategory(), scores.cmsX100(), pc);
        for (int i = 0; i < rows; i++) {
          final int y = outcome[i];
          if (y >= 0) {
            hf.add(pf[i], y >= 1);
            hc.add(pc[i], y >= 1);
          }
        }
      }
      return new Histograms(hf, hc);
    }

    private AdmissionRiskKernel kernel(RiskModel m) {
      try {
        return new AdmissionRiskKernel(m, weights);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the fitted coefficients cannot be scored: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Counts of patients by integer predictor value and outcome, in an open-addressing hash table: memory is
   * O(distinct values), and the c-statistic and deciles walk the distinct values in order (a sort of the
   * distinct values, never of the population).
   */
  static final class PredictorHistogram {
    private int[] keys = new int[1 << 10];
    private int[] eventCounts = new int[keys.length];
    private int[] nonEventCounts = new int[keys.length];
    private boolean[] occupied = new boolean[keys.length];
    private int distinct;
    private long events;
    private long rows;

    void add(int predictor, boolean event) {
      int slot = slot(predictor);
      if (!occupied[slot]) {
        if (2 * (distinct + 1) > keys.length) {
          grow();
          slot = slot(predictor);
        }
        occupied[slot] = true;
        keys[slot] = predictor;
        distinct++;
      }
      if (event) {
        eventCounts[slot]++;
        events++;
      } else {
        nonEventCounts[slot]++;
      }
      rows++;
    }

    /** The slot holding {@code key}, or the empty slot where it would go. */
    private int slot(int key) {
      final int mask = keys.length - 1;
      int s = (key * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(keys.length));
      while (occupied[s] && keys[s] != key) {
        s = (s + 1) & mask;
      }
      return s;
    }

    private void grow() {
      int[] k = keys;
      int[] e = eventCounts;
      int[] n = nonEventCounts;
      boolean[] o = occupied;
      keys = new int[k.length * 2];
      eventCounts = new int[keys.length];
      nonEventCounts = new int[keys.length];
      occupied = new boolean[keys.length];
      for (int i = 0; i < k.length; i++) {
        if (o[i]) {
          int s = slot(k[i]);
          occupied[s] = true;
          keys[s] = k[i];
          eventCounts[s] = e[i];
          nonEventCounts[s] = n[i];
        }
      }
    }

    long rows() {
      return rows;
    }

    long events() {
      return events;
    }

    int distinct() {
      return distinct;
    }

    /** Occupied slots in increasing predictor order: {@code (key << 32) | slot}, sorted as longs. */
    private long[] ordered() {
      long[] order = new long[distinct];
      int n = 0;
      for (int s = 0; s < keys.length; s++) {
        if (occupied[s]) {
          order[n++] = ((long) keys[s] << 32) | s;
        }
      }
      Arrays.sort(order);
      return order;
    }

    /**
     * P(an event's predictor exceeds a non-event's), ties counting half: Σ over values v of events(v) ×
     * (non-events below v + non-events(v) / 2), over events × non-events. Exact in long arithmetic; NaN when
     * either group is empty.
     */
    double cStatistic() {
      final long nonEvents = rows - events;
      if (events == 0 || nonEvents == 0) {
        return Double.NaN;
      }
      long below = 0;
      long wins2 = 0; // twice the winning pairs
      for (long o : ordered()) {
        final int s = (int) o;
        wins2 += eventCounts[s] * (2 * below + nonEventCounts[s]);
        below += nonEventCounts[s];
      }
      return wins2 / (2.0 * events * nonEvents);
    }

    /** Sum of every patient's risk ({@link AdmissionRiskKernel#probabilityX1e6} of the predictor). */
    long riskSumX1e6() {
      long sum = 0;
      for (long o : ordered()) {
        final int s = (int) o;
        sum += (long) (eventCounts[s] + nonEventCounts[s]) * AdmissionRiskKernel.probabilityX1e6(keys[s]);
      }
      return sum;
    }

    /**
     * Ten groups by decile of the predictor (so of risk): a value's patients go together to the decile that
     * holds the middle of their ranks, {@code floor(10 × (below + count / 2) / n)}.
     */
    List<FitReport.Decile> deciles() {
      long[] n = new long[10];
      long[] e = new long[10];
      long[] risk = new long[10];
      long below = 0;
      for (long o : ordered()) {
        final int s = (int) o;
        final long cnt = (long) eventCounts[s] + nonEventCounts[s];
        final int d = (int) Math.min(9, 10 * (2 * below + cnt) / (2 * rows));
        n[d] += cnt;
        e[d] += eventCounts[s];
        risk[d] += cnt * AdmissionRiskKernel.probabilityX1e6(keys[s]);
        below += cnt;
      }
      List<FitReport.Decile> out = new ArrayList<>(10);
      for (int d = 0; d < 10; d++) {
        out.add(new FitReport.Decile(d + 1, n[d], e[d], risk[d]));
      }
      return out;
    }
  }

  /** In-place Cholesky {@code A = L Lᵀ} of an n×n row-major matrix (L in the lower triangle); false if not positive definite. */
  static boolean cholesky(double[] a, int n) {
    for (int j = 0; j < n; j++) {
      double d = a[j * n + j];
      for (int k = 0; k < j; k++) {
        d -= a[j * n + k] * a[j * n + k];
      }
      if (!(d > 0)) {
        return false;
      }
      final double ljj = Math.sqrt(d);
      a[j * n + j] = ljj;
      for (int i = j + 1; i < n; i++) {
        double s = a[i * n + j];
        for (int k = 0; k < j; k++) {
          s -= a[i * n + k] * a[j * n + k];
        }
        a[i * n + j] = s / ljj;
      }
    }
    return true;
  }

  /** Solves {@code L Lᵀ x = b} in place of {@code b}, L from {@link #cholesky}. */
  static void solve(double[] l, int n, double[] b) {
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i * n + k] * b[k];
      }
      b[i] = s / l[i * n + i];
    }
    for (int i = n - 1; i >= 0; i--) {
      double s = b[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k * n + i] * b[k];
      }
      b[i] = s / l[i * n + i];
    }
  }

  /** The inverse of {@code L Lᵀ}, column by column. */
  static double[] invertFromCholesky(double[] l, int n) {
    double[] inv = new double[n * n];
    double[] e = new double[n];
    for (int j = 0; j < n; j++) {
      Arrays.fill(e, 0);
      e[j] = 1;
      solve(l, n, e);
      for (int i = 0; i < n; i++) {
        inv[i * n + j] = e[i];
      }
    }
    return inv;
  }
}
