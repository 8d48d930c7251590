package org.strata.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.strata.run.ResultsDirectory;
import org.strata.store.StoreVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strata verify}: check every byte of a store's current generation, or of the current results, against its manifest. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks the current store generation, or the current results, against their manifests.",
      "--store: every file of the store's current generation against the manifest's sizes and "
          + "checksums, then opens it. --results: every file of the current run (RESULTS/latest) against the "
          + "run manifest's SHA-256, and that every kept run is complete. Exit 0 when sound, 2 when anything "
          + "is wrong (each problem printed)."
    })
final class VerifyCommand implements Callable<Integer> {
  @Option(names = "--store", description = "Store directory.")
  Path store;

  @Option(names = "--results", description = "Results directory (strata run --out).")
  Path results;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    if (store == null && results == null) {
      throw new BadInputException("give --store, --results, or both");
    }
    List<String> problems = new ArrayList<>();
    if (store != null) {
      try (Bar bar = new Bar("verify store", quiet)) {
        problems.addAll(StoreVerifier.verify(store, bar));
      }
    }
    if (results != null) {
      try (Bar bar = new Bar("verify results", quiet)) {
        problems.addAll(ResultsDirectory.verify(results, bar));
      }
    }
    if (problems.isEmpty()) {
      if (store != null) {
        System.out.println("ok: " + store + " verified");
      }
      if (results != null) {
        System.out.println("ok: " + results + " verified (run " + ResultsDirectory.current(results).getFileName() + ")");
      }
      return 0;
    }
    problems.forEach(p -> System.err.println("strata: " + p));
    return StrataCommand.EXIT_BAD_INPUT;
  }

  /** Bytes checked as a progress bar, started once the total is known. */
  private static final class Bar implements StoreVerifier.Progress, AutoCloseable {
    private final String task;
    private final boolean quiet;
    private TerminalProgress bar;

    Bar(String task, boolean quiet) {
      this.task = task;
      this.quiet = quiet;
    }

    @Override
    public void bytes(long done, long total) {
      if (bar == null) {
        bar = TerminalProgress.start(task, total, " MB", 1 << 20, quiet);
      }
      bar.stepTo(done);
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }
}
