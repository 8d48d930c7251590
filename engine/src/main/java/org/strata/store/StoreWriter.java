package org.strata.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.strata.ingest.ArrowRecordSource;
import org.strata.ingest.CsvRecordReader;
import org.strata.ingest.IdKind;
import org.strata.ingest.InputFiles;
import org.strata.ingest.InvalidInputException;
import org.strata.ingest.LsoaDictionary;
import org.strata.ingest.PatientBatch;
import org.strata.ingest.PatientBatchReader;
import org.strata.ingest.PatientColumn;
import org.strata.ingest.PatientRowParser;
import org.strata.ingest.Practice;
import org.strata.ingest.PracticesReader;
import org.strata.ingest.QuarantineWriter;
import org.strata.ingest.RecordSource;
import org.strata.ingest.RejectReason;

/**
 * Ingests an extract into a new store generation and publishes it atomically: validate every row,
 * quarantine the bad ones with their reasons, store the rest as Arrow IPC with the patient index, write
 * the manifest, then swap CURRENT. If anything fails — bad input, too many rejects, a crash — the
 * incoming directory is not published and the previous generation stays current.
 *
 * <pre>{@code IngestResult r = StoreWriter.ingest(request, IngestProgress.NONE);}</pre>
 */
public final class StoreWriter {
  static final String QUARANTINE_FILE = "quarantine.csv";
  static final String INDEX_FILE = "patient-index.cmap";

  private StoreWriter() {}

