package org.strata.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.strata.datasets.GenerationSummary;
import org.strata.datasets.MonthlyFootprints;
import org.strata.history.History;
import org.strata.ingest.IngestRequest;
import org.strata.ingest.IngestResult;
import org.strata.run.ResultsDirectory;
import org.strata.serve.DemoService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strata demo}: the nightly batch on two months of a synthetic 150,000-patient footprint — generate,
 * ingest, stratify, roll up, and the movement between them — printing what each step did and where the files are.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the nightly batch on a synthetic 150,000-patient footprint.",
      "Generates two consecutive months of the demo footprint (seed 2016), ingests and stratifies each "
          + "into one store and one results directory with the default policy and hubs formed from practice "
          + "locations, and prints the footprint and hub tables, the movement between the months, where "
          + "the worklists are, and the command that serves the results with the demo's token."
    })
final class DemoCommand implements Callable<Integer> {
  /** The reference date of the demo's first month. */
  static final java.time.LocalDate FIRST_EXTRACT = java.time.LocalDate.of(2025, 4, 1);

  @Option(names = "--out", defaultValue = "demo", description = "Directory for the demo (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--patients", defaultValue = "150000", description = "Footprint size (default: ${DEFAULT-VALUE}).")
  long patients;

  @Option(names = "--seed", defaultValue = "2016", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--quiet", description = "No progress bars.")
  boolean quiet;

  /**
   * What a demo leaves in {@code --out}. A demo run again there starts afresh: it deletes these (but the service's
   * audit trail), so that its first month is not compared with the last demo's second. A directory holding anything
   * else is not a demo's, and is left alone.
   */
  static final java.util.Set<String> DEMO_FILES =
      java.util.Set.of("input", "store", "results", "access.yaml", "demo-token", "capacity.csv", "audit.log");

  @Override
  public Integer call() throws Exception {
    startAfresh();
    Path input = out.resolve("input");
    Path store = out.resolve("store");
    Path results = out.resolve("results");
    System.out.println("== 1. Synthetic footprint: " + String.format(java.util.Locale.ROOT, "%,d", patients)
        + " patients, seed " + seed + ", two consecutive months");
    GenerationSummary summary = GenerateCommand.generateMonths(patients, seed, 0, null, 2, input, true, quiet);
    System.out.print(summary.toText());
    System.out.println();
    for (int month = 1; month <= 2; month++) {
      Path in = MonthlyFootprints.monthDir(input, month);
      System.out.println("== " + (2 * month) + ". Month " + month + ": nightly ingest of " + in.getFileName()
          + " into the store");
      // fixed extract dates, a month apart: the movement outputs count days between them, whatever today is
      IngestResult r = IngestCommand.ingest(in.resolve("patients.csv"), in.resolve("practices.csv"), store,
          "nhs-number", FIRST_EXTRACT.plusMonths(month - 1), IngestRequest.DEFAULT_MAX_REJECT_RATE, false, quiet);
      System.out.print(IngestCommand.summary(r));
      System.out.println();
      System.out.println("== " + (2 * month + 1) + ". Month " + month
          + ": stratify with the default policy, hubs formed from practice locations"
          + (month > 1 ? "; movement since month 1" : ""));
      System.out.print(RunCommand.report(RunCommand.run(store, null, null, false, results, true, 5,
          ResultsDirectory.DEFAULT_KEEP_RUNS, History.DEFAULT_KEEP_RUNS, null, quiet)));
      System.out.println();
    }
    System.out.println("Input files:  " + input.toAbsolutePath().normalize() + " (month-01, month-02)");
    System.out.println("Store:        " + store.toAbsolutePath().normalize());
    System.out.println("Results:      " + results.toAbsolutePath().normalize().resolve("latest"));
    System.out.println("Report:       " + results.toAbsolutePath().normalize().resolve("latest").resolve("report.html")
        + " (open it in any browser, offline; aggregates only, for sharing)");
    System.out.println("Worklists:    " + results.toAbsolutePath().normalize().resolve("latest").resolve("worklists")
        + " (one file a practice: patients newly in level 1 or 2)");
    System.out.println("Try:          ./strata lookup --store " + store + " --results " + results
        + " <an NHS number from the input>");
    System.out.println("              ./strata history --store " + store + " <the same NHS number>");
    DemoService.DemoFiles serve = DemoService.write(out, results.resolve("latest"));
    System.out.println();
    System.out.println("== 6. The command centre: serve the results (API and dashboard); the demo's admin token is in "
        + serve.token());
    System.out.println("./strata serve --store " + store + " --results " + results + " --access " + serve.access()
        + " --capacity " + serve.capacity() + " --audit " + out.resolve("audit.log"));
    System.out.println("Then:         curl -H \"Authorization: Bearer $(cat " + serve.token() + ")\" "
        + "http://127.0.0.1:8080/api/v1/footprint");
    System.out.println("              or open http://127.0.0.1:8080/ and sign in with the token");
    return 0;
  }

  /** Deletes an earlier demo's files in {@code --out}; refuses a directory that holds anything else. */
  private void startAfresh() throws java.io.IOException {
    if (!java.nio.file.Files.exists(out)) {
      return;
    }
    if (!java.nio.file.Files.isDirectory(out)) {
      throw new BadInputException(out + ": is a file; --out takes a directory for the demo");
    }
    java.util.List<String> others;
    try (java.util.stream.Stream<Path> entries = java.nio.file.Files.list(out)) {
      others = entries.map(e -> e.getFileName().toString()).filter(n -> !DEMO_FILES.contains(n)).sorted().toList();
    }
    if (!others.isEmpty()) {
      throw new BadInputException(out + ": holds files that are not the demo's (" + String.join(", ",
          others.subList(0, Math.min(3, others.size()))) + (others.size() > 3 ? ", …" : "")
          + "); give --out an empty or new directory");
    }
    for (String name : DEMO_FILES) {
      if (!name.equals("audit.log")) { // the service's record of who read what: never the demo's to delete
        org.strata.publish.VersionedDirectory.deleteTree(out.resolve(name));
      }
    }
  }
}
