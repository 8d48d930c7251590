package org.strata.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.strata.format.InvalidInputException;
import org.strata.format.Practice;
import org.strata.format.StoreSchemas;
import org.strata.store.Checksums;
import org.strata.store.GenerationWriter;
import org.strata.store.StoreManifest;

/**
 * The nightly ingest: reads an extract, validates every row, quarantines the bad ones with their reasons,
 * drops duplicates, fails when too many rows were rejected, and hands the rest to the store's
 * {@link GenerationWriter}, which publishes them as a new generation. If anything fails — bad input, too
 * many rejects, a crash — nothing is published and the previous generation stays current.
 *
 * <pre>{@code IngestResult r = Ingest.run(request, IngestProgress.NONE);}</pre>
 */
public final class Ingest {
  /** Where the quarantine of an ingest that failed on its reject rate is kept, in the store's directory. */
  public static final String FAILED_QUARANTINE = "failed-ingest-quarantine.csv";

  private Ingest() {}

  /** Copies a failed ingest's quarantine beside the generations (the incoming generation is thrown away). */
  private static Path keepFailedQuarantine(Path quarantine, Path store) throws IOException {
    Path kept = store.resolve(FAILED_QUARANTINE);
    Path tmp = store.resolve(FAILED_QUARANTINE + ".tmp");
    Files.copy(quarantine, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return kept;
  }

  public static IngestResult run(IngestRequest req, IngestProgress progress) throws IOException {
    long t0 = System.nanoTime();
    if (Files.isDirectory(req.patients())) {
      throw new InvalidInputException(req.patients() + ": is a directory; --patients takes the patients file itself");
    }
    if (!Files.isRegularFile(req.patients()) || !Files.isReadable(req.patients())) {
      throw new InvalidInputException(req.patients() + ": no such file, or not readable");
    }
    // read before the index starts, so that a mistake in it is reported at once, not after a national index's copy
    List<String> practiceWarnings = new ArrayList<>();
    List<Practice> practices = PracticesReader.read(req.practices(), practiceWarnings);
    try (GenerationWriter gen = GenerationWriter.begin(req.store(), req.idKind());
        // the index starts on a thread of its own at once; Arrow starts here meanwhile
        PendingIndex index = new PendingIndex(gen.file(StoreSchemas.INDEX_FILE),
            gen.previousFile(StoreSchemas.INDEX_CARRY_FILE), req.patients(), req.idKind(), gen.generation())) {
      gen.openPatients();
      if (req.derived() != null) {
        req.derived().derive(gen::file, progress);
      }
      return write(req, practices, practiceWarnings, gen, index, progress, t0);
    }
  }

  private static IngestResult write(IngestRequest req, List<Practice> practices, List<String> practiceWarnings,
      GenerationWriter gen, PendingIndex index, IngestProgress progress, long t0) throws IOException {
    String patientsName = req.patients().getFileName().toString();
    long inputBytes = Files.size(req.patients());
    MessageDigest patientsDigest = Checksums.sha256();
    boolean tableInput = InputFiles.isTable(req.patients()); // Arrow or Parquet: checksummed as a whole file
    LsoaDictionary lsoas = new LsoaDictionary();
    List<String> warnings = new ArrayList<>(practiceWarnings);
    long rowsRead;
    PatientRowParser parser;
    Map<RejectReason, Long> rejected;
    long rejectedTotal;
    try (RecordSource file = InputFiles.records(req.patients(), PatientRowParser::isKnownColumn, patientsDigest);
        QuarantineWriter quarantine = new QuarantineWriter(gen.file(StoreSchemas.QUARANTINE_FILE))) {
      if (!header(file, patientsName)) {
        throw new InvalidInputException(patientsName + ": the file is empty (expected a header line)");
      }
      RecordSource reader = req.derived() == null ? file : new DerivedRecordSource(file, req.derived(), patientsName);
      List<String> header = new ArrayList<>(reader.fieldCount());
      for (int i = 0; i < reader.fieldCount(); i++) {
        header.add(reader.field(i));
      }
      parser = new PatientRowParser(
          patientsName, header, req.idKind(), PracticesReader.ordinals(practices), lsoas, req.referenceDate());
      if (!parser.unknownColumns().isEmpty()) {
        List<String> named = new ArrayList<>();
        List<String> near = parser.nearestKnown();
        for (int i = 0; i < near.size(); i++) {
          String u = parser.unknownColumns().get(i);
          named.add(near.get(i) == null ? u : u + " (did you mean " + near.get(i) + "?)");
        }
        if (req.strictColumns()) {
          throw new InvalidInputException(patientsName + ": line 1: unknown columns " + String.join(", ", named)
              + " (--strict-columns; docs/INPUT.md lists the columns)");
        }
        warnings.add(patientsName + ": ignoring unknown columns " + String.join(", ", named));
      }
      warnings.addAll(parser.headerNotes());
      // batches no larger than the file can fill: a small extract does not allocate (and zero) million-row arrays
      int batchRows = (int) Math.max(1, Math.min(req.batchRows(), RowEstimate.atMost(req.patients())));
      try (PatientBatchReader batches = new PatientBatchReader(reader, parser, batchRows, req.idKind(),
          (bytes, rows) -> progress.update(bytes, inputBytes, rows))) {
        Deduplicator dedup = new Deduplicator(index.get(), req.idKind()); // parsing has started meanwhile
        boolean last;
        do {
          ParsedBatch b = next(batches, patientsName);
          dedup.apply(b, quarantine);
          gen.writePatients(b.columns());
          last = b.isLast(); // before recycling: recycle clears the batch
          batches.recycle(b);
        } while (!last);
        rowsRead = batches.rowsRead();
      }
      rejected = quarantine.counts();
      rejectedTotal = quarantine.total();
      double rate = rowsRead == 0 ? 0 : (double) rejectedTotal / rowsRead;
      if (rowsRead == 0) {
        throw new InvalidInputException(patientsName + ": no patient rows after the header");
      }
      if (rate > req.maxRejectRate()) {
        quarantine.close();
        Path kept = keepFailedQuarantine(gen.file(StoreSchemas.QUARANTINE_FILE), req.store());
        List<String> codes = quarantine.mostFrequentUnknownPractices(3);
        throw new InvalidInputException(String.format(Locale.ROOT,
            "%s: %d of %d rows rejected (%.2f%%), above --max-reject-rate %.2f%%; top reason %s; nothing published;"
                + " first: %s%s; every rejected row: %s",
            patientsName, rejectedTotal, rowsRead, 100 * rate, 100 * req.maxRejectRate(), topReason(rejected),
            String.join("; ", quarantine.first()),
            codes.isEmpty() ? "" : "; most frequent unknown practice codes: " + String.join(", ", codes), kept));
      }
      gen.writeDictionaries(practices, lsoas.codes());
      if (index.warning() != null) {
        warnings.add(index.warning());
      }
    }
    index.close();
    // closed: copied for the next generation before anyone can open it (a reader's lock is never copied)
    org.strata.store.PatientIndex.keepForNextGeneration(gen.file(StoreSchemas.INDEX_FILE),
        gen.file(StoreSchemas.INDEX_CARRY_FILE));
    // Arrow is read by seeking, not streamed through the digest: hash its bytes in a pass of their own.
    String patientsSha = tableInput ? Checksums.sha256(req.patients()) : Checksums.hex(patientsDigest);
    List<StoreManifest.FileEntry> sources = new ArrayList<>(List.of(
        new StoreManifest.FileEntry("patients", patientsName, inputBytes, patientsSha),
        new StoreManifest.FileEntry("practices", req.practices().getFileName().toString(),
            Files.size(req.practices()), Checksums.sha256(req.practices()))));
    if (req.derived() != null) {
      sources.addAll(req.derived().sources());
      gen.addFiles(req.derived().generationFiles());
      warnings.addAll(req.derived().warnings());
    }
    Map<String, Long> byReason = new LinkedHashMap<>();
    rejected.forEach((k, v) -> byReason.put(k.code(), v));
    StoreManifest.IngestCounts counts = new StoreManifest.IngestCounts(rowsRead, gen.patientRows(), rejectedTotal,
        byReason, parser.unknownColumns(), parser.hasCost(), parser.hasOutcome());
    GenerationWriter.Published p = gen.publish(sources, counts,
        req.referenceDate() == null ? null : req.referenceDate().toString(),
        req.derived() == null ? null : req.derived().manifestSection());
    warnings.addAll(p.warnings());
    Files.deleteIfExists(req.store().resolve(FAILED_QUARANTINE)); // published: that failure is behind us
    return new IngestResult(p.generation(), p.directory(), p.manifest(), warnings, System.nanoTime() - t0, inputBytes);
  }

  /** The next batch; a read failure past the header (a truncated gzip, a device error) names the file. */
  private static boolean header(RecordSource reader, String file) throws IOException {
    try {
      boolean any = reader.next();
      if (any && reader instanceof CsvRecordReader csv && csv.hadTooManyFields()) {
        throw new InvalidInputException(file + ": line 1: the header has more than " + CsvRecordReader.MAX_FIELDS
            + " columns, the most Strata reads");
      }
      if (any && reader.problem() == CsvRecordReader.Problem.UNBALANCED_QUOTE) {
        throw new InvalidInputException(file + ": line 1: the header has an unbalanced quote (a '\"' that opens a"
            + " name and never closes): column names cannot be read");
      }
      return any;
    } catch (InvalidInputException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private static ParsedBatch next(PatientBatchReader batches, String file) throws IOException {
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

  private static String topReason(Map<RejectReason, Long> counts) {
    return counts.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(e -> e.getKey().code() + " (" + e.getValue() + ")")
        .orElse("none");
  }
}
