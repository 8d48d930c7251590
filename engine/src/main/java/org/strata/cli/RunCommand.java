package org.strata.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.strata.history.History;
import org.strata.history.Movement;
import org.strata.output.RunOutputs;
import org.strata.publish.VersionedDirectory;
import org.strata.run.NightlyRun;
import org.strata.run.RunProgress;
import org.strata.run.ResultsDirectory;
import org.strata.run.RunConfig;
import org.strata.run.RunResult;
import org.strata.ingest.IngestRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strata run}: the nightly batch — levels for every patient, rollups, outputs. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Stratifies a footprint: levels with reasons for every patient, rollups, outputs.",
      "Reads the store's current generation (or ingests --patients/--practices into --store first), "
          + "applies the policy (docs/POLICY.md; the shipped default without --policy), rolls up to "
          + "practices, hubs and the footprint, and publishes RESULTS only when complete: a failed run "
          + "leaves the last results intact."
    })
final class RunCommand implements Callable<Integer> {
  @Option(names = "--store", description = "Store directory (default with --patients: OUT-store beside OUT).")
  Path store;

  @Option(names = "--patients", description = "Ingest this patients file first.")
  Path patients;

  @Option(names = "--practices", description = "Practices file, with --patients.")
  Path practices;

  @Option(names = "--policy", description = "Policy file (YAML); default: the shipped policy.")
  Path policy;

  @Option(names = "--format", paramLabel = "FORMAT", split = ",",
      description = "Output formats beside the Arrow file: csv (always written) and parquet (patients.parquet and"
          + " the rollups as Parquet too), e.g. --format parquet.")
  java.util.List<String> formats = java.util.List.of("csv");

  @Option(names = "--budget", paramLabel = "budget.yaml",
      description = "The contract's money terms (YAML, see docs/OUTPUTS.md): writes budget.csv per hub and practice.")
  Path budget;

  @Option(names = "--out", required = true,
      description = "Results directory: each run is published into it whole; RESULTS/latest is the current run.")
  Path out;

  @Option(names = "--keep-runs", defaultValue = "" + ResultsDirectory.DEFAULT_KEEP_RUNS, paramLabel = "K",
      description = "Published runs kept in RESULTS/runs, the new one included (default: ${DEFAULT-VALUE}).")
  int keepRuns;

  @Option(names = "--keep-history", defaultValue = "" + History.DEFAULT_KEEP_RUNS, paramLabel = "K",
      description = "Runs kept in the store's level history, the new one included (default: ${DEFAULT-VALUE}).")
  int keepHistory;

  @Option(names = "--compare-with", paramLabel = "RUN",
      description = "A kept run of RESULTS (e.g. r000003) to measure movement from; default: the run before.")
  String compareWith;

  @Option(names = "--form-hubs", description = "Form hubs of 30,000-50,000 from practice locations when the practices file has no hub column.")
  boolean formHubs;

  @Option(names = "--suppress-below", defaultValue = "5", paramLabel = "N",
      description = "In shared/ outputs, counts from 1 to N-1 are shown as * (default: ${DEFAULT-VALUE}).")
  int suppressBelow;

  @Option(names = "--id-kind", defaultValue = "nhs-number", description = "With --patients: nhs-number or pseudonym.")
  String idKind;

  @Option(names = "--max-reject-rate", defaultValue = "0.01", paramLabel = "R", description = "With --patients: as for ingest.")
  double maxRejectRate;

  @Option(names = "--reference-date", paramLabel = "YYYY-MM-DD",
      description = "With --patients: as for ingest (the date ages are computed at from date_of_birth).")
  java.time.LocalDate referenceDate;

  @Option(names = "--threads", paramLabel = "N",
      description = "Worker threads for scoring and the rollup (default: every core). Does not change the results.")
  Integer threads;

