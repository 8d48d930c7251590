package org.strata.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.strata.publish.VersionedDirectory;
import org.strata.run.Reproduction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata reproduce}: re-runs a published run from its recorded inputs and policy, byte for byte. */
@Command(
    name = "reproduce",
    mixinStandardHelpOptions = true,
    description = {
      "Re-runs a published run from the extract and policy its manifest records and reports byte-identity "
          + "or the first output that differs.",
      "Checks first that the run's files match its manifest and that --patients, --practices and --policy "
          + "(default: the shipped policy) have the SHA-256 the manifest records. Exit 0 identical, 1 a "
          + "difference, 2 bad input (another extract, another policy)."
    })
final class ReproduceCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN", description = "A run: RESULTS/runs/rNNNNNN (or RESULTS/latest).")
  Path run;

  @Option(names = "--patients", description = "The patients file the run's store was ingested from (with --events,"
      + " default DIR/patients.csv).")
  Path patients;

  @Option(names = "--practices", description = "Its practices file (with --events, default DIR/practices.csv).")
  Path practices;

  @Option(names = "--events", paramLabel = "DIR", description = "The event-level extract the store was ingested from.")
  Path events;

  @Option(names = "--codelists", paramLabel = "DIR", description = "With --events: the code lists the ingest read.")
  Path codelists;

  @Option(names = "--features", paramLabel = "features.yaml",
      description = "With --events: the features file the ingest read.")
  Path features;

  @Option(names = "--policy", description = "The run's policy file (default: the shipped policy).")
  Path policy;

  @Option(names = "--work", description = "Directory for the re-run's store and results, kept afterwards "
      + "(default: a temporary directory, removed).")
  Path work;

  @Override
  public Integer call() throws Exception {
    if (events != null && Files.isDirectory(events)) {
      patients = patients != null ? patients : org.strata.events.EventExtract.find(events, "patients");
      practices = practices != null ? practices : org.strata.events.EventExtract.find(events, "practices");
    }
    if (patients == null || practices == null) {
      throw new BadInputException("reproduce needs --patients and --practices (or --events DIR holding them)");
    }
    for (Path f : new Path[] {patients, practices, policy}) {
      if (f != null && !Files.isRegularFile(f)) {
        throw new BadInputException(f + ": " + (Files.exists(f) ? "a directory, not a file" : "no such file"));
      }
    }
    Path dir = work != null ? work : Files.createTempDirectory("strata-reproduce-");
    try {
      Reproduction.Result r = Reproduction.of(run, patients, practices, policy, work != null ? work
          : dir.resolve("work"), events == null ? null : new Reproduction.Events(events, codelists, features));
      if (!r.notCompared().isEmpty()) {
        System.out.println("not compared: " + r.notCompared().size() + " movement outputs ("
            + String.join(", ", r.notCompared().stream().limit(4).toList()) + (r.notCompared().size() > 4 ? ", …" : "")
            + "): they depend on the runs before, in the store's history");
      }
      if (r.identical()) {
        System.out.println("byte-identical: " + r.compared() + " outputs of " + run);
        return 0;
      }
      System.out.println("differs: " + r.firstDifference() + " (the first output that differs; "
          + r.compared() + " before it are identical)");
      return StrataCommand.EXIT_FAILED;
    } finally {
      if (work == null) {
        VersionedDirectory.deleteTree(dir);
      }
    }
  }
}
