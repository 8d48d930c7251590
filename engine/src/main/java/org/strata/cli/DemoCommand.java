package org.strata.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.strata.datasets.GenerationSummary;
import org.strata.history.History;
import org.strata.ingest.IngestRequest;
import org.strata.ingest.IngestResult;
import org.strata.run.ResultsDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strata demo}: the nightly batch on a synthetic 150,000-patient footprint — generate, ingest,
 * stratify and roll up — printing what each step did and where the files are.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the nightly batch on a synthetic 150,000-patient footprint.",
      "Generates the demo footprint (seed 2016), ingests it into a store, stratifies it with the "
          + "default policy and hubs formed from practice locations, and prints the footprint and hub "
          + "tables."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", defaultValue = "demo", description = "Directory for the demo (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--patients", defaultValue = "150000", description = "Footprint size (default: ${DEFAULT-VALUE}).")
  long patients;

  @Option(names = "--seed", defaultValue = "2016", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--quiet", description = "No progress bars.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    Path input = out.resolve("input");
    Path store = out.resolve("store");
    System.out.println("== 1. Synthetic footprint: " + String.format(java.util.Locale.ROOT, "%,d", patients)
        + " patients, seed " + seed);
    GenerationSummary summary = GenerateCommand.generate(patients, seed, 0, null, input, true, quiet);
    System.out.print(summary.toText());
    System.out.println();
    System.out.println("== 2. Nightly ingest into the store");
    IngestResult r = IngestCommand.ingest(input.resolve("patients.csv"), input.resolve("practices.csv"), store,
        "nhs-number", null, IngestRequest.DEFAULT_MAX_REJECT_RATE, false, quiet);
    System.out.print(IngestCommand.summary(r));
    System.out.println();
    System.out.println("== 3. Stratify: the default policy, hubs formed from practice locations");
    Path results = out.resolve("results");
    System.out.print(RunCommand.report(RunCommand.run(store, null, results, true, 5, ResultsDirectory.DEFAULT_KEEP_RUNS,
        History.DEFAULT_KEEP_RUNS, null)));
    System.out.println();
    System.out.println("Input files:  " + input.toAbsolutePath().normalize());
    System.out.println("Store:        " + store.toAbsolutePath().normalize());
    System.out.println("Results:      " + results.toAbsolutePath().normalize().resolve("latest"));
    System.out.println("Try:          ./strata lookup --store " + store + " --results " + results
        + " <an NHS number from the input>");
    return 0;
  }
}