  @Option(names = "--quiet", description = "No progress bars.")
  boolean quiet;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    boolean parquet = parquetAsked(formats);
    if ((patients == null) != (practices == null)) {
      throw new BadInputException("--patients and --practices go together");
    }
    if (patients == null) {
      for (String ingestOnly : new String[] {"--id-kind", "--max-reject-rate", "--reference-date"}) {
        if (spec.commandLine().getParseResult().hasMatchedOption(ingestOnly)) {
          throw new BadInputException(ingestOnly + " is for the ingest that --patients asks for; a --store has"
              + " been ingested already (give them to strata ingest)");
        }
      }
    }
    if (threads != null) {
      if (threads < 1) {
        throw new BadInputException("--threads must be at least 1: " + threads);
      }
      System.setProperty(org.strata.parallel.Workers.THREADS_PROPERTY, Integer.toString(threads));
    }
    if (patients == null && store == null) {
      throw new BadInputException("give --store, or --patients and --practices to ingest first");
    }
    Path storeDir = store != null ? store : out.toAbsolutePath().normalize().resolveSibling(out.getFileName() + "-store");
    if (patients != null) {
      System.out.print(IngestCommand.summary(
          IngestCommand.ingest(patients, practices, storeDir, idKind, referenceDate, maxRejectRate, false, quiet)));
      System.out.println();
    }
    RunResult r = run(storeDir, policy, budget, parquet, out, formHubs, suppressBelow, keepRuns, keepHistory,
        compareWith, quiet);
    System.out.print(report(r));
    return 0;
  }

  /** Whether {@code --format} asks for Parquet; a format Strata does not write is a mistake (exit 2). */
  static boolean parquetAsked(java.util.List<String> formats) {
    boolean parquet = false;
    for (String f : formats) {
      String name = f.strip().toLowerCase(java.util.Locale.ROOT);
      if (name.equals("parquet")) {
        parquet = true;
      } else if (!name.equals("csv")) {
        throw new BadInputException("--format " + f + ": Strata writes csv (always) and parquet, e.g. --format parquet"
            + (name.equals("arrow") ? " (patients.arrow is written by every run)" : ""));
      }
    }
    return parquet;
  }

  static RunResult run(Path store, Path policy, Path budget, boolean parquet, Path out, boolean formHubs,
      int suppressBelow, int keepRuns, int keepHistory, String compareWith, boolean quiet) throws Exception {
    // The budget file is read before anything runs, so that a mistake in it costs nothing.
    java.util.List<org.strata.output.RunOutput> outputs =
        RunOutputs.defaults(budget == null ? null : org.strata.level.BudgetTerms.read(budget), parquet);
    RunConfig config;
    try {
      config = new RunConfig(store, policy, out, formHubs, suppressBelow, outputs, keepRuns,
          keepHistory, compareWith);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e); // bad options; a failure inside the run is exit 1
    }
    return NightlyRun.run(config, new BarProgress(quiet));
  }

  /** The run's phases as progress bars on a terminal (nothing on a pipe, in CI or with --quiet). */
  private static final class BarProgress implements RunProgress {
    private final boolean quiet;
    private TerminalProgress bar;
    private long shown;

    BarProgress(boolean quiet) {
      this.quiet = quiet;
    }

    @Override
    public synchronized void begin(String phase, long total) {
      bar = TerminalProgress.start(phase, total, " patients", 1, quiet);
      shown = 0;
    }

    @Override
    public synchronized void done(long n) {
      if (n > shown) { // from several workers: totals may arrive out of order
        shown = n;
        bar.stepTo(n);
      }
    }

    @Override
    public synchronized void end() {
      bar.close();
    }
  }

  /** The footprint and hub tables, warnings, phase timings and where the outputs are. */
  static String report(RunResult r) {
    StringBuilder s = new StringBuilder(r.rollup().toText(r.levelNames()));
    for (String w : r.warnings()) {
      s.append("warning: ").append(w).append('\n');
    }
    if (r.movement() != null) {
      s.append(movementTable(r.movement()));
    }
    s.append("Phases:");
    long total = 0;
    for (Map.Entry<String, Long> e : r.phaseNanos().entrySet()) {
      s.append(String.format(Locale.ROOT, "  %s %.2f s", e.getKey(), e.getValue() / 1e9));
      total += e.getValue();
    }
    s.append(String.format(Locale.ROOT, "  (total %.2f s)%n", total / 1e9));
    s.append("Results: ").append(r.out().resolve(VersionedDirectory.LATEST)).append("  (run ")
        .append(r.runDir().getFileName()).append("; patients.csv identifies patients; share shared/ only)\n");
    return s.toString();
  }

  /** The footprint's transitions as a from × to table, and where the movement files are. */
  static String movementTable(Movement m) {
    String[] from = {Movement.NEW, "1", "2", "3", "4"};
    String[] to = {"1", "2", "3", "4", Movement.LEFT};
    long[][] n = new long[from.length][to.length];
    for (Movement.Transition t : m.transitions()) {
      if (t.scope().equals("footprint")) {
        n[List.of(from).indexOf(t.fromLevel())][List.of(to).indexOf(t.toLevel())] = t.patients();
      }
    }
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%nMovement since %s (%s), footprint:%n",
        m.from().run(), m.from().referenceDate()));
    int width = 10; // wider where a count needs it (13,590,636 would touch its neighbour at 63M)
    for (long[] row : n) {
      for (long v : row) {
        width = Math.max(width, String.format(Locale.ROOT, "%,d", v).length() + 2);
      }
    }
    String text = "%" + width + "s";
    String count = "%," + width + "d";
    s.append(String.format(Locale.ROOT, "  %-8s", "from\\to"));
    for (String t : to) {
      s.append(String.format(Locale.ROOT, text, t.equals(Movement.LEFT) ? t : "level " + t));
    }
    s.append('\n');
    for (int i = 0; i < from.length; i++) {
      s.append(String.format(Locale.ROOT, "  %-8s", i == 0 ? "new" : "level " + from[i]));
      for (int j = 0; j < to.length; j++) {
        s.append(String.format(Locale.ROOT, count, n[i][j]));
      }
      s.append('\n');
    }
    int lists = 0;
    long entries = 0;
    for (List<Movement.WorklistEntry> l : m.worklists().values()) {
      lists++;
      entries += l.size();
    }
    s.append(String.format(Locale.ROOT, "  moved up a level %,d (movers.csv); rising risk %,d (rising_risk.csv); "
        + "newly in level 1 or 2 %,d, in %d practice worklists (worklists/)%n%n", m.movers().size(),
        m.risers().size(), entries, lists));
    return s.toString();
  }

  /** Default for {@link IngestRequest}'s reject rate, for the demo. */
  static double defaultRejectRate() {
    return IngestRequest.DEFAULT_MAX_REJECT_RATE;
  }
}
