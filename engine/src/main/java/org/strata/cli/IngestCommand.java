package org.strata.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.strata.format.IdKind;
import org.strata.ingest.IngestRequest;
import org.strata.ingest.IngestResult;
import org.strata.store.StoreManifest;
import org.strata.ingest.Ingest;
import org.strata.events.EventExtract;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strata ingest}: validate an extract into a new store generation, published atomically. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Validates an extract into a new store generation, published atomically.",
      "Validates a patients file and a practices file (CSV, optionally gzip) into a new generation of "
          + "the store: Arrow IPC files, memory-mapped when read, plus the patient index. Rejected rows go "
          + "to the generation's quarantine.csv with line, column, masked value and reason (docs/INPUT.md). "
          + "The previous generation stays current until the new one is complete."
    })
final class IngestCommand implements Callable<Integer> {
  @Option(names = "--patients", description = "Patients file (CSV, CSV.gz, Parquet or Arrow IPC); with --events,"
      + " default DIR/patients.csv.")
  Path patients;

  @Option(names = "--practices", description = "Practices file (CSV, CSV.gz, Parquet or Arrow IPC); with --events,"
      + " default DIR/practices.csv.")
  Path practices;

  @Option(names = "--events", paramLabel = "DIR",
      description = "An event-level extract: DIR holds gp_events, apc_spells, ae_attendances, op_attendances and"
          + " medications (.csv, .csv.gz or .parquet) and the demographic patients file; the per-patient columns are"
          + " derived from the events by --features and --codelists (docs/INPUT.md). Needs --reference-date.")
  Path events;

  @Option(names = "--codelists", paramLabel = "DIR",
      description = "With --events: code lists (OpenCodelists code,term files, NAME.csv); default: the shipped lists.")
  Path codelists;

  @Option(names = "--features", paramLabel = "features.yaml",
      description = "With --events: how each column is derived (lists, source, window); default: the shipped file.")
  Path features;

  @Option(names = "--store", required = true, description = "Store directory (created if absent).")
  Path store;

  @Option(names = "--id-kind", defaultValue = "nhs-number", description = "nhs-number or pseudonym (default: ${DEFAULT-VALUE}).")
  String idKind;

  @Option(names = "--reference-date", description = "Date (YYYY-MM-DD) at which ages are computed from date_of_birth.")
  LocalDate referenceDate;

  @Option(names = "--max-reject-rate", defaultValue = "0.01", paramLabel = "R",
      description = "Fail when more than this share of rows is rejected (default: ${DEFAULT-VALUE}).")
  double maxRejectRate;

  @Option(names = "--strict-columns",
      description = "Fail on a header column Strata does not know, instead of ignoring it with a warning.")
  boolean strictColumns;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    if (events == null) {
      if (patients == null || practices == null) {
        throw new BadInputException("ingest needs --patients and --practices (or --events DIR for an event-level"
            + " extract)");
      }
      if (codelists != null || features != null) {
        throw new BadInputException("--codelists and --features are for an event-level extract (--events DIR)");
      }
      IngestResult r = ingest(patients, practices, store, idKind, referenceDate, maxRejectRate, strictColumns, quiet);
      System.out.print(summary(r));
      return 0;
    }
    Path p = patients != null ? patients : required(events, "patients");
    Path pr = practices != null ? practices : required(events, "practices");
    EventExtract extract = EventExtract.open(events, p, idKind(idKind), referenceDate, codelists, features,
        maxRejectRate, store);
    IngestResult r = ingest(p, pr, store, idKind, referenceDate, maxRejectRate, strictColumns, quiet, extract);
    System.out.print(summary(r));
    System.out.print(extract.summary());
    return 0;
  }

  /** DIR's patients or practices file, which an event-level extract must hold unless given on its own. */
  private static Path required(Path dir, String stem) throws Exception {
    if (!java.nio.file.Files.isDirectory(dir)) {
      throw new BadInputException(dir + ": no such directory (--events takes the directory of event files)");
    }
    Path f = EventExtract.find(dir, stem);
    if (f == null) {
      throw new BadInputException(dir + ": no " + stem + ".csv (give --" + stem + " FILE)");
    }
    return f;
  }

  private static IdKind idKind(String name) throws BadInputException {
    try {
      return IdKind.fromCliName(name);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }

  static IngestResult ingest(Path patients, Path practices, Path store, String idKind, LocalDate referenceDate,
      double maxRejectRate, boolean strictColumns, boolean quiet) throws Exception {
    return ingest(patients, practices, store, idKind, referenceDate, maxRejectRate, strictColumns, quiet, null);
  }

  private static IngestResult ingest(Path patients, Path practices, Path store, String idKind,
      LocalDate referenceDate, double maxRejectRate, boolean strictColumns, boolean quiet, EventExtract events)
      throws Exception {
    IngestRequest req;
    try {
      req = new IngestRequest(patients, practices, store, IdKind.fromCliName(idKind), referenceDate,
          maxRejectRate, IngestRequest.DEFAULT_BATCH_ROWS, strictColumns, events);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    long size = java.nio.file.Files.exists(patients) ? java.nio.file.Files.size(patients) : 0;
    if (events != null) {
      size += events.eventBytes();
    }
    final long eventBytes = events == null ? 0 : events.eventBytes();
    try (TerminalProgress bar = TerminalProgress.start("ingest", size, " MB", 1 << 20, quiet)) {
      // an event ingest reports the events' bytes first, then the patients file's after them
      boolean[] patientsPhase = {false};
      IngestResult r = Ingest.run(req, (bytes, total, rows) -> {
        if (events != null && total != eventBytes) {
          patientsPhase[0] = true;
        }
        bar.stepTo(patientsPhase[0] ? eventBytes + bytes : bytes);
        bar.extra(String.format(Locale.ROOT, "%,d %s", rows, patientsPhase[0] || events == null ? "rows" : "events"));
      });
      r.warnings().forEach(w -> System.err.println("strata: warning: " + w));
      return r;
    }
  }

  /** The one-screen summary printed after an ingest. */
  static String summary(IngestResult r) {
    StoreManifest m = r.manifest();
    StoreManifest.IngestCounts c = m.ingest();
    double secs = r.elapsedNs() / 1e9;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "Ingested generation %d into %s%n", r.generation(), r.directory()));
    s.append(String.format(Locale.ROOT, "  rows read      %,14d%n", c.rowsRead()));
    s.append(String.format(Locale.ROOT, "  rows stored    %,14d%n", c.rowsStored()));
    s.append(String.format(Locale.ROOT, "  rows rejected  %,14d  (%.3f%%)%n", c.rowsRejected(),
        c.rowsRead() == 0 ? 0.0 : 100.0 * c.rowsRejected() / c.rowsRead()));
    for (Map.Entry<String, Long> e : c.rejectedByReason().entrySet()) {
      s.append(String.format(Locale.ROOT, "    %-24s %,8d%n", e.getKey(), e.getValue()));
    }
    s.append(String.format(Locale.ROOT, "  practices      %,14d%n", m.rows().get("practices")));
    s.append(String.format(Locale.ROOT, "  LSOAs          %,14d%n", m.rows().get("lsoas")));
    s.append(String.format(Locale.ROOT, "  time           %14.2f s  (%,.0f rows/s, %.1f MB/s)%n", secs,
        c.rowsRead() / secs, r.inputBytes() / 1e6 / secs));
    if (c.rowsRejected() > 0) {
      s.append("  quarantine     ").append(r.directory().resolve("quarantine.csv")).append('\n');
    }
    return s.toString();
  }
}
