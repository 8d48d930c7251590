package org.strata.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.strata.datasets.EventFootprint;
import org.strata.datasets.FootprintGenerator;
import org.strata.datasets.FootprintSpec;
import org.strata.datasets.GenerationSummary;
import org.strata.datasets.MonthlyFootprints;
import org.strata.events.GeneratorCodes;
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

  @Option(names = "--months", paramLabel = "N",
      description = "Write N months, OUT/month-01 ... month-NN, of one footprint evolving: the same people age, "
          + "are diagnosed, die, leave and join, are born (1 to " + MonthlyFootprints.MAX_MONTHS + ").")
  Integer months;

  @Option(names = "--events",
      description = "Write the footprint as an event-level extract too: OUT/patients.csv (demographics), gp_events.csv,"
          + " apc_spells.csv, ae_attendances.csv, op_attendances.csv, medications.csv, from which strata ingest --events"
          + " derives the flat columns (kept in OUT/flat/) exactly.")
  boolean events;

  @Option(names = "--reference-date", paramLabel = "YYYY-MM-DD", defaultValue = "2026-03-31",
      description = "With --events: the extract's date; events fall on or before it (default: ${DEFAULT-VALUE}).")
  java.time.LocalDate referenceDate;

  @Option(names = "--history-years", paramLabel = "N", defaultValue = "10",
      description = "With --events: years of older GP, hospital and prescribing record (default: ${DEFAULT-VALUE}).")
  int historyYears;

  @Option(names = "--threads", description = "Generator threads (default: all cores). Does not change the output.")
  Integer threads;

  @Option(names = "--force", description = "Overwrite the files of an earlier generate in --out.")
  boolean force;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    if (months != null) {
      GenerationSummary summary = generateMonths(patients, seed, dirty, threads, months, out, force, quiet);
      System.out.print(summary.toText());
      System.out.println("Wrote " + MonthlyFootprints.monthDir(out.toAbsolutePath().normalize(), 1) + " … "
          + MonthlyFootprints.monthDir(out.toAbsolutePath().normalize(), months).getFileName()
          + " (the figures above are month 1's)");
      return 0;
    }
    if (events) {
      return generateEvents();
    }
    GenerationSummary summary = generate(patients, seed, dirty, threads, out, force, quiet);
    System.out.print(summary.toText());
    System.out.println("Wrote " + out.toAbsolutePath().normalize());
    return 0;
  }

  private int generateEvents() throws Exception {
    if (dirty > 0) {
      throw new BadInputException("--events writes a clean extract; --dirty goes without --events");
    }
    if (historyYears < 0 || historyYears > 50) {
      throw new BadInputException("--history-years must be 0 to 50: " + historyYears);
    }
    if (!force && java.nio.file.Files.exists(out.resolve("gp_events.csv"))) {
      throw new BadInputException(out.resolve("gp_events.csv") + ": exists; give --force to overwrite it, or another --out");
    }
    Path source = out.resolve(".flat-source");
    GenerationSummary summary = generate(patients, seed, 0, threads, source, true, quiet);
    System.out.print(summary.toText());
    EventFootprint.Summary s = EventFootprint.write(source, out, referenceDate, historyYears, seed,
        GeneratorCodes.shipped());
    for (String f : new String[] {"patients.csv", "practices.csv"}) {
      java.nio.file.Files.deleteIfExists(source.resolve(f));
    }
    java.nio.file.Files.deleteIfExists(source);
    Path flat = out.resolve("flat");
    System.out.printf(java.util.Locale.ROOT, "Events at %s: %,d GP events, %,d spells, %,d A&E and %,d outpatient"
        + " attendances, %,d prescriptions (%.1f MB)%n", referenceDate, s.gpEvents(), s.spells(), s.aeAttendances(),
        s.opAttendances(), s.medications(), s.bytes() / 1e6);
    if (s.clipped() > 0) {
      System.out.printf(java.util.Locale.ROOT, "  %,d patients' flat values no event record can hold (more contact days"
          + " than days alive in the year, a 36th eFI deficit, a longer stay than the year) are what the events give"
          + " in %s%n", s.clipped(), flat);
    }
    System.out.println("Wrote " + out.toAbsolutePath().normalize() + " (events; the same footprint flat in "
        + flat.toAbsolutePath().normalize() + ")");
    return 0;
  }

  static GenerationSummary generateMonths(long patients, long seed, double dirty, Integer threads, int months,
      Path out, boolean force, boolean quiet) throws Exception {
    if (months < 1 || months > MonthlyFootprints.MAX_MONTHS) {
      throw new BadInputException("--months must be 1 to " + MonthlyFootprints.MAX_MONTHS + ": " + months);
    }
    if (dirty > 0) {
      throw new BadInputException("--months draws each month from a clean extract; --dirty goes without --months");
    }
    if (patients > MonthlyFootprints.MAX_PATIENTS) {
      throw new BadInputException(String.format(java.util.Locale.ROOT,
          "--months holds the footprint in memory: --patients up to %,d with --months: %d",
          MonthlyFootprints.MAX_PATIENTS, patients));
    }
    if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
      throw new BadInputException(out + ": --out is a file; it takes a directory to write into");
    }
    if (!force && java.nio.file.Files.exists(MonthlyFootprints.monthDir(out, 1))) {
      throw new BadInputException(MonthlyFootprints.monthDir(out, 1)
          + ": exists; give --force to overwrite it, or another --out");
    }
    FootprintSpec spec = spec(patients, seed, 0, threads);
    java.nio.file.Files.createDirectories(out);
    try (TerminalProgress bar = TerminalProgress.start("generate", months, " months", 1, quiet)) {
      int[] month = {0};
      return MonthlyFootprints.generate(spec, months, out, (written, bytes) -> {
        if (bytes == 0) {
          bar.stepTo(++month[0] + 1);
        }
      });
    }
  }

  static GenerationSummary generate(long patients, long seed, double dirty, Integer threads, Path out, boolean force,
      boolean quiet) throws Exception {
    FootprintSpec spec = spec(patients, seed, dirty, threads);
    if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
      throw new BadInputException(out + ": --out is a file; it takes a directory to write into");
    }
    for (String name : new String[] {"patients.csv", "practices.csv"}) {
      if (!force && java.nio.file.Files.exists(out.resolve(name))) {
        throw new BadInputException(out.resolve(name) + ": exists; give --force to overwrite it, or another --out");
      }
    }
    try (TerminalProgress bar = TerminalProgress.start("generate", patients, " patients", 1, quiet)) {
      return FootprintGenerator.generate(spec, out, (written, bytes) -> bar.stepTo(written));
    }
  }

  /** The spec, with the options checked by their names (the spec's own checks speak of its fields). */
  private static FootprintSpec spec(long patients, long seed, double dirty, Integer threads)
      throws BadInputException {
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
    try {
      return FootprintSpec.builder()
          .patients(patients)
          .seed(seed)
          .dirtyRate(dirty)
          .threads(threads == null ? Runtime.getRuntime().availableProcessors() : threads)
          .build();
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }
}
