package org.strata.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.strata.format.IdKind;
import org.strata.format.NhsNumber;
import org.strata.output.PatientResultLookup;
import org.strata.run.ResultsDirectory;
import org.strata.store.PatientIndex;
import org.strata.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata lookup}: one patient's stored row, found through the patient index, and their current result. */
@Command(
    name = "lookup",
    mixinStandardHelpOptions = true,
    description = {
      "Prints one patient's stored row and, with --results, their level, deciding rule, reasons and scores.",
      "By NHS number (spaces allowed) or pseudonym, found through the patient index; the result is the "
          + "current run's (RESULTS/latest). Exit 2 when the id is not valid; 1 when it is not in the store."
    })
final class LookupCommand implements Callable<Integer> {
  @Option(names = "--store", required = true, description = "Store directory.")
  Path store;

  @Option(names = "--results", description = "Results directory (strata run --out): show the current run's result too.")
  Path results;

  @Parameters(paramLabel = "ID", description = "NHS number or pseudonym.")
  String id;

  @Override
  public Integer call() throws Exception {
    try (Store s = Store.open(store)) {
      PatientIndex index = s.index();
      Object key = key(s.idKind(), id);
      int row = key instanceof Long nhs ? index.rowOf(nhs) : index.rowOf((String) key);
      Path run = results == null ? null : ResultsDirectory.current(results); // bad --results: exit 2 before printing
      if (row < 0) {
        System.err.println("strata: not found in " + s.directory().getFileName());
        return StrataCommand.EXIT_FAILED;
      }
      for (Map.Entry<String, Object> e : s.row(row).entrySet()) {
        print(e.getKey(), e.getValue());
      }
      if (run != null) {
        Optional<Map<String, Object>> result = PatientResultLookup.find(run, row, key);
        if (result.isEmpty()) {
          System.err.println("strata: warning: run " + run.getFileName() + " in " + results
              + " is of another generation of the store (its row holds another patient); no result shown");
          return 0;
        }
        print("result_of_run", run.getFileName());
        for (Map.Entry<String, Object> e : result.get().entrySet()) {
          print(e.getKey(), e.getValue());
        }
      }
      return 0;
    }
  }

  /** The patient key an id given on the command line names: an NHS number (a Long) or the pseudonym. */
  static Object key(IdKind kind, String id) {
    if (kind == IdKind.PSEUDONYM) {
      return id;
    }
    long nhs = NhsNumber.parse(id);
    if (nhs == NhsNumber.INVALID) {
      throw new BadInputException("'" + NhsNumber.mask(id) + "' is not a valid NHS number");
    }
    return nhs;
  }

  private static void print(String name, Object value) {
    System.out.printf(java.util.Locale.ROOT, "%-30s %s%n", name, value == null ? "" : value);
  }
}
