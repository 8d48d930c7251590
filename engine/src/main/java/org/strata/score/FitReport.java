package org.strata.score;

import java.util.List;
import java.util.Locale;

/**
 * What {@link RiskModelFitter} found: the fitted {@link RiskModel} with standard errors and Wald z, how the
 * fit went, how well the model discriminates (c-statistic) and calibrates (by decile of fitted risk), and
 * the c-statistic of the model it is meant to replace, on the same patients. {@link #toText()} is the report
 * a person reads; {@link #toYaml()} is the {@code risk_model:} block to paste into a policy file. Both are
 * deterministic: no timestamps, no absolute paths, {@link Locale#ROOT} numbers.
 *
 * <pre>{@code
 * FitReport r = RiskModelFitter.fit(store, RiskModel.illustrative());
 * System.out.print(r.toText());
 * Files.writeString(Path.of("fitted.yaml"), r.toYaml());
 * }</pre>
 *
 * @param source the store generation fitted on (its directory name, e.g. {@code g000003})
 * @param outcome the outcome column; the event is a value of at least 1
 * @param rows rows in the store
 * @param used rows whose outcome is recorded (the fit's patients)
 * @param skipped rows whose outcome is not recorded, left out and counted
 * @param events used rows with the event
 * @param fitted the fitted model, coefficients rounded to 6 decimals (the kernel's resolution)
 * @param standardErrors per coefficient, {@link RiskModel#FEATURES} order, from the inverse Hessian
 * @param featureRows used rows on which each feature is non-zero (0: the coefficient is not estimable and
 *     stays at 0, held there by the ridge)
 * @param iterations Newton steps taken
 * @param converged whether the largest step fell below {@link RiskModelFitter#TOLERANCE}
 * @param logLikelihoods the log-likelihood at the start of each Newton step (non-decreasing)
 * @param nullLogLikelihood the log-likelihood of the intercept-only model (the prevalence for everyone)
 * @param cStatistic area under the ROC curve of the fitted model's fixed-point predictor, ties counted half
 * @param meanRiskX1e6 the fitted model's mean predicted risk, millionths
 * @param calibration ten groups by decile of fitted risk, lowest first
 * @param comparison the model compared against (the policy's, before fitting)
 * @param comparisonCStatistic its c-statistic on the same patients
 * @param comparisonMeanRiskX1e6 its mean predicted risk, millionths
 */
