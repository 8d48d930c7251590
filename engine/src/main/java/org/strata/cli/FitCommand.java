package org.strata.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.strata.level.Policy;
import org.strata.score.FitReport;
import org.strata.score.RiskModel;
import org.strata.score.RiskModelFitter;
import org.strata.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strata fit}: fits the emergency-admission risk model's coefficients to a store's recorded outcome
 * and prints the report ({@link FitReport#toText()}); {@code --yaml} writes the {@code risk_model:} block for
 * a policy file. Public so that tests outside this package can run it; register it in {@link StrataCommand}.
 *
 * <pre>{@code
 * strata fit --store store/ --outcome emergency_admissions_next_12m --policy my-policy.yaml --yaml fitted.yaml
 * }</pre>
 */
@Command(
    name = "fit",
    mixinStandardHelpOptions = true,
    description = {
      "Fits the admission risk model's coefficients to a store's recorded outcome.",
      "Logistic regression by maximum likelihood (Newton-Raphson, streamed batch by batch) of 'at "
          + "least one emergency admission in the next 12 months' on the 20 features the risk kernel scores; "
          + "rows whose outcome is not recorded are skipped and counted. Prints coefficients with standard "
          + "errors and Wald z, the c-statistic, calibration by decile of fitted risk, and the c-statistic "
          + "of the policy's model (default: the shipped illustrative one) on the same patients. --yaml "
          + "writes the fitted risk_model block to paste into a policy file (docs/POLICY.md). Exit 2 when "
          + "the store does not record the outcome."
    })
final class FitCommand implements Callable<Integer> {
  @Option(names = "--store", required = true, paramLabel = "DIR", description = "Store directory.")
  Path store;

  @Option(names = "--outcome", defaultValue = "emergency_admissions_next_12m", paramLabel = "NAME",
      description = "Outcome column; only ${DEFAULT-VALUE} is supported (event: 1 or more).")
  String outcome;

  @Option(names = "--policy", paramLabel = "FILE",
      description = "Policy whose risk model the fit is compared with (default: the illustrative model).")
  Path policy;

  @Option(names = "--yaml", paramLabel = "FILE", description = "Write the fitted risk_model block to this file.")
  Path yaml;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    if (!RiskModelFitter.OUTCOME.equals(outcome)) {
      throw new BadInputException("--outcome '" + outcome + "' is not supported: only " + RiskModelFitter.OUTCOME);
    }
    RiskModel comparison = comparisonModel();
    long start = System.nanoTime();
    FitReport report;
    try (Store s = Store.open(store)) {
      if (!s.manifest().ingest().hasOutcome()) {
        throw new BadInputException(store + " (" + s.directory().getFileName() + ") does not record "
            + RiskModelFitter.OUTCOME + ": ingest an extract with that column to fit on");
      }
      try {
        try (TerminalProgress bar = TerminalProgress.start("fit", RiskModelFitter.MAX_ITERATIONS, " Newton steps", 1,
            quiet)) {
          report = RiskModelFitter.fit(s, comparison, bar::stepTo);
          bar.stepTo(RiskModelFitter.MAX_ITERATIONS); // converged: the rest are not needed
        }
      } catch (IllegalArgumentException e) {
        throw new BadInputException(store + ": " + e.getMessage(), e);
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    System.out.print(report.toText());
    if (!report.converged()) {
      System.err.println("strata: warning: the fit did not converge in " + RiskModelFitter.MAX_ITERATIONS
          + " Newton steps; the coefficients are the last step's");
    }
    if (yaml != null) {
      Files.writeString(yaml, report.toYaml(), StandardCharsets.UTF_8);
      System.out.println();
      System.out.println("  risk_model block written to " + yaml);
    }
    System.out.printf(Locale.ROOT, "  time %.2f s%n", secs);
    return 0;
  }

  private RiskModel comparisonModel() throws IOException {
    if (policy == null) {
      return RiskModel.illustrative();
    }
    return Policy.load(policy).riskModel(); // a PolicyException names file and line, and exits 2
  }
}
