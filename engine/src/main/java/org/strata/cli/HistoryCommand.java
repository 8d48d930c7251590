package org.strata.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.strata.format.IdKind;
import org.strata.history.History;
import org.strata.history.PatientRun;
import org.strata.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata history}: one patient's kept runs from the store's level history, to stdout only. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
      "Prints one patient's kept runs: reference date, run, level, deciding rule, risk percentile, practice.",
      "By NHS number (spaces allowed) or pseudonym, from the store's level history (every strata run records "
          + "it). Printed to stdout only. Exit 2 when the id is not valid; 1 when the patient is not in the history."
    })
final class HistoryCommand implements Callable<Integer> {
  @Option(names = "--store", required = true, description = "Store directory.")
  Path store;

  @Parameters(paramLabel = "ID", description = "NHS number or pseudonym.")
  String id;

  @Override
  public Integer call() throws Exception {
    IdKind kind;
    try (Store s = Store.open(store)) {
      kind = s.idKind();
    }
    Object key = LookupCommand.key(kind, id);
    if (!History.exists(store)) {
      System.err.println("strata: " + store + " has no level history yet: strata run records it");
      return StrataCommand.EXIT_FAILED;
    }
    List<PatientRun> runs = History.of(store, kind, key);
    if (runs.isEmpty()) {
      System.err.println("strata: not in the level history of " + store.getFileName());
      return StrataCommand.EXIT_FAILED;
    }
    boolean oneResults = runs.stream().map(r -> r.run().results()).distinct().count() == 1;
    System.out.printf(Locale.ROOT, "%-14s %-9s %-6s %-24s %-16s %-9s%s%n", "reference_date", "run", "level",
        "deciding_rule", "risk_percentile", "practice", oneResults ? "" : " results");
    for (PatientRun r : runs) {
      System.out.printf(Locale.ROOT, "%-14s %-9s %-6s %-24s %-16s %-9s%s%n", r.run().referenceDate(), r.run().run(),
          r.left() ? "left" : Integer.toString(r.level()), r.decidingRule() == null ? "" : r.decidingRule(),
          Double.isNaN(r.riskPercentile()) ? "" : String.format(Locale.ROOT, "%.1f", r.riskPercentile()),
          r.practice() == null ? "" : r.practice(), oneResults ? "" : " " + r.run().results());
    }
    if (oneResults) {
      System.out.println("(runs of " + runs.get(0).run().results() + ")");
    }
    return 0;
  }
}
