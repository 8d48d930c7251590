package org.strata.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.strata.format.InvalidInputException;
import org.strata.format.PatientColumn;
import org.strata.format.Practice;
import org.strata.level.LevelResult;
import org.strata.level.RisingRisk;
import org.strata.parallel.Workers;
import org.strata.publish.VersionedDirectory;
import org.strata.rollup.Hubs;
import org.strata.rollup.RowHubs;
import org.strata.store.PatientIndex;
import org.strata.store.Store;

/**
 * Records one run into the store's level history and finds what moved since the run compared with. Between
 * {@link #begin} and {@link #publish} the next history version is written beside the current one, under the
 * history's lock; {@link #close} without a publish throws it away, so a failed or killed run leaves the
 * history as it was.
 *
 * <pre>{@code
 * try (HistoryRecorder h = HistoryRecorder.begin(storeDir, store, levels, hubs, rowHubs, results, "r000042",
 *     null, History.DEFAULT_KEEP_RUNS, RisingRisk.DEFAULT, rows -> { })) {
 *   Movement m = h.movement();          // null on a results directory's first run
 *   ... write the outputs ...
 *   h.publish();
 * }
 * }</pre>
 */
public final class HistoryRecorder implements AutoCloseable {
  /** Patients of this age and over are the adults among whom the risk percentile is ranked. */
  public static final int ADULT_AGE = 18;
  static final String LOCK = ".lock";
  /** Where, in the version being written, a format-2 history's runs are converted before they are linked in. */
  private static final String CONVERTED = "converted-format-2";

  private final VersionedDirectory dir;
  private final FileChannel lock;
  private final Path incoming;
  private final int number;
  private final HistoryManifest next;
  private final Movement movement;
  private final List<String> warnings = new ArrayList<>();
  private boolean published;

  private HistoryRecorder(VersionedDirectory dir, FileChannel lock, Path incoming, int number, HistoryManifest next,
      Movement movement) {
    this.dir = dir;
    this.lock = lock;
    this.incoming = incoming;
    this.number = number;
    this.next = next;
    this.movement = movement;
  }

