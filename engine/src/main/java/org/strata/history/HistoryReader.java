package org.strata.history;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.strata.store.PatientIndex;

/**
 * One version of a store's level history, opened once for many look-ups (a service answers them all day):
 * the key map and every kept run's file stay open until {@link #close}. A run publishing the next version
 * meanwhile does not disturb it: the files of this version stay readable while open. Thread-safe.
 *
 * <pre>{@code
 * try (HistoryReader h = HistoryReader.open(storeDir)) {
 *   List<PatientRun> runs = h.of(9434765919L);
 * }
 * }</pre>
 */
public final class HistoryReader implements AutoCloseable {
  private final HistoryManifest manifest; // null: no history recorded yet
  private final PatientIndex keys;
  private final FileChannel[] files;
  // a published version's files never change: their sizes are read once (FileChannel.size() takes a lock that
  // concurrent look-ups would queue on)
  private final long[] sizes;

  private HistoryReader(HistoryManifest manifest, PatientIndex keys, FileChannel[] files) throws IOException {
    this.manifest = manifest;
    this.keys = keys;
    this.files = files;
    this.sizes = new long[files.length];
    for (int i = 0; i < files.length; i++) {
      sizes[i] = files[i].size();
    }
  }

  /** The store's current history version; one with no runs when none is recorded yet. */
  public static HistoryReader open(Path store) throws IOException {
    Path current = History.directory(store).current();
    if (current == null) {
      return new HistoryReader(null, null, new FileChannel[0]);
    }
    HistoryManifest m = HistoryManifest.read(current);
    FileChannel[] files = new FileChannel[m.runs().size()];
    PatientIndex keys = null;
    try {
      for (int i = 0; i < files.length; i++) {
        files[i] = FileChannel.open(current.resolve(m.runs().get(i).file()), StandardOpenOption.READ);
      }
      keys = PatientIndex.openReadOnly(current.resolve(History.KEYS));
      return new HistoryReader(m, keys, files);
    } catch (IOException | RuntimeException e) {
      closeAll(keys, files);
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
  public List<PatientRun> of(Object key) throws IOException {
    if (manifest == null) {
      return List.of();
    }
    int slot = key instanceof Long n ? keys.rowOf(n) : keys.rowOf((String) key);
    if (slot < 0) {
      return List.of();
    }
    List<PatientRun> out = new ArrayList<>();
    boolean seen = false;
    for (int i = 0; i < files.length; i++) {
      HistoryRun run = manifest.runs().get(i);
      int[] r = RunLevels.readOne(files[i], sizes[i], slot);
      if (r == null || r[0] == 0) {
        if (seen) {
          out.add(new PatientRun(run, 0, null, Double.NaN, null));
        }
        continue;
      }
      seen = true;
      out.add(new PatientRun(run, r[0], r[1] < 0 ? null : run.rules().get(r[1]),
          r[2] < 0 ? Double.NaN : r[2] / 10.0, r[3] < 0 ? null : run.practices().get(r[3])));
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    closeAll(keys, files);
  }

  private static void closeAll(PatientIndex keys, FileChannel[] files) throws IOException {
    IOException first = null;
    for (FileChannel f : files) {
      try {
        if (f != null) {
          f.close();
        }
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (keys != null) {
      keys.close();
    }
    if (first != null) {
      throw first;
    }
  }
}
