package org.strata.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.strata.format.IdKind;
import org.strata.format.InvalidInputException;
import org.strata.format.PatientBatch;
import org.strata.format.PatientColumn;
import org.strata.format.Practice;
import org.strata.format.StoreSchemas;
import org.strata.format.StoreVersion;
import org.strata.publish.VersionedDirectory;

/**
 * Writes one new store generation aside and publishes it: holds the store's ingest lock, writes the
 * patients file batch by batch, the dictionaries and the manifest, checks that what it wrote opens, and
 * only then points {@code CURRENT} at it. What ingest hands it is validated already; it knows nothing of
 * input files. Closed without {@link #publish}, it deletes what it wrote and the previous generation stays
 * current.
 *
 * <pre>{@code
 * try (GenerationWriter gen = GenerationWriter.begin(storeDir, IdKind.NHS_NUMBER)) {
 *   PatientIndex index = PatientIndex.carryForward(gen.previousFile(StoreSchemas.INDEX_CARRY_FILE),
 *       gen.file(StoreSchemas.INDEX_FILE), rows, gen.generation());
 *   gen.writePatients(batch);                     // as many times as there are batches
 *   gen.writeDictionaries(practices, lsoaCodes);
 *   GenerationWriter.Published p = gen.publish(sources, counts, referenceDate);
 * }
 * }</pre>
 */
public final class GenerationWriter implements AutoCloseable {
  private final Path store;
  private final IdKind idKind;
  private final FileChannel lockChannel;
  private final int generation;
  private final Path incoming;
  private final Path previous; // the generation current when this one began; null for the first
  private BufferAllocator allocator; // with the patients file, at openPatients
  private PatientArrowWriter patients;
  private int practiceCount = -1;
  private int lsoaCount = -1;
  private boolean published;
  /** Files beyond the fixed set written into the generation (an events quarantine), checksummed in the manifest. */
  private final List<String> extraFiles = new ArrayList<>();

  /** What a publish made current, and whether clean-up of older generations failed (a warning, not a failure). */
  public record Published(int generation, Path directory, StoreManifest manifest, List<String> warnings) {}

  private GenerationWriter(Path store, IdKind idKind, FileChannel lockChannel, int generation,
      Path incoming, Path previous) throws IOException {
    this.previous = previous;
    this.store = store;
    this.idKind = idKind;
    this.lockChannel = lockChannel;
    this.generation = generation;
    this.incoming = incoming;
  }

  /**
   * Opens the patients file for writing. Arrow takes a few hundred milliseconds to start in a fresh process:
   * an ingest calls this while the patient index starts on another thread; the first write does it otherwise.
   */
  public void openPatients() throws IOException {
    if (patients == null) {
      allocator = new RootAllocator();
      patients = new PatientArrowWriter(incoming.resolve(StoreSchemas.PATIENTS_FILE), idKind, allocator);
    }
  }

