package org.strata.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.strata.format.IdKind;
import org.strata.format.InvalidInputException;
import org.strata.ingest.DerivedColumns;
import org.strata.ingest.IngestProgress;
import org.strata.ingest.InputFiles;
import org.strata.ingest.RecordSource;
import org.strata.parallel.Workers;
import org.strata.store.Checksums;
import org.strata.store.StoreManifest;

/**
 * An event-level extract: a directory of event files ({@code gp_events}, {@code apc_spells},
 * {@code ae_attendances}, {@code op_attendances}, {@code medications}; CSV, CSV.gz, Parquet or Arrow) read through
 * code lists and a features file into the flat contract's per-patient columns, which the ingest appends to the
 * patients file's rows.
 *
 * <pre>{@code
 * EventExtract events = EventExtract.open(eventsDir, patients, IdKind.NHS_NUMBER, LocalDate.parse("2026-03-31"),
 *     null, null, 0.01, store);                     // the shipped code lists and features
 * Ingest.run(new IngestRequest(patients, practices, store, IdKind.NHS_NUMBER, date, 0.01,
 *     IngestRequest.DEFAULT_BATCH_ROWS, false, events), IngestProgress.NONE);
 * }</pre>
 */
public final class EventExtract implements DerivedColumns {
  /** Where a failed event ingest's quarantine is kept, in the store's directory. */
  public static final String FAILED_QUARANTINE = "failed-events-quarantine.csv";

  private final Path patients;
  private final IdKind idKind;
  private final LocalDate reference;
  private final FeatureSpec spec;
  private final CodeLists lists;
  private final double maxRejectRate;
  private final Path store;
  private final Map<EventSource, Path> files = new EnumMap<>(EventSource.class);
  private final List<StoreManifest.FileEntry> sources = new ArrayList<>();
  private final List<Map<String, Object>> fileCounts = new ArrayList<>();
  private final EventCoverage coverage = new EventCoverage();
  private PatientKeys keys;
  private FeatureState state;
  private long eventsRead;
  private long derivedNanos;

  private EventExtract(Path patients, IdKind idKind, LocalDate reference, FeatureSpec spec,
      CodeLists lists, double maxRejectRate, Path store) {
    this.patients = patients;
    this.idKind = idKind;
    this.reference = reference;
    this.spec = spec;
    this.lists = lists;
    this.maxRejectRate = maxRejectRate;
    this.store = store;
  }

