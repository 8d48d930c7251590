package org.strata.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.strata.output.PseudonymisedExport;
import org.strata.output.RunVerifier;
import org.strata.run.ResultsDirectory;
import org.strata.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strata export}: the current run's per-patient results, pseudonymised for network members. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes OUT/patients.csv: the current run's per-patient results with a keyed HMAC-SHA256 pseudonym in place "
          + "of the NHS number (the same key gives the same pseudonym in every run), age in 5-year bands, sex, "
          + "practice, level, reasons and scores; the LSOA only with --with-lsoa. The key file is never copied into "
          + "any output. The run's files are verified first. See docs/OUTPUTS.md."
    })
final class ExportCommand implements Callable<Integer> {
  @Option(names = "--results", required = true, description = "Results directory (strata run --out).")
  Path results;

  @Option(names = "--store", required = true, description = "Store the run was made from (for ages and LSOAs).")
  Path store;

  @Option(names = "--key", required = true, paramLabel = "KEYFILE",
      description = "Secret key file, at least 32 bytes (head -c 32 /dev/urandom > export.key).")
  Path key;

  @Option(names = "--out", required = true, description = "Directory to write patients.csv into.")
  Path out;

  @Option(names = "--with-lsoa", description = "Keep each patient's LSOA code (off by default).")
  boolean withLsoa;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(key) || !Files.isReadable(key)) {
      throw new BadInputException(key + ": --key: " + (Files.isDirectory(key) ? "a directory, not a key file"
          : "no such key file, or not readable"));
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new BadInputException(out + ": --out: a file, not a directory to write patients.csv into");
    }
    byte[] k = Files.readAllBytes(key);
    warnIfShared(key);
    Path run = ResultsDirectory.current(results);
    List<String> problems = RunVerifier.verify(run);
    if (!problems.isEmpty()) {
      throw new BadInputException(problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1)
          + " more; strata verify --results " + results + ")" : ""));
    }
    PseudonymisedExport.Written w;
    try (Store s = Store.open(store)) {
      w = PseudonymisedExport.write(run, s, k, out, withLsoa);
    }
    System.out.println("strata: exported " + w.patients() + " patients of run " + run.getFileName() + " to "
        + w.file() + " (pseudonymised" + (withLsoa ? ", with LSOA" : "") + ")");
    return 0;
  }

  private static void warnIfShared(Path key) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(key);
      if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
        System.err.println("strata: warning: " + key + " is readable by others; a key should be readable by its "
            + "owner only (chmod 600)");
      }
    } catch (UnsupportedOperationException | java.io.IOException e) {
      // not a POSIX file system: nothing to check
    }
  }
}
