package org.strata.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.strata.datasets.FootprintGenerator;
import org.strata.datasets.FootprintSpec;
import org.strata.datasets.GenerationSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strata generate}: a synthetic footprint (patients.csv, practices.csv), deterministic for a seed. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a synthetic footprint: patients.csv, practices.csv (and defects.csv).",
      "Calibrated on published England figures (QOF 2019/20, April 2020 list sizes, eFI, Devon "
          + "admissions); defects.csv lists every defect --dirty planted, by line. The same --patients, "
          + "--seed and --dirty always give byte-identical files."
    })
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--patients", required = true, description = "Footprint size, 1,000 to 63,000,000.")
  long patients;

  @Option(names = "--seed", defaultValue = "2016", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "Directory to write into (created if absent).")
  Path out;

  @Option(
      names = "--dirty",
      defaultValue = "0",
      paramLabel = "RATE",
      description = "Share of patient rows given a defect real extracts have (0 to 0.5); every defect is"
          + " recorded in defects.csv with its line.")
  double dirty;

  @Option(names = "--threads", description = "Generator threads (default: all cores). Does not change the output.")
  Integer threads;

  @Option(names = "--force", description = "Overwrite the files of an earlier generate in --out.")
  boolean force;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    GenerationSummary summary = generate(patients, seed, dirty, threads, out, force, quiet);
    System.out.print(summary.toText());
    System.out.println("Wrote " + out.toAbsolutePath().normalize());
    return 0;
  }

  static GenerationSummary generate(long patients, long seed, double dirty, Integer threads, Path out, boolean force,
      boolean quiet) throws Exception {
    // The options by their names (the spec's own checks speak of its fields).
    if (patients < FootprintSpec.MIN_PATIENTS || patients > FootprintSpec.MAX_PATIENTS) {
      throw new BadInputException(String.format(java.util.Locale.ROOT, "--patients must be %,d to %,d: %d",
          FootprintSpec.MIN_PATIENTS, FootprintSpec.MAX_PATIENTS, patients));
    }
    if (!(dirty >= 0 && dirty <= FootprintSpec.MAX_DIRTY_RATE)) {
      throw new BadInputException("--dirty must be 0 to " + FootprintSpec.MAX_DIRTY_RATE + ": " + dirty);
    }
    if (threads != null && threads < 1) {
      throw new BadInputException("--threads must be at least 1: " + threads);
    }
    if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
      throw new BadInputException(out + ": --out is a file; it takes a directory to write into");
    }
    for (String name : new String[] {"patients.csv", "practices.csv"}) {
      if (!force && java.nio.file.Files.exists(out.resolve(name))) {
        throw new BadInputException(out.resolve(name) + ": exists; give --force to overwrite it, or another --out");
      }
    }
    FootprintSpec spec;
    try {
      spec = FootprintSpec.builder()
          .patients(patients)
          .seed(seed)
          .dirtyRate(dirty)
          .threads(threads == null ? Runtime.getRuntime().availableProcessors() : threads)
          .build();
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    try (TerminalProgress bar = TerminalProgress.start("generate", patients, " patients", 1, quiet)) {
      return FootprintGenerator.generate(spec, out, (written, bytes) -> bar.stepTo(written));
    }
  }
}
