package org.strata.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;
import org.strata.format.InvalidInputException;
import org.strata.format.PatientColumn;
import org.strata.level.LevelAssigner;
import org.strata.level.LevelResult;
import org.strata.level.Policy;
import org.strata.level.Rule;
import org.strata.output.RunContents;
import org.strata.output.RunOutputs;
import org.strata.rollup.HubFormation;
import org.strata.rollup.Hubs;
import org.strata.rollup.Rollup;
import org.strata.rollup.RollupTables;
import org.strata.rollup.UnregisteredPlacement;
import org.strata.store.Store;

/**
 * The nightly batch over a store: policy, hubs, scores and levels, rollups, outputs — the only package
 * that imports every stage. Outputs are written beside the results directory and swapped in only when
 * complete, so a failed run leaves the last published results as they were.
 *
 * <pre>
 * RESULTS/manifest.json          sources, policy and model, levels, output checksums (no timestamps)
 * RESULTS/patients.arrow|.csv    one row per patient: level, deciding rule, reasons, scores (identifying)
 * RESULTS/practices.csv, hubs.csv, footprint.csv, rollup.json      the rollups
 * RESULTS/shared/                the rollups with small numbers suppressed, for sharing
 * </pre>
 *
 * <pre>{@code RunResult r = NightlyRun.run(new RunConfig(store, null, out, true, 5));}</pre>
 */
public final class NightlyRun {
  private NightlyRun() {}

