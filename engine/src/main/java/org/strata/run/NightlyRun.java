package org.strata.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.strata.format.InvalidInputException;
import org.strata.history.HistoryPrefetch;
import org.strata.history.HistoryRecorder;
import org.strata.history.Movement;
import org.strata.level.LevelAssigner;
import org.strata.level.LevelResult;
import org.strata.level.Policy;
import org.strata.output.RunContents;
import org.strata.output.RunOutputs;
import org.strata.publish.VersionedDirectory;
import org.strata.rollup.HubAssignment;
import org.strata.rollup.Hubs;
import org.strata.rollup.Rollup;
import org.strata.rollup.RollupTables;
import org.strata.rollup.RowHubs;
import org.strata.store.Store;

/**
 * The nightly batch over a store: policy, hubs, scores and levels, rollups, outputs — the only package
 * that imports every stage. Outputs are written into a new run beside the kept ones and published only when
 * complete ({@link ResultsDirectory}), so a failed or killed run leaves the last published results as they were.
 *
 * <pre>
 * RESULTS/latest/manifest.json          sources, policy and model, levels, output checksums (no timestamps)
 * RESULTS/latest/patients.arrow|.csv    one row per patient: level, deciding rule, reasons, scores (identifying)
 * RESULTS/latest/practices.csv, hubs.csv, footprint.csv, rollup.json      the rollups
 * RESULTS/latest/shared/                the rollups with small numbers suppressed, for sharing
 * </pre>
 *
 * <pre>{@code RunResult r = NightlyRun.run(new RunConfig(store, null, out, true, 5));}</pre>
 */
public final class NightlyRun {
  private NightlyRun() {}

  public static RunResult run(RunConfig config) throws IOException {
    return run(config, RunProgress.NONE);
  }

  /** As {@link #run(RunConfig)}, telling {@code progress} how scoring, the rollup and the writing go. */
  public static RunResult run(RunConfig config, RunProgress progress) throws IOException {
    LinkedHashMap<String, Long> phases = new LinkedHashMap<>();
    long t = System.nanoTime();
    Path out = config.out().toAbsolutePath().normalize();
    checkOut(out, config);
    Policy policy = config.policy() == null ? Policy.defaultPolicy() : Policy.load(config.policy());
    VersionedDirectory runs = ResultsDirectory.of(out);
    try (FileChannel lock = lock(runs, out); Store store = Store.open(config.store());
        HistoryPrefetch prefetch = HistoryPrefetch.start(config.store(), out, config.compareWith(),
            policy.risingRisk())) {
      runs.removeDebris();
      phases.put("open", System.nanoTime() - t);
      t = System.nanoTime();
      List<String> found = new ArrayList<>();
      Hubs hubs = HubAssignment.of(store, config.formHubs(), found);
      int[] hubOfRow = policy.hasHubCuts() ? HubAssignment.hubOfRow(store, hubs) : null;
      phases.put("hubs", System.nanoTime() - t);

      t = System.nanoTime();
      LevelResult levels;
      try (Phase scoring = new Phase(progress, "score", store.rowCount())) {
        levels = LevelAssigner.assign(store, policy, hubOfRow, hubs.hubCount(), scoring::add);
      }
      phases.put("score+levels", System.nanoTime() - t);

      t = System.nanoTime();
      RollupTables rollup;
      try (Phase rolling = new Phase(progress, "rollup", store.rowCount())) {
        rollup = Rollup.compute(levels, store, hubs, rolling::add);
      }
      List<String> warnings = new ArrayList<>(rollup.warnings()); // the rollup's warnings include the hubs'
      found.stream().filter(w -> !warnings.contains(w)).forEach(warnings::add);
      phases.put("rollup", System.nanoTime() - t);

      t = System.nanoTime();
      int number = runs.latestNumber() + 1;
      Path runDir;
      Movement movement;
      HistoryRecorder recorder;
      prefetch.close(); // what it has read stays cached; the pass reads the rest itself
      try (Phase keying = new Phase(progress, "history", store.rowCount())) {
        recorder = HistoryRecorder.begin(config.store(), store, levels, hubs,
            new RowHubs(hubs, rollup.hubOfLsoa()), out, runs.name(number),
            config.compareWith(), config.keepHistory(), policy.risingRisk(), keying::reach);
      }
      try (HistoryRecorder history = recorder) {
        movement = history.movement();
        phases.put("history", System.nanoTime() - t);
        t = System.nanoTime();
        Path incoming = runs.begin(number);
        try {
          progress.begin("write", store.rowCount());
          try {
            RunOutputs.write(config.outputs(), new RunContents(store, policy, hubs, levels, rollup,
                config.suppressionThreshold(), warnings, movement), incoming, progress::done);
          } finally {
            progress.end();
          }
          // the history first: a run killed before its results publish is recorded again under the same name
          history.publish();
          runDir = runs.publish(incoming, number);
        } catch (IOException | RuntimeException | Error e) {
          VersionedDirectory.deleteTree(incoming);
          throw e;
        }
        warnings.addAll(history.warnings());
      }
      try {
        runs.prune(config.keepRuns());
      } catch (IOException | RuntimeException e) {
        warnings.add(out + ": run " + runDir.getFileName() + " is published, but older runs could not be removed ("
            + e.getMessage() + ")");
      }
      phases.put("write", System.nanoTime() - t);
      return new RunResult(rollup, levels.levelCounts(), levels.levelNames(), out, runDir, warnings, phases, movement);
    }
  }

  /** One phase's progress, added to from the workers and passed on as a running total. */
  private static final class Phase implements AutoCloseable {
    private final RunProgress progress;
    private final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();

    Phase(RunProgress progress, String name, long total) {
      this.progress = progress;
      progress.begin(name, total);
    }

    void add(long rows) {
      progress.done(done.addAndGet(rows));
    }

    void reach(long rows) {
      progress.done(rows);
    }

    @Override
    public void close() {
      progress.end();
    }
  }

  /** The results directory must not hold the store or the policy, and must be absent, empty or results. */
  private static void checkOut(Path out, RunConfig config) throws InvalidInputException {
    Path store = config.store().toAbsolutePath().normalize();
    if (store.startsWith(out)) {
      throw new InvalidInputException(out + ": --out holds the store; choose another --out");
    }
    if (config.policy() != null && config.policy().toAbsolutePath().normalize().startsWith(out)) {
      throw new InvalidInputException(out + ": --out holds the policy file; choose another --out");
    }
    ResultsDirectory.checkUsable(out);
  }

  private static FileChannel lock(VersionedDirectory runs, Path out) throws IOException {
    FileChannel ch = runs.lock(ResultsDirectory.LOCK);
    if (ch == null) {
      throw new InvalidInputException(out + ": another strata run is writing these results");
    }
    return ch;
  }
}
