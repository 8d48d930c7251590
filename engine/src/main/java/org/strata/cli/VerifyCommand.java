package org.strata.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.strata.store.StoreVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strata verify}: check every byte of the current generation against its manifest. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks every byte of the current generation against its manifest.",
      "Checks every file of the store's current generation against the manifest's sizes and checksums,",
      "then opens it. Exit 0 when sound, 2 when anything is wrong (each problem printed)."
    })
final class VerifyCommand implements Callable<Integer> {
  @Option(names = "--store", required = true, description = "Store directory.")
  Path store;

  @Override
  public Integer call() throws Exception {
    List<String> problems = StoreVerifier.verify(store);
    if (problems.isEmpty()) {
      System.out.println("ok: " + store + " verified");
      return 0;
    }
    problems.forEach(p -> System.err.println("strata: " + p));
    return StrataCommand.EXIT_BAD_INPUT;
  }
}