  /**
   * Checks the extract before anything is read: the directory, the features file and every code list it names,
   * and that each source a feature reads has its file.
   *
   * @param codelists a directory of code lists, or null for the shipped ones
   * @param features a features file, or null for the shipped one
   */
  public static EventExtract open(Path dir, Path patients, IdKind idKind, LocalDate reference, Path codelists,
      Path features, double maxRejectRate, Path store) throws IOException {
    if (reference == null) {
      throw new InvalidInputException("--events needs --reference-date: every window ends on it");
    }
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException(dir + ": no such directory (--events takes the directory of event files)");
    }
    FeatureSpec spec = features == null ? FeatureSpec.shipped() : FeatureSpec.read(features);
    EventExtract e = new EventExtract(patients, idKind, reference, spec, CodeLists.in(codelists), maxRejectRate,
        store);
    e.state = new FeatureState(spec, e.lists, reference, 0); // compiles every list now: errors before any reading
    for (EventSource s : e.state.sourcesRead()) {
      Path f = find(dir, s.stem());
      if (f == null) {
        throw new InvalidInputException(dir + ": no " + s.stem() + ".csv, .csv.gz or .parquet, which " + spec.file()
            + " reads (" + featuresReading(spec, s) + ")");
      }
      e.files.put(s, f);
    }
    return e;
  }

  private static String featuresReading(FeatureSpec spec, EventSource s) {
    return String.join(", ", spec.features().stream()
        .filter(f -> f.terms().stream().anyMatch(t -> t.source() == s)).map(FeatureSpec.Feature::column).toList());
  }

  /** The file called {@code stem} in {@code dir} (.csv, .csv.gz, .parquet, .arrow), or null; two is an error. */
  public static Path find(Path dir, String stem) throws InvalidInputException {
    Path found = null;
    for (String ext : List.of(".csv", ".csv.gz", ".parquet", ".arrow")) {
      Path p = dir.resolve(stem + ext);
      if (Files.isRegularFile(p)) {
        if (found != null) {
          throw new InvalidInputException(dir + ": both " + found.getFileName() + " and " + p.getFileName()
              + ": keep one");
        }
        found = p;
      }
    }
    return found;
  }

  /** The bytes of the event files to be read, for a progress bar. */
  public long eventBytes() throws IOException {
    long total = 0;
    for (Path f : files.values()) {
      total += Files.size(f);
    }
    return total;
  }

  /**
   * Reads the event files, one per worker thread at a time (largest first: every source has state of its own, so
   * two files never write the same array), then checks each file's reject rate and writes the quarantine in source
   * order, so the outcome does not depend on the threads.
   */
  @Override
  public void derive(Function<String, Path> generationFile, IngestProgress progress) throws IOException {
    long t0 = System.nanoTime();
    keys = PatientKeys.read(patients, idKind, reference);
    state = new FeatureState(spec, lists, reference, keys.count());
    final long totalBytes = eventBytes();
    List<EventSource> order = new ArrayList<>(files.keySet());
    List<EventSource> largestFirst = new ArrayList<>(order);
    Map<EventSource, Long> sizes = new EnumMap<>(EventSource.class);
    for (EventSource s : order) {
      sizes.put(s, Files.size(files.get(s)));
    }
    largestFirst.sort((a, b) -> Long.compare(sizes.get(b), sizes.get(a)));
    Path quarantineFile = generationFile.apply(EventQuarantine.FILE);
    Map<EventSource, EventQuarantine> quarantines = new EnumMap<>(EventSource.class);
    Map<EventSource, long[]> counts = new EnumMap<>(EventSource.class);
    Map<EventSource, String> shas = new EnumMap<>(EventSource.class);
    for (EventSource s : order) {
      quarantines.put(s, new EventQuarantine(quarantineFile.resolveSibling(EventQuarantine.FILE + "." + s.stem())));
    }
    long[] bytesDone = new long[order.size()];
    long[] rowsDone = new long[order.size()];
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    try {
      Workers.run(Math.min(Workers.threads(), order.size()), "strata-events-", w -> {
        for (int i = next.getAndIncrement(); i < largestFirst.size(); i = next.getAndIncrement()) {
          EventSource s = largestFirst.get(i);
          int slot = order.indexOf(s);
          Path f = files.get(s);
          try {
            boolean table = InputFiles.isTable(f);
            MessageDigest digest = Checksums.sha256();
            long[] n = new EventFileReader(s, f, keys, state, quarantines.get(s), coverage).read(
                table ? null : digest, (bytes, rows) -> {
                  synchronized (bytesDone) {
                    bytesDone[slot] = bytes;
                    rowsDone[slot] = rows;
                    progress.update(java.util.Arrays.stream(bytesDone).sum(), totalBytes,
                        java.util.Arrays.stream(rowsDone).sum());
                  }
                });
            String sha = table ? Checksums.sha256(f) : Checksums.hex(digest);
            synchronized (counts) {
              counts.put(s, n);
              shas.put(s, sha);
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    } finally {
      for (EventQuarantine q : quarantines.values()) {
        q.close();
      }
    }
    for (EventSource s : order) {
      Path f = files.get(s);
      long[] n = counts.get(s);
      EventQuarantine quarantine = quarantines.get(s);
      eventsRead += n[0];
      checkRejectRate(f, n[0], quarantine);
      sources.add(new StoreManifest.FileEntry(s.stem(), f.getFileName().toString(), sizes.get(s), shas.get(s)));
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("file", f.getFileName().toString());
      c.put("source", s.stem());
      c.put("rows_read", n[0]);
      c.put("rows_used", n[1]);
      c.put("rows_rejected", quarantine.total());
      Map<String, Long> byReason = new LinkedHashMap<>();
      quarantine.counts().forEach((k, v) -> byReason.put(k.code(), v));
      c.put("rejected_by_reason", byReason);
      fileCounts.add(c);
    }
    EventQuarantine.concatenate(quarantineFile, order.stream().map(s -> quarantines.get(s).path()).toList());
    state.finish();
    derivedNanos = System.nanoTime() - t0;
  }

  private void checkRejectRate(Path f, long rows, EventQuarantine quarantine) throws IOException {
    double rate = rows == 0 ? 0 : (double) quarantine.total() / rows;
    if (rate <= maxRejectRate) {
      return;
    }
    Path kept = store.resolve(FAILED_QUARANTINE);
    Path tmp = store.resolve(FAILED_QUARANTINE + ".tmp");
    EventQuarantine.concatenate(tmp, List.of(quarantine.path()));
    Files.move(tmp, kept, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    String top = quarantine.counts().entrySet().stream().max(Map.Entry.comparingByValue())
        .map(x -> x.getKey().code() + " (" + x.getValue() + ")").orElse("none");
    throw new InvalidInputException(String.format(Locale.ROOT,
        "%s: %d of %d rows rejected (%.2f%%), above --max-reject-rate %.2f%%; top reason %s; nothing published;"
            + " first: %s; every rejected row: %s",
        f.getFileName(), quarantine.total(), rows, 100 * rate, 100 * maxRejectRate, top,
        String.join("; ", quarantine.first()), kept));
  }

  /** The derivation's state, for tests that hold it to a plain reference (null before {@link #derive}). */
  FeatureState state() {
    return state;
  }

  @Override
  public List<String> names() {
    return spec.columns();
  }

  @Override
  public void values(RecordSource record, int idField, long[] out) {
    state.values(keys, record, idField, out);
  }

  /**
   * The event files read (after {@link #derive}), then the features file and every code list, each with its SHA-256:
   * a reproduction checks them all before it re-runs.
   */
  @Override
  public List<StoreManifest.FileEntry> sources() {
    List<StoreManifest.FileEntry> all = new ArrayList<>(sources);
    all.addAll(definitions());
    return all;
  }

  /** The features file and the code lists it reads, as manifest sources ({@code features}, {@code codelist}). */
  public List<StoreManifest.FileEntry> definitions() {
    List<StoreManifest.FileEntry> all = new ArrayList<>();
    all.add(new StoreManifest.FileEntry("features", Path.of(spec.file()).getFileName().toString(), spec.sizeBytes(),
        spec.sha256()));
    for (CodeList l : lists.loaded()) {
      all.add(new StoreManifest.FileEntry("codelist", l.name() + ".csv", l.sizeBytes(), l.sha256()));
    }
    return all;
  }

  /** The event sources a store manifest lists ({@code gp_events} …), by their role. */
  public static boolean isEventRole(String role) {
    return EventSource.ofStem(role) != null;
  }

  /** The event files this extract reads, by source stem. */
  public Map<String, Path> eventFiles() {
    Map<String, Path> m = new LinkedHashMap<>();
    files.forEach((s, f) -> m.put(s.stem(), f));
    return m;
  }

  @Override
  public List<String> generationFiles() {
    return List.of(EventQuarantine.FILE);
  }

  @Override
  public Map<String, Object> manifestSection() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("reference_date", reference.toString());
    m.put("files", fileCounts);
    Map<String, Object> features = new LinkedHashMap<>();
    features.put("file", spec.file());
    features.put("sha256", spec.sha256());
    features.put("columns", spec.columns());
    m.put("features", features);
    List<Map<String, Object>> ls = new ArrayList<>();
    for (CodeList l : lists.loaded()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", l.name());
      e.put("version", l.version());
      e.put("sha256", l.sha256());
      e.put("codes", l.codes().size());
      ls.add(e);
    }
    m.put("codelists", ls);
    m.put("codelists_from", lists.where());
    m.put("matched_rows_by_list", coverage.matchedByList());
    List<Map<String, Object>> un = new ArrayList<>();
    for (EventCoverage.Unmatched u : coverage.mostFrequentUnmatched(10)) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("source", u.source().stem());
      e.put("code", Long.toString(u.code()));
      e.put("rows", u.rows());
      un.add(e);
    }
    m.put("most_frequent_unmatched_codes", un);
    return m;
  }

  @Override
  public List<String> warnings() {
    return coverage.warnings();
  }

  /** The coverage report printed after an ingest: rows per file, matches per list, the codes no list matched. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "  events         %,14d rows in %d files, %.2f s (%,.0f rows/s)%n", eventsRead,
        fileCounts.size(), derivedNanos / 1e9, eventsRead / Math.max(1e-9, derivedNanos / 1e9)));
    for (Map<String, Object> c : fileCounts) {
      s.append(String.format(Locale.ROOT, "    %-22s %,12d read %,12d used %,9d rejected%n", c.get("file"),
          (Long) c.get("rows_read"), (Long) c.get("rows_used"), (Long) c.get("rows_rejected")));
      @SuppressWarnings("unchecked")
      Map<String, Long> by = (Map<String, Long>) c.get("rejected_by_reason");
      by.forEach((k, v) -> s.append(String.format(Locale.ROOT, "      %-22s %,10d%n", k, v)));
    }
    s.append("  rows matched per code list (any date)\n");
    coverage.matchedByList().forEach((k, v) -> s.append(String.format(Locale.ROOT, "    %-34s %,12d%n", k, v)));
    List<EventCoverage.Unmatched> un = coverage.mostFrequentUnmatched(10);
    if (!un.isEmpty()) {
      s.append("  most frequent codes in no list\n");
      for (EventCoverage.Unmatched u : un) {
        s.append(String.format(Locale.ROOT, "    %-12s %-20d %,12d%n", u.source().stem(), u.code(), u.rows()));
      }
    }
    s.append("  event quarantine ").append(EventQuarantine.FILE).append(" (in the generation)\n");
    return s.toString();
  }
}
