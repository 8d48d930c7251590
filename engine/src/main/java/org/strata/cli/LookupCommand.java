package org.strata.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.strata.format.IdKind;
import org.strata.format.NhsNumber;
import org.strata.store.PatientIndex;
import org.strata.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata lookup}: one patient's stored row, found through the patient index. */
@Command(
    name = "lookup",
    mixinStandardHelpOptions = true,
    description = {
      "Prints one patient's stored row, found through the patient index.",
      "By NHS number (spaces allowed) or pseudonym. Exit 2 when the id is not valid; 1 when it is not",
      "in the store."
    })
final class LookupCommand implements Callable<Integer> {
  @Option(names = "--store", required = true, description = "Store directory.")
  Path store;

  @Parameters(paramLabel = "ID", description = "NHS number or pseudonym.")
  String id;

  @Override
  public Integer call() throws Exception {
    try (Store s = Store.open(store)) {
      PatientIndex index = s.index();
      int row;
      if (s.idKind() == IdKind.NHS_NUMBER) {
        long nhs = NhsNumber.parse(id);
        if (nhs == NhsNumber.INVALID) {
          throw new BadInputException("'" + NhsNumber.mask(id) + "' is not a valid NHS number");
        }
        row = index.rowOf(nhs);
      } else {
        row = index.rowOf(id);
      }
      if (row < 0) {
        System.err.println("strata: not found in " + s.directory().getFileName());
        return StrataCommand.EXIT_FAILED;
      }
      for (Map.Entry<String, Object> e : s.row(row).entrySet()) {
        System.out.printf(java.util.Locale.ROOT, "%-30s %s%n", e.getKey(), e.getValue() == null ? "" : e.getValue());
      }
      return 0;
    }
  }
}