  /**
   * Takes the store's ingest lock (another ingest holding it is bad input: exit 2), removes what killed
   * ingests left, and opens a new incoming generation.
   */
  public static GenerationWriter begin(Path store, IdKind idKind) throws IOException {
    VersionedDirectory dirs = GenerationDirs.of(store);
    FileChannel ch = dirs.lock(GenerationDirs.LOCK);
    if (ch == null) {
      throw new InvalidInputException(store + ": another ingest is writing this store");
    }
    try {
      dirs.removeDebris();
      int generation = dirs.latestNumber() + 1;
      Path previous = GenerationDirs.current(store); // cannot change: only an ingest publishes, under this lock
      Path incoming = dirs.begin(generation);
      try {
        return new GenerationWriter(store, idKind, ch, generation, incoming, previous);
      } catch (IOException | RuntimeException e) {
        VersionedDirectory.deleteTree(incoming);
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      ch.close(); // releases the lock too
      throw e;
    }
  }

  /** A file of the incoming generation, for what ingest writes itself (the quarantine, the patient index). */
  public Path file(String name) {
    return incoming.resolve(name);
  }

  /**
   * A file of the generation that was current when this one began (the patient index's carry file),
   * whether or not it exists; null when this is the store's first generation.
   */
  public Path previousFile(String name) {
    if (previous == null) {
      return null;
    }
    Path f = previous.resolve(name);
    return f; // named even when missing, so the ingest can say what it lacked
  }

  /** The number the generation will have. */
  public int generation() {
    return generation;
  }

  /** Appends the batch's rows to the patients file, as one record batch. */
  public void writePatients(PatientBatch batch) throws IOException {
    openPatients();
    patients.write(batch);
  }

  /** Rows written to the patients file so far. */
  public long patientRows() {
    return patients == null ? 0 : patients.rowCount();
  }

  /** Writes the practices and LSOA dictionaries (ordinals as in the patients file). */
  public void writeDictionaries(List<Practice> practices, List<String> lsoaCodes) throws IOException {
    DictionaryFiles.writePractices(file(StoreSchemas.PRACTICES_FILE), practices, allocator);
    DictionaryFiles.writeLsoas(file(StoreSchemas.LSOAS_FILE), lsoaCodes, allocator);
    practiceCount = practices.size();
    lsoaCount = lsoaCodes.size();
  }

  /**
   * Writes the manifest, checks that the generation opens, and makes it current. The patient index must be
   * closed by then. Failing to remove old generations afterwards is a warning: the publish has happened.
   */
  /** Lists files written into the generation through {@link #file} beyond the fixed set, for the manifest. */
  public void addFiles(List<String> names) {
    extraFiles.addAll(names);
  }

  public Published publish(List<StoreManifest.FileEntry> sources, StoreManifest.IngestCounts counts,
      String referenceDate) throws IOException {
    return publish(sources, counts, referenceDate, null);
  }

  /** Publishes, recording {@code events} (what an event-level ingest derived; null for a flat one) in the manifest. */
  public Published publish(List<StoreManifest.FileEntry> sources, StoreManifest.IngestCounts counts,
      String referenceDate, Map<String, Object> events) throws IOException {
    if (practiceCount < 0) {
      throw new IllegalStateException("writeDictionaries was not called");
    }
    openPatients(); // an empty generation still has its (empty) patients file
    patients.close();
    StoreManifest manifest = manifest(sources, counts, referenceDate, events);
    manifest.write(incoming.resolve(StoreManifest.FILE_NAME));
    try (Store check = Store.openGeneration(incoming)) {
      check.index(); // what cannot be opened is never published
    }
    VersionedDirectory dirs = GenerationDirs.of(store);
    Path dir = dirs.publish(incoming, generation);
    published = true;
    List<String> warnings = new ArrayList<>();
    try {
      dirs.prune(GenerationDirs.KEEP);
    } catch (IOException | RuntimeException e) {
      warnings.add(store + ": generation " + generation + " is published, but older generations could not be removed ("
          + e.getMessage() + ")");
    }
    return new Published(generation, dir, manifest, warnings);
  }

  private StoreManifest manifest(List<StoreManifest.FileEntry> sources, StoreManifest.IngestCounts counts,
      String referenceDate, Map<String, Object> events) throws IOException {
    Map<String, Long> rows = new LinkedHashMap<>();
    rows.put("patients", patients.rowCount());
    rows.put("practices", (long) practiceCount);
    rows.put("lsoas", (long) lsoaCount);
    List<StoreManifest.ColumnEntry> schema = new ArrayList<>();
    for (PatientColumn c : PatientColumn.all()) {
      schema.add(new StoreManifest.ColumnEntry(
          c.storedName(), c.type(idKind).name().toLowerCase(Locale.ROOT) + (c.nullable() ? "?" : "")));
    }
    List<StoreManifest.FileEntry> files = new ArrayList<>();
    for (String name : List.of(StoreSchemas.PATIENTS_FILE, StoreSchemas.PRACTICES_FILE,
        StoreSchemas.LSOAS_FILE, StoreSchemas.QUARANTINE_FILE)) {
      Path f = incoming.resolve(name);
      files.add(new StoreManifest.FileEntry(role(name), name, Files.size(f), Checksums.crc32c(f)));
    }
    for (String name : extraFiles) {
      Path f = incoming.resolve(name);
      files.add(new StoreManifest.FileEntry(role(name), name, Files.size(f), Checksums.crc32c(f)));
    }
    // the index is closed and never changes again
    Path index = incoming.resolve(StoreSchemas.INDEX_FILE);
    files.add(new StoreManifest.FileEntry("patient_index", StoreSchemas.INDEX_FILE, Files.size(index),
        Checksums.crc32c(index)));
    Path sidecar = PatientIndex.sidecarOf(index);
    files.add(new StoreManifest.FileEntry("patient_index_sidecar", sidecar.getFileName().toString(),
        Files.size(sidecar), Checksums.crc32c(sidecar)));
    Path carry = incoming.resolve(StoreSchemas.INDEX_CARRY_FILE);
    if (Files.exists(carry)) { // what the next generation's index is made from: checked like the rest
      files.add(new StoreManifest.FileEntry("patient_index_carry", StoreSchemas.INDEX_CARRY_FILE, Files.size(carry),
          Checksums.crc32c(carry)));
      Path carrySidecar = PatientIndex.sidecarOf(carry);
      files.add(new StoreManifest.FileEntry("patient_index_carry_sidecar", carrySidecar.getFileName().toString(),
          Files.size(carrySidecar), Checksums.crc32c(carrySidecar)));
    }
    return new StoreManifest(
        StoreManifest.FORMAT_VERSION, generation, StoreVersion.VERSION,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), idKind.cliName(), referenceDate,
        rows, schema, sources, files, counts, events);
  }

  private static String role(String name) {
    return name.substring(0, name.indexOf('.'));
  }

  @Override
  public void close() throws IOException {
    try {
      try {
        if (patients != null) {
          patients.close();
        }
      } finally {
        if (allocator != null) {
          allocator.close();
        }
      }
    } finally {
      try {
        if (!published) {
          VersionedDirectory.deleteTree(incoming);
        }
      } finally {
        lockChannel.close(); // releases the lock
      }
    }
  }
}
