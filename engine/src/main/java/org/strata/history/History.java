package org.strata.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.strata.format.IdKind;
import org.strata.publish.VersionedDirectory;

/**
 * A store's level history: for every patient ever seen, keyed by NHS number or pseudonym, the level,
 * deciding rule and risk percentile of each of the last {@value #DEFAULT_KEEP_RUNS} runs (by default).
 * It lives beside the generations and survives re-ingest; each run publishes a new version of it with the
 * store's protocol, so a reader (another process) sees one complete version while a run writes the next.
 *
 * <pre>
 * STORE/history/CURRENT, latest                 the current version (as for generations)
 * STORE/history/versions/h000042/history.json   kept runs: run, results directory, reference date, names
 * STORE/history/versions/h000042/h000040.levels one kept run: a 4-byte record per slot ({@link RunLevels}),
 * STORE/history/versions/h000042/h000040.detail and a 6-byte one (hub, since); hard links to the same files in
 *                                               earlier versions
 * </pre>
 *
 * A patient's slot is given by the store's patient index at ingest (the {@code history_slot} column) and kept
 * across generations, so recording a run looks nothing up.
 */
public final class History {
  /** Runs kept unless told otherwise: two years of monthly runs. */
  public static final int DEFAULT_KEEP_RUNS = 24;
  static final String DIR = "history";

  private History() {}

  static VersionedDirectory directory(Path store) {
    return VersionedDirectory.of(store.resolve(DIR), "versions", 'h');
  }

  /** The kept runs, oldest first; empty when no run has recorded history in this store. */
  public static List<HistoryRun> runs(Path store) throws IOException {
    Path current = directory(store).current();
    return current == null ? List.of() : HistoryManifest.read(current).runs();
  }

  /**
   * One patient's kept runs, oldest first: a run they were not in is marked left ({@link PatientRun#left()}).
   * Empty when the patient is not in the history.
   *
   * @param key the NHS number (a {@code Long}) or the pseudonym (a {@code String})
   */
  public static List<PatientRun> of(Path store, IdKind idKind, Object key) throws IOException {
    try (HistoryReader h = HistoryReader.open(store)) {
      return h.of(idKind == IdKind.NHS_NUMBER ? (Long) key : (String) key);
    }
  }

  /** Whether {@code store} has a history (for messages). */
  public static boolean exists(Path store) {
    return Files.exists(store.resolve(DIR).resolve(VersionedDirectory.CURRENT));
  }
}