  /**
   * Writes the next history version: tonight's records, and links to the kept runs' files.
   *
   * @param storeDir the store's directory (its history is in {@code storeDir/history})
   * @param hubOf the hub of a row from its practice and LSOA
   * @param results the results directory tonight's run publishes into
   * @param runName tonight's run in it ({@code r000042}); a kept run of the same name there is replaced
   * @param compareWith a kept run of {@code results} to compare with instead of the one before; null for that
   * @param rowsKeyed told of the rows whose history slot is read, batch by batch
   * @throws InvalidInputException when another run holds the history's lock, or {@code compareWith} is not kept
   */
  public static HistoryRecorder begin(Path storeDir, Store store, LevelResult levels, Hubs hubs, RowHubs hubOf,
      Path results, String runName, String compareWith, int keepRuns, RisingRisk rising, LongConsumer rowsKeyed)
      throws IOException {
    if (keepRuns < 2) {
      throw new InvalidInputException("--keep-history must be at least 2 (a run and the one it is compared with): "
          + keepRuns);
    }
    if (store.practices().size() > RunLevels.MAX_PRACTICES || levels.ruleNames().size() > RunLevels.MAX_RULES) {
      throw new InvalidInputException("the level history records at most " + RunLevels.MAX_PRACTICES
          + " practices and " + RunLevels.MAX_RULES + " rules; this run has " + store.practices().size()
          + " practices and " + levels.ruleNames().size() + " rules");
    }
    VersionedDirectory dir = History.directory(storeDir);
    FileChannel lock = dir.lock(LOCK);
    if (lock == null) {
      throw new InvalidInputException(storeDir + ": another strata run is recording this store's level history");
    }
    Path incoming = null;
    try {
      dir.removeDebris();
      Path current = dir.current();
      HistoryManifest before = current == null ? null : HistoryManifest.read(current);
      if (before != null && !before.idKind().equals(store.idKind().name())) {
        throw new InvalidInputException(storeDir + ": the level history is keyed by " + before.idKind()
            + " but this generation by " + store.idKind() + "; move " + dir.root() + " aside to start a new one");
      }
      String resultsKey = results.toAbsolutePath().normalize().toString();
      List<HistoryRun> kept = new ArrayList<>();
      if (before != null) {
        for (HistoryRun r : before.runs()) {
          if (!(r.results().equals(resultsKey) && r.run().compareTo(runName) >= 0)) {
            kept.add(r); // a run of this directory numbered tonight or later never published: replaced
          }
        }
      }
      HistoryRun previous = null;
      HistoryRun compared = null;
      for (HistoryRun r : kept) {
        if (r.results().equals(resultsKey)) {
          previous = r;
          if (r.run().equals(compareWith)) {
            compared = r;
          }
        }
      }
      if (compareWith != null && compared == null) {
        List<String> ofThese = kept.stream().filter(r -> r.results().equals(resultsKey)).map(HistoryRun::run).toList();
        throw new InvalidInputException("--compare-with " + compareWith + ": not a kept run of " + results
            + " in this store's history (" + (ofThese.isEmpty() ? "none kept yet" : "kept: " + String.join(", ", ofThese))
            + ")");
      }
      if (compared == null) {
        compared = previous;
      }
      int number = dir.latestNumber() + 1;
      incoming = dir.begin(number);

      PatientIndex.Sidecar index = store.indexSidecar();
      if (before != null && !before.lineage().equals(index.lineage())) {
        throw new InvalidInputException(storeDir + ": the level history numbers its patients by the patient index"
            + " begun at " + before.lineage() + ", but this generation's index was begun afresh at "
            + index.lineage() + " (the store was re-created or ingested by an earlier Strata); move " + dir.root()
            + " aside to start a new history");
      }
      int slots = Math.max(index.slots(), before == null ? 0 : before.slots());
      RowSlots slotOfRow = new RowSlots(store, slots);
      LocalDate date = referenceDate(store);
      HistoryManifest next;
      Movement movement = null;
      List<RunLevels> mapped = new ArrayList<>(); // earlier runs' records, released once the movement is counted
      Path source = current; // where the kept runs' files are read from
      if (before != null && before.formatVersion() < HistoryManifest.FORMAT_VERSION) {
        source = Files.createDirectory(incoming.resolve(CONVERTED)); // linked from, then removed
        for (HistoryRun r : kept) {
          Format2Records.convert(current.resolve(r.file()), source.resolve(r.file()));
        }
      }
      try {
        RunLevels prev = previous == null ? null : opened(mapped, RunLevels.open(source.resolve(previous.file())));
        String file = dir.name(number) + RunLevels.SUFFIX;
        HistoryRun mine = new HistoryRun(runName, resultsKey, date.toString(), store.manifest().generation(), file,
            levels.ruleNames(), store.practices().stream().map(Practice::code).toList(), hubs.names());
        kept.add(mine);
        while (kept.size() > keepRuns) {
          kept.remove(0);
        }
        Movement.Counter moved = null;
        if (compared != null) {
          HistoryRun against = compared;
          RunLevels from = compared == previous ? prev
              : opened(mapped, RunLevels.open(source.resolve(compared.file())));
          Path was = source;
          RiskWindow window = RiskWindow.of(rising, kept, mine, run -> run == mine ? null // tonight's: being written
              : run == against ? from : opened(mapped, RunLevels.open(was.resolve(run.file()))));
          moved = new Movement.Counter(compared, from, mine, window, rising);
        }
        BitSet recorded = new BitSet(slots);
        try (RunLevelsWriter writer = RunLevelsWriter.create(incoming.resolve(file), slots)) {
          recordTonight(writer, store, levels, hubOf, slotOfRow, prev, date, rowsKeyed, moved, recorded);
        }
        for (HistoryRun r : kept) {
          if (r != mine) {
            Path records = source.resolve(r.file());
            Files.createLink(incoming.resolve(r.file()), records);
            Path detail = RunLevels.detailOf(records);
            Files.createLink(incoming.resolve(detail.getFileName()), detail);
          }
        }
        next = new HistoryManifest(HistoryManifest.FORMAT_VERSION, store.idKind().name(), slots, index.lineage(),
            kept);
        if (moved != null) {
          movement = moved.movement(recorded, levels.riskPredictorMicro());
        }
      } finally {
        for (RunLevels r : mapped) {
          r.close();
        }
      }
      if (source != current) {
        VersionedDirectory.deleteTree(source);
      }
      return new HistoryRecorder(dir, lock, incoming, number, next, movement);
    } catch (IOException | RuntimeException | Error e) {
      if (incoming != null) {
        VersionedDirectory.deleteTree(incoming);
      }
      lock.close();
      throw e;
    }
  }

  /** The extract's reference date, or for an ingest not given one the date it was made. */
  static LocalDate referenceDate(Store store) {
    String d = store.manifest().referenceDate();
    return LocalDate.parse(d != null ? d : store.manifest().created().substring(0, 10));
  }

  private static RunLevels opened(List<RunLevels> mapped, RunLevels r) {
    mapped.add(r);
    return r;
  }