  public static RunResult run(RunConfig config) throws IOException {
    LinkedHashMap<String, Long> phases = new LinkedHashMap<>();
    long t = System.nanoTime();
    Path out = config.out().toAbsolutePath().normalize();
    checkOut(out, config);
    Policy policy = config.policy() == null ? Policy.defaultPolicy() : Policy.load(config.policy());
    List<String> warnings = new ArrayList<>();
    Files.createDirectories(out.getParent());
    try (java.nio.channels.FileChannel lockChannel = java.nio.channels.FileChannel.open(
            out.resolveSibling("." + out.getFileName() + ".lock"),
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock = lock(lockChannel, out);
        Store store = Store.open(config.store())) {
      removeDebris(out);
      phases.put("open", System.nanoTime() - t);
      t = System.nanoTime();
      Hubs hubs = hubs(store, config, warnings);
      int[] hubOfRow = needsHubs(policy) ? hubOfRow(store, hubs) : null;
      phases.put("hubs", System.nanoTime() - t);

      t = System.nanoTime();
      LevelResult levels = LevelAssigner.assign(store, policy, hubOfRow, hubs.hubCount());
      phases.put("score+levels", System.nanoTime() - t);

      t = System.nanoTime();
      RollupTables rollup = Rollup.compute(levels, store, hubs);
      warnings.clear();
      warnings.addAll(rollup.warnings()); // the rollup's warnings include the hubs'
      phases.put("rollup", System.nanoTime() - t);

      t = System.nanoTime();
      Path incoming = Files.createDirectories(out.resolveSibling("." + out.getFileName() + ".incoming-" + ProcessHandle.current().pid()));
      try {
        RunOutputs.write(config.outputs(), new RunContents(store, policy, hubs, levels, rollup,
            config.suppressionThreshold(), warnings), incoming);
        publish(incoming, out);
      } finally {
        deleteTree(incoming);
      }
      phases.put("write", System.nanoTime() - t);
      return new RunResult(rollup, levels.levelCounts(), levels.levelNames(), out, warnings, phases);
    }
  }

  private static Hubs hubs(Store store, RunConfig config, List<String> warnings) throws InvalidInputException {
    if (Hubs.declaredIn(store.practices())) {
      try {
        return Hubs.fromPracticesFile(store.practices());
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("practices file: " + e.getMessage(), e);
      }
    }
    if (!config.formHubs()) {
      throw new InvalidInputException(
          "the practices file has no 'hub' column: add one, or give --form-hubs to form hubs of 30,000-50,000 from practice locations");
    }
    Hubs hubs = HubFormation.form(store.practices(), HubFormation.registeredByPractice(store));
    warnings.addAll(hubs.warnings());
    return hubs;
  }

  private static boolean needsHubs(Policy policy) {
    return policy.rules().stream().anyMatch(r -> r.kind() == Rule.Kind.TOP_PERCENT && r.scope() == Rule.Scope.HUB);
  }

  /** Hub of every row: its practice's hub, or for the unregistered the hub placed by LSOA (-1 unplaced). */
  private static int[] hubOfRow(Store store, Hubs hubs) {
    int[] hubOfLsoa = UnregisteredPlacement.compute(store, hubs).hubOfLsoa();
    int[] out = new int[(int) store.rowCount()];
    short[] practice = new short[Math.max(1, store.maxBatchRows())];
    int[] lsoa = new int[practice.length];
    for (int b = 0; b < store.batchCount(); b++) {
      int rows = store.batchRows(b);
      int off = (int) store.batchFirstRow(b);
      store.readShorts(PatientColumn.PRACTICE, b, 0, practice, 0, rows);
      store.readInts(PatientColumn.LSOA, b, 0, lsoa, 0, rows);
      for (int i = 0; i < rows; i++) {
        out[off + i] = practice[i] >= 0 ? hubs.hubOf(practice[i]) : lsoa[i] >= 0 ? hubOfLsoa[lsoa[i]] : -1;
      }
    }
    return out;
  }

  /**
   * The results directory is replaced whole, so it must be one: absent, or a directory holding a Strata
   * run manifest — never a file, a store, the directory holding the store or policy, or a user's folder.
   */
  private static void checkOut(Path out, RunConfig config) throws InvalidInputException {
    Path store = config.store().toAbsolutePath().normalize();
    if (store.startsWith(out)) {
      throw new InvalidInputException(out + ": --out holds the store; results would replace it. Choose another --out");
    }
    if (config.policy() != null && config.policy().toAbsolutePath().normalize().startsWith(out)) {
      throw new InvalidInputException(out + ": --out holds the policy file; choose another --out");
    }
    if (Files.exists(out)) {
      if (!Files.isDirectory(out)) {
        throw new InvalidInputException(out + ": --out is a file, not a results directory");
      }
      boolean empty;
      try (Stream<Path> s = Files.list(out)) {
        empty = s.findAny().isEmpty();
      } catch (IOException e) {
        throw new InvalidInputException(out + ": cannot be read (" + e.getMessage() + ")", e);
      }
      if (!empty && !isResults(out)) {
        throw new InvalidInputException(out + ": exists and is not a Strata results directory (no run manifest);"
            + " refusing to replace it. Choose a new or empty --out");
      }
    }
  }

  private static boolean isResults(Path dir) {
    Path m = dir.resolve("manifest.json");
    try {
      return Files.isRegularFile(m) && Files.readString(m, StandardCharsets.UTF_8).contains("\"strata_version\"")
          && Files.exists(dir.resolve("footprint.csv"));
    } catch (IOException e) {
      return false;
    }
  }

  private static java.nio.channels.FileLock lock(java.nio.channels.FileChannel ch, Path out)
      throws InvalidInputException {
    try {
      java.nio.channels.FileLock l = ch.tryLock();
      if (l == null) {
        throw new InvalidInputException(out + ": another strata run is writing these results");
      }
      return l;
    } catch (java.nio.channels.OverlappingFileLockException | IOException e) {
      throw new InvalidInputException(out + ": another strata run is writing these results", e);
    }
  }

  /** Removes what a run killed mid-publish left beside the results (we hold the lock: no run is live). */
  private static void removeDebris(Path out) throws IOException {
    String prefix = "." + out.getFileName() + ".";
    try (Stream<Path> s = Files.list(out.getParent())) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix + "incoming-") || name.startsWith(prefix + "old-")) {
          deleteTree(p);
        }
      }
    }
  }

  /** Swaps the new results in: the old directory is moved aside first and removed only after. */
  private static void publish(Path incoming, Path out) throws IOException {
    Path old = out.resolveSibling("." + out.getFileName() + ".old-" + ProcessHandle.current().pid());
    boolean hadOld = Files.exists(out);
    if (hadOld) {
      Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
    }
    try {
      Files.move(incoming, out, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (hadOld) {
        Files.move(old, out, StandardCopyOption.ATOMIC_MOVE); // put the last results back
      }
      throw e;
    }
    if (hadOld) {
      deleteTree(old);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