  public static IngestResult ingest(IngestRequest req, IngestProgress progress) throws IOException {
    long t0 = System.nanoTime();
    Files.createDirectories(req.store());
    try (FileChannel lockChannel =
            FileChannel.open(req.store().resolve(".ingest.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = tryLock(lockChannel, req.store())) {
      GenerationDirs.removeIncoming(req.store());
      List<Practice> practices = PracticesReader.read(req.practices());
      int generation = GenerationDirs.latestNumber(req.store()) + 1;
      Path incoming = GenerationDirs.newIncoming(req.store(), generation);
      boolean published = false;
      try {
        IngestResult result = write(req, practices, generation, incoming, progress, t0);
        published = true;
        return result;
      } finally {
        if (!published) {
          GenerationDirs.deleteTree(incoming);
        }
      }
    }
  }

  private static FileLock tryLock(FileChannel ch, Path store) throws IOException {
    try {
      FileLock l = ch.tryLock();
      if (l == null) {
        throw new InvalidInputException(store + ": another ingest is writing this store");
      }
      return l;
    } catch (OverlappingFileLockException e) {
      throw new InvalidInputException(store + ": another ingest is writing this store", e);
    }
  }

  private static IngestResult write(
      IngestRequest req, List<Practice> practices, int generation, Path dir, IngestProgress progress, long t0)
      throws IOException {
    String patientsName = req.patients().getFileName().toString();
    if (!Files.isRegularFile(req.patients()) || !Files.isReadable(req.patients())) {
      throw new InvalidInputException(req.patients() + ": no such file, or not readable");
    }
    long inputBytes = Files.size(req.patients());
    MessageDigest patientsDigest = Checksums.sha256();
    boolean arrowInput = InputFiles.isArrow(req.patients());
    LsoaDictionary lsoas = new LsoaDictionary();
    List<String> warnings = new ArrayList<>();
    long rowsRead = 0;
    PatientRowParser parser;
    Map<RejectReason, Long> rejected;
    long rejectedTotal;
    long stored;
    try (BufferAllocator allocator = new RootAllocator();
        RecordSource reader = arrowInput
            ? ArrowRecordSource.open(req.patients(), PatientRowParser::isKnownColumn)
            : new CsvRecordReader(InputFiles.open(req.patients(), patientsDigest));
        QuarantineWriter quarantine = new QuarantineWriter(dir.resolve(QUARANTINE_FILE));
        PendingIndex index = new PendingIndex(dir.resolve(INDEX_FILE), req.patients(), req.idKind());
        PatientArrowWriter arrow = new PatientArrowWriter(dir.resolve(StoreSchemas.PATIENTS_FILE), req.idKind(), allocator)) {
      if (!reader.next()) {
        throw new InvalidInputException(patientsName + ": the file is empty (expected a header line)");
      }
      List<String> header = new ArrayList<>(reader.fieldCount());
      for (int i = 0; i < reader.fieldCount(); i++) {
        header.add(reader.field(i));
      }
      parser = new PatientRowParser(
          patientsName, header, req.idKind(), PracticesReader.ordinals(practices), lsoas, req.referenceDate());
      if (!parser.unknownColumns().isEmpty()) {
        warnings.add(patientsName + ": ignoring unknown columns " + String.join(", ", parser.unknownColumns()));
      }
      try (PatientBatchReader batches = new PatientBatchReader(reader, parser, req.batchRows(), req.idKind(),
          (bytes, rows) -> progress.update(bytes, inputBytes, rows))) {
        Deduplicator dedup = new Deduplicator(index.get(), req.idKind()); // parsing has started meanwhile
        boolean last;
        do {
          PatientBatch b = next(batches, patientsName);
          dedup.apply(b, quarantine);
          arrow.write(b);
          last = b.isLast(); // before recycling: recycle clears the batch
          batches.recycle(b);
        } while (!last);
        rowsRead = batches.rowsRead();
      }
      stored = arrow.rowCount();
      rejected = quarantine.counts();
      rejectedTotal = quarantine.total();
      double rate = rowsRead == 0 ? 0 : (double) rejectedTotal / rowsRead;
      if (rowsRead == 0) {
        throw new InvalidInputException(patientsName + ": no patient rows after the header");
      }
      if (rate > req.maxRejectRate()) {
        throw new InvalidInputException(String.format(Locale.ROOT,
            "%s: %d of %d rows rejected (%.2f%%), above --max-reject-rate %.2f%%; top reason %s; nothing published",
            patientsName, rejectedTotal, rowsRead, 100 * rate, 100 * req.maxRejectRate(), topReason(rejected)));
      }
      DictionaryFiles.writePractices(dir.resolve(StoreSchemas.PRACTICES_FILE), practices, allocator);
      DictionaryFiles.writeLsoas(dir.resolve(StoreSchemas.LSOAS_FILE), lsoas.codes(), allocator);
      carryHistory(req.store(), index.get());
    }
    // Arrow is read by seeking, not streamed through the digest: hash its bytes in a pass of their own.
    String patientsSha = arrowInput ? Checksums.sha256(req.patients()) : Checksums.hex(patientsDigest);
    StoreManifest manifest = manifest(req, generation, dir, practices.size(), lsoas.size(), stored,
        rowsRead, rejectedTotal, rejected, parser, patientsSha);
    manifest.write(dir.resolve(StoreManifest.FILE_NAME));
    try (Store check = Store.openGeneration(dir)) {
      check.index(); // what cannot be opened is never published
    }
    Path published = GenerationDirs.publish(req.store(), dir, generation);
    GenerationDirs.prune(req.store());
    return new IngestResult(generation, published, manifest, warnings, System.nanoTime() - t0, inputBytes);
  }

  /** Keys the previous generation's history onto the new index, so levels over time survive ingest. */
  private static void carryHistory(Path store, PatientIndex index) throws IOException {
    Path previous = GenerationDirs.current(store);
    if (previous == null || !Files.exists(previous.resolve(INDEX_FILE))) {
      return;
    }
    try (PatientIndex old = PatientIndex.openReadOnly(previous.resolve(INDEX_FILE))) {
      if (old.keyKind() == index.keyKind()) {
        PatientIndex.copyHistory(old, index);
      }
    }
  }

  /** The next batch; a read failure past the header (a truncated gzip, a device error) names the file. */
  private static PatientBatch next(PatientBatchReader batches, String file) throws IOException {
    try {
      return batches.next();
    } catch (InvalidInputException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot be read to the end (" + e.getMessage() + ")", e);
    } catch (IllegalStateException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof IOException io) {
        throw new InvalidInputException(file + ": cannot be read to the end (" + io.getMessage() + ")", io);
      }
      throw e;
    }
  }

  static PatientIndex.KeyKind keyKind(IdKind idKind) {
    return idKind == IdKind.NHS_NUMBER ? PatientIndex.KeyKind.NHS_NUMBER : PatientIndex.KeyKind.PSEUDONYM;
  }

  private static String topReason(Map<RejectReason, Long> counts) {
    return counts.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(e -> e.getKey().code() + " (" + e.getValue() + ")")
        .orElse("none");
  }

  private static StoreManifest manifest(
      IngestRequest req, int generation, Path dir, int practices, int lsoas, long stored, long read,
      long rejectedTotal, Map<RejectReason, Long> rejected, PatientRowParser parser, String patientsSha)
      throws IOException {
    Map<String, Long> rows = new LinkedHashMap<>();
    rows.put("patients", stored);
    rows.put("practices", (long) practices);
    rows.put("lsoas", (long) lsoas);
    List<StoreManifest.ColumnEntry> schema = new ArrayList<>();
    for (PatientColumn c : PatientColumn.all()) {
      schema.add(new StoreManifest.ColumnEntry(
          c.storedName(), c.type(req.idKind()).name().toLowerCase(Locale.ROOT) + (c.nullable() ? "?" : "")));
    }
    List<StoreManifest.FileEntry> sources = List.of(
        new StoreManifest.FileEntry("patients", req.patients().getFileName().toString(),
            Files.size(req.patients()), patientsSha),
        new StoreManifest.FileEntry("practices", req.practices().getFileName().toString(),
            Files.size(req.practices()), Checksums.sha256(req.practices())));
    List<StoreManifest.FileEntry> files = new ArrayList<>();
    for (String name : List.of(StoreSchemas.PATIENTS_FILE, StoreSchemas.PRACTICES_FILE,
        StoreSchemas.LSOAS_FILE, QUARANTINE_FILE)) {
      Path f = dir.resolve(name);
      files.add(new StoreManifest.FileEntry(role(name), name, Files.size(f), Checksums.crc32c(f)));
    }
    files.add(new StoreManifest.FileEntry("patient_index", INDEX_FILE, Files.size(dir.resolve(INDEX_FILE)), null));
    Map<String, Long> byReason = new LinkedHashMap<>();
    rejected.forEach((k, v) -> byReason.put(k.code(), v));
    StoreManifest.IngestCounts counts = new StoreManifest.IngestCounts(
        read, stored, rejectedTotal, byReason, parser.unknownColumns(), parser.hasCost(), parser.hasOutcome());
    return new StoreManifest(
        StoreManifest.FORMAT_VERSION, generation, StoreVersion.VERSION,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), req.idKind().cliName(),
        req.referenceDate() == null ? null : req.referenceDate().toString(),
        rows, schema, sources, files, counts);
  }

  private static String role(String name) {
    int dot = name.indexOf('.');
    return name.substring(0, dot);
  }
}