public record FitReport(
    String source,
    String outcome,
    long rows,
    long used,
    long skipped,
    long events,
    RiskModel fitted,
    double[] standardErrors,
    long[] featureRows,
    int iterations,
    boolean converged,
    double[] logLikelihoods,
    double nullLogLikelihood,
    double cStatistic,
    double meanRiskX1e6,
    List<Decile> calibration,
    RiskModel comparison,
    double comparisonCStatistic,
    double comparisonMeanRiskX1e6) {

  /**
   * One calibration group: the patients whose fitted risk falls in a decile of fitted risk. Patients who tie
   * on the predictor stay together, in the decile holding the middle of their ranks, so groups can differ a
   * little from a tenth each.
   *
   * @param decile 1 (lowest risk) … 10
   * @param rows patients in the group
   * @param events patients in the group with the event
   * @param riskSumX1e6 sum of their fitted risks, millionths
   */
  public record Decile(int decile, long rows, long events, long riskSumX1e6) {
    /** Mean fitted risk, 0–1 (0 for an empty group). */
    public double meanPredicted() {
      return rows == 0 ? 0 : riskSumX1e6 / 1e6 / rows;
    }

    /** Share with the event, 0–1 (0 for an empty group). */
    public double observedRate() {
      return rows == 0 ? 0 : events / (double) rows;
    }
  }

  /** Estimates beyond this many logits are flagged: the outcome is probably (quasi-)separated by the feature. */
  public static final double SEPARATION_LOGITS = 10;

  public FitReport {
    if (standardErrors.length != RiskModel.FEATURES.size() || featureRows.length != RiskModel.FEATURES.size()) {
      throw new IllegalArgumentException("expected " + RiskModel.FEATURES.size() + " standard errors and row counts");
    }
    standardErrors = standardErrors.clone();
    featureRows = featureRows.clone();
    logLikelihoods = logLikelihoods.clone();
    calibration = List.copyOf(calibration);
  }

  @Override
  public double[] standardErrors() {
    return standardErrors.clone();
  }

  @Override
  public long[] featureRows() {
    return featureRows.clone();
  }

  @Override
  public double[] logLikelihoods() {
    return logLikelihoods.clone();
  }

  /** Share of used rows with the event. */
  public double prevalence() {
    return used == 0 ? 0 : events / (double) used;
  }

  /** The log-likelihood of the last Newton step (at the fitted coefficients to within the tolerance). */
  public double logLikelihood() {
    return logLikelihoods.length == 0 ? Double.NaN : logLikelihoods[logLikelihoods.length - 1];
  }

  /** Wald z of coefficient {@code k}: estimate / standard error. */
  public double z(int k) {
    return fitted.coefficients()[k] / standardErrors[k];
  }

  /** The report a person reads: counts, fit, coefficients, discrimination, calibration. */
  public String toText() {
    StringBuilder s = new StringBuilder();
    s.append(f("Risk model fitted on %s: outcome %s >= 1 (logistic regression, maximum likelihood)%n", source, outcome));
    s.append(f("  patients       %,14d  (used %,d; skipped %,d: outcome not recorded)%n", rows, used, skipped));
    s.append(f("  events         %,14d  (prevalence %.3f%%)%n", events, 100 * prevalence()));
    s.append(f("  fit            %s after %d Newton step%s%n", converged ? "converged" : "NOT CONVERGED",
        iterations, iterations == 1 ? "" : "s"));
    s.append(f("  log-likelihood %,16.3f  (intercept only %,.3f; McFadden R2 %.4f)%n", logLikelihood(),
        nullLogLikelihood, nullLogLikelihood == 0 ? 0 : 1 - logLikelihood() / nullLogLikelihood));
    s.append("  by step       ");
    for (double ll : logLikelihoods) {
      s.append(f(" %.3f", ll));
    }
    s.append('\n');
    s.append('\n');
    s.append(f("  %-31s %10s %9s %9s %14s%n", "coefficient", "estimate", "std err", "z", "patients"));
    double[] c = fitted.coefficients();
    for (int k = 0; k < c.length; k++) {
      if (featureRows[k] == 0) {
        s.append(f("  %-31s %10.6f %9s %9s %,14d  not estimable: no patient has it%n", RiskModel.FEATURES.get(k),
            c[k], "-", "-", 0L));
      } else {
        s.append(f("  %-31s %10.6f %9.6f %9.2f %,14d%s%n", RiskModel.FEATURES.get(k), c[k], standardErrors[k], z(k),
            featureRows[k], Math.abs(c[k]) > SEPARATION_LOGITS ? "  check: so large an estimate suggests separation" : ""));
      }
    }
    s.append('\n');
    s.append("  discrimination (c-statistic = area under the ROC curve; ties count half)\n");
    s.append(f("    fitted model    %.4f%n", cStatistic));
    s.append(f("    compared with   %.4f  %s%n", comparisonCStatistic, comparison.label()));
    s.append(f("  mean predicted risk: fitted %.3f%%, compared model %.3f%%; observed %.3f%%%n",
        meanRiskX1e6 / 1e4, comparisonMeanRiskX1e6 / 1e4, 100 * prevalence()));
    s.append('\n');
    s.append("  calibration by decile of fitted risk\n");
    s.append(f("    %-6s %14s %14s %14s %12s%n", "decile", "patients", "mean predicted", "observed", "events"));
    for (Decile d : calibration) {
      s.append(f("    %-6d %,14d %13.3f%% %13.3f%% %,12d%n", d.decile(), d.rows(), 100 * d.meanPredicted(),
          100 * d.observedRate(), d.events()));
    }
    return s.toString();
  }

  /**
   * The fitted model as a policy file's {@code risk_model:} block (docs/POLICY.md), coefficients to 6
   * decimals: pasting it reproduces {@link #fitted()} exactly.
   */
  public String toYaml() {
    StringBuilder s = new StringBuilder();
    s.append(f("# strata fit on %s: %s, %,d patients (%,d events), c-statistic %.4f%n", source, outcome, used,
        events, cStatistic));
    s.append("risk_model:\n");
    s.append("  label: \"").append(fitted.label().replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
    s.append("  coefficients:\n");
    double[] c = fitted.coefficients();
    for (int k = 0; k < c.length; k++) {
      s.append(f("    %s: %s%n", RiskModel.FEATURES.get(k), decimal6(c[k])));
    }
    return s.toString();
  }

  /** A coefficient to 6 decimals, without a negative zero. */
  static String decimal6(double v) {
    String t = String.format(Locale.ROOT, "%.6f", v);
    return t.equals("-0.000000") ? "0.000000" : t;
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
