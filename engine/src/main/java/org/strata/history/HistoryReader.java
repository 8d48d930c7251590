package org.strata.history;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.strata.format.InvalidInputException;
import org.strata.store.PatientIndex;
import org.strata.store.Store;

/**
 * One version of a store's level history, opened once for many look-ups (a service answers them all day):
 * the current generation's patient index (which gives each patient's history slot) and every kept run's
 * file, memory-mapped, stay open until {@link #close}. A run publishing the next version meanwhile does not
 * disturb it: the files of this version stay readable while open. A read is one index look-up and a
 * 4-byte record per kept run, with no system call. Thread-safe.
 *
 * <pre>{@code
 * try (HistoryReader h = HistoryReader.open(storeDir)) {
 *   List<PatientRun> runs = h.of(9434765919L);
 * }
 * }</pre>
 */
public final class HistoryReader implements AutoCloseable {
  private final HistoryManifest manifest; // null: no history recorded yet
  private final Store store;
  private final PatientIndex keys;
  private final RunLevels[] files; // each kept run's records, memory-mapped

  private HistoryReader(HistoryManifest manifest, Store store, PatientIndex keys, RunLevels[] files) {
    this.manifest = manifest;
    this.store = store;
    this.keys = keys;
    this.files = files;
  }

  /**
   * The store's current history version, with the store's current generation's patient index; one with no
   * runs when none is recorded yet.
   *
   * @throws InvalidInputException when the history's slots are not the current generation's (the store was
   *     re-created since)
   */
  public static HistoryReader open(Path storeDir) throws IOException {
    Path current = History.directory(storeDir).current();
    if (current == null) {
      return new HistoryReader(null, null, null, new RunLevels[0]);
    }
    HistoryManifest m = HistoryManifest.read(current);
    if (m.formatVersion() < HistoryManifest.FORMAT_VERSION) {
      throw new InvalidInputException(storeDir + ": the level history is in format " + m.formatVersion()
          + ", which the next strata run of this store converts to format " + HistoryManifest.FORMAT_VERSION
          + " (its runs are kept); it can be read after that");
    }
    int n = m.runs().size();
    RunLevels[] files = new RunLevels[n];
    Store store = null;
    try {
      for (int i = 0; i < n; i++) {
        files[i] = RunLevels.open(current.resolve(m.runs().get(i).file()));
      }
      store = Store.open(storeDir);
      PatientIndex keys = store.index();
      if (!keys.lineage().equals(m.lineage())) {
        throw new InvalidInputException(storeDir + ": the level history numbers its patients by the patient index"
            + " begun at " + m.lineage() + ", the current generation's by one begun at " + keys.lineage()
            + "; its history starts with its next run");
      }
      return new HistoryReader(m, store, keys, files);
    } catch (IOException | RuntimeException e) {
      release(files);
      if (store != null) {
        store.close();
      }
      throw e;
    }
  }

  /** The kept runs, oldest first. */
  public List<HistoryRun> runs() {
    return manifest == null ? List.of() : manifest.runs();
  }

  /**
   * One patient's kept runs, oldest first: a run they were not in, after their first, is marked left
   * ({@link PatientRun#left()}). Empty when the patient is not in the history.
   *
   * @param key the NHS number (a {@code Long}) or the pseudonym (a {@code String}), as the store keys them
   */
  public List<PatientRun> of(Object key) {
    if (manifest == null) {
      return List.of();
    }
    int slot = key instanceof Long n ? keys.slotOf(n) : keys.slotOf((String) key);
    if (slot < 0) {
      return List.of();
    }
    // every kept run's record first, one load each and none waiting on another (the memory is reached once for
    // all of them), then the answer built from them
    int[] record = new int[files.length];
    for (int i = 0; i < files.length; i++) {
      record[i] = files[i].record(slot);
    }
    List<PatientRun> out = new ArrayList<>(files.length);
    boolean seen = false;
    for (int i = 0; i < files.length; i++) {
      HistoryRun run = manifest.runs().get(i);
      int h = record[i];
      int level = RunLevels.level(h); // 0 too for a slot that had not joined by that run
      if (level == 0) {
        if (seen && slot < files[i].slots) {
          out.add(new PatientRun(run, 0, null, Double.NaN, null));
        }
        continue;
      }
      seen = true;
      int rule = RunLevels.rule(h);
      int percentile = RunLevels.percentile(h);
      int practice = RunLevels.practice(h);
      out.add(new PatientRun(run, level, rule < 0 ? null : run.rules().get(rule),
          percentile < 0 ? Double.NaN : percentile / 10.0, practice < 0 ? null : run.practices().get(practice)));
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    release(files);
    if (store != null) {
      store.close();
    }
  }

  private static void release(RunLevels[] files) {
    for (RunLevels f : files) {
      if (f != null) {
        f.close();
      }
    }
  }
}