  /**
   * Tonight's record of each row's patient into their slot, written window by window on every core (each worker
   * a share of the rows and the windows of its slots); every other slot is written as not in tonight's extract.
   */
  private static void recordTonight(RunLevelsWriter out, Store store, LevelResult levels, RowHubs hubOf,
      RowSlots slotOfRow, RunLevels prev, LocalDate date, LongConsumer rowsKeyed, Movement.Counter moved,
      BitSet recorded) throws IOException {
    int[] predictor = levels.riskPredictorMicro();
    boolean[] adult = adults(store);
    RiskPercentiles.Ranking ranking = RiskPercentiles.ranking(adult, predictor);
    int today = (int) date.toEpochDay();
    int rows = slotOfRow.rows();
    int workers = Workers.forItems(rows);
    int[] firstWindow = ownedWindows(slotOfRow, workers, out);
    AtomicLong keyed = new AtomicLong();
    Movement.Tally[] tally = new Movement.Tally[workers];
    BitSet[] recordedBy = new BitSet[workers];
    RunLevelsReader.Set[] readers = new RunLevelsReader.Set[workers];
    for (int w = 0; w < workers; w++) {
      readers[w] = new RunLevelsReader.Set();
      tally[w] = moved == null ? null : moved.tally(readers[w]); // in worker order: the tallies join in row order
      recordedBy[w] = new BitSet(recorded.size());
    }
    try {
      Workers.runShares(workers, rows, "strata-history-", (w, first, end) -> {
        RunLevelsWriter.Cursor cursor = out.cursor(firstWindow[w], firstWindow[w + 1]);
        Movement.Tally t = tally[w];
        BitSet mine = recordedBy[w];
        RunLevelsReader earlier = readers[w].of(prev);
        int[] slot = new int[RowSlots.CHUNK];
        short[] practice = new short[RowSlots.CHUNK];
        int[] lsoa = new int[RowSlots.CHUNK];
        for (int from = first; from < end; from += RowSlots.CHUNK) {
          int n = Math.min(RowSlots.CHUNK, end - from);
          slotOfRow.read(from, n, slot);
          RowSlots.readShorts(store, PatientColumn.PRACTICE, from, n, practice);
          RowSlots.readInts(store, PatientColumn.LSOA, from, n, lsoa);
          for (int i = 0; i < n; i++) {
            int row = from + i;
            int s = slot[i];
            int level = levels.level(row);
            int rule = levels.decidingRule(row);
            int since = earlier != null && earlier.levelOf(s) == level ? earlier.since(s) : today;
            int pct = adult[row] ? ranking.of(predictor[row]) : RunLevels.NO_PERCENTILE;
            int hub = hubOf.of(practice[i], lsoa[i]);
            cursor.put(s, level, rule, pct, practice[i], hub, since);
            mine.set(s);
            if (t != null) {
              t.row(row, s, level, rule, pct, practice[i], hub);
            }
          }
          synchronized (keyed) {
            rowsKeyed.accept(keyed.addAndGet(n));
          }
        }
        cursor.end();
      });
    } catch (UncheckedIOException e) {
      throw e.getCause(); // a worker's read or write failed: the disk, not a bug
    } finally {
      for (RunLevelsReader.Set r : readers) {
        r.close();
      }
    }
    for (BitSet b : recordedBy) {
      recorded.or(b);
    }
    out.finish();
  }

  /**
   * The first window of each worker's slots, and after them the end: where the slots of the worker's first rows
   * are (the median of a hundred, so a new patient's slot at the end does not count), never before the previous
   * worker's.
   */
  private static int[] ownedWindows(RowSlots slotOfRow, int workers, RunLevelsWriter out) {
    int windows = out.windows();
    int rows = slotOfRow.rows();
    int[] first = new int[workers + 1];
    int[] sample = new int[101];
    for (int w = 1; w < workers; w++) {
      int from = (int) ((long) rows * w / workers);
      int n = Math.min(sample.length, rows - from);
      slotOfRow.read(from, n, sample);
      Arrays.sort(sample, 0, n);
      first[w] = Math.min(windows, Math.max(first[w - 1], out.windowOf(sample[n / 2])));
    }
    first[workers] = windows;
    return first;
  }

  /** Whether each row is one of the footprint's adults, among whom risk percentiles are ranked. */
  private static boolean[] adults(Store store) {
    boolean[] adult = new boolean[Math.toIntExact(store.rowCount())];
    byte[] age = new byte[Math.max(1, store.maxBatchRows())];
    for (int b = 0; b < store.batchCount(); b++) {
      int rows = store.batchRows(b);
      int off = (int) store.batchFirstRow(b);
      store.readBytes(PatientColumn.AGE, b, 0, age, 0, rows);
      for (int i = 0; i < rows; i++) {
        adult[off + i] = age[i] >= ADULT_AGE;
      }
    }
    return adult;
  }

  /** What moved since the run compared with; null on a results directory's first run. */
  public Movement movement() {
    return movement;
  }

  /** Makes tonight's history current; older versions are pruned (their files stay linked from this one). */
  public void publish() throws IOException {
    next.write(incoming);
    dir.publish(incoming, number);
    published = true;
    try {
      dir.prune(2);
    } catch (IOException | RuntimeException e) {
      warnings.add(dir.root() + ": the history is recorded, but older versions could not be removed ("
          + e.getMessage() + ")");
    }
  }

  /** What publishing warned of. */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  @Override
  public void close() throws IOException {
    try {
      if (!published) {
        VersionedDirectory.deleteTree(incoming);
      }
    } finally {
      lock.close();
    }
  }
}
