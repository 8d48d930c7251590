package org.strata.store;

import org.strata.format.StoreSchemas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strata.format.Conditions;
import org.strata.format.Flags;
import org.strata.format.InvalidInputException;
import org.strata.format.IdKind;
import org.strata.format.PatientColumn;
import org.strata.format.Practice;

/**
 * A lease on one store generation, mapped read-only. Kernels read it batch by batch into their own primitive
 * arrays ({@link #readBytes} and friends); nothing of the patients file is copied into the heap on open, and no
 * method hands out memory of the mapping.
 *
 * <p>Every {@code Store} is a lease: the generation stays mapped until its last lease is closed (and, for one
 * followed by {@link CurrentGeneration}, until it is no longer current). After {@link #close()} every read of
 * this lease throws {@link IllegalStateException}; none reads unmapped memory. A lease may be read by many
 * threads at once; closing it while another thread still reads it is the caller's mistake.
 *
 * <pre>{@code
 * try (Store store = Store.open(Path.of("store"))) {
 *   byte[] age = new byte[store.maxBatchRows()];
 *   for (int b = 0; b < store.batchCount(); b++) {
 *     store.readBytes(PatientColumn.AGE, b, 0, age, 0, store.batchRows(b));
 *   }
 * }
 * }</pre>
 */
public final class Store implements AutoCloseable {
  private final MappedGeneration gen;
  private final ArrowFileMapping patients;
  private volatile boolean closed;

  /** A lease on {@code gen}, whose count the caller has raised already. */
  Store(MappedGeneration gen) {
    this.gen = gen;
    this.patients = gen.patients;
  }

  /**
   * Opens the current generation of the store at {@code storeDir}. Checks magic, schema and batch layout
   * (not checksums: see {@link StoreVerifier}).
   *
   * @throws InvalidInputException when there is no store at {@code storeDir} or nothing was published yet
   * @throws CorruptStoreException when the generation fails those checks (the message names the file)
   */
  public static Store open(Path storeDir) throws IOException {
    if (!Files.isDirectory(storeDir)) {
      throw new InvalidInputException(storeDir + ": no store here (" + (Files.exists(storeDir) ? "a file, not a directory" : "no such directory") + ")");
    }
    Path gen = GenerationDirs.current(storeDir);
    if (gen == null) {
      throw new InvalidInputException(storeDir + ": no generation published yet (run strata ingest first)");
    }
    return new Store(MappedGeneration.open(gen));
  }

  static Store openGeneration(Path gen) throws IOException {
    return new Store(MappedGeneration.open(gen));
  }

  /** The generation this lease holds (for {@link CurrentGeneration}, which takes over the opener's hold). */
  MappedGeneration generation() {
    return gen;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this lease on " + gen.directory.getFileName() + " is closed");
    }
  }

  public Path directory() {
    return gen.directory;
  }

  public StoreManifest manifest() {
    return gen.manifest;
  }

  public IdKind idKind() {
    return gen.idKind;
  }

  public long rowCount() {
    checkOpen();
    return patients.rowCount();
  }

  public int batchCount() {
    checkOpen();
    return patients.batchCount();
  }

  public int batchRows(int batch) {
    return patients.batchRows(batch);
  }

  public long batchFirstRow(int batch) {
    return patients.batchFirstRow(batch);
  }

  /** Every batch cut into slices of at most {@code maxRows} rows, in row order. */
  public java.util.List<BatchSlice> slices(int maxRows) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("slices need at least one row: " + maxRows);
    }
    java.util.List<BatchSlice> out = new java.util.ArrayList<>();
    for (int b = 0; b < batchCount(); b++) {
      final int rows = batchRows(b);
      for (int from = 0; from < rows; from += maxRows) {
        out.add(new BatchSlice(b, from, Math.min(maxRows, rows - from), batchFirstRow(b) + from));
      }
    }
    return out;
  }

  /** The largest batch: size kernel arrays with it. */
  public int maxBatchRows() {
    int max = 0;
    for (int b = 0; b < batchCount(); b++) {
      max = Math.max(max, batchRows(b));
    }
    return max;
  }

  /** Practices in ordinal order (the {@link PatientColumn#PRACTICE} values). */
  public List<Practice> practices() {
    return gen.practices;
  }

  /** LSOA codes in ordinal order (the {@link PatientColumn#LSOA} values). */
  public List<String> lsoas() {
    return gen.lsoas;
  }

  public void readBytes(PatientColumn c, int batch, int from, byte[] dst, int off, int rows) {
    checkOpen();
    patients.readBytes(batch, c.ordinal(), from, dst, off, rows);
  }

  public void readShorts(PatientColumn c, int batch, int from, short[] dst, int off, int rows) {
    checkOpen();
    patients.readShorts(batch, c.ordinal(), from, dst, off, rows);
  }

  public void readInts(PatientColumn c, int batch, int from, int[] dst, int off, int rows) {
    checkOpen();
    patients.readInts(batch, c.ordinal(), from, dst, off, rows);
  }

  public void readLongs(PatientColumn c, int batch, int from, long[] dst, int off, int rows) {
    checkOpen();
    patients.readLongs(batch, c.ordinal(), from, dst, off, rows);
  }

  /** The batch holding store row {@code row}. */
  public int batchOf(long row) {
    checkOpen();
    return patients.batchOf(row);
  }

  /** The patient's id as text: the 10-digit NHS number (leading zeros kept) or the pseudonym. */
  public String patientId(long row) {
    checkOpen();
    int b = patients.batchOf(row);
    int i = (int) (row - patients.batchFirstRow(b));
    int col = PatientColumn.PATIENT_ID.ordinal();
    return gen.idKind == IdKind.NHS_NUMBER
        ? org.strata.format.NhsNumber.tenDigits(patients.getLong(b, col, i, 8))
        : patients.getUtf8(b, col, i);
  }

  /**
   * The patient's ordering key, for deterministic tie-breaks that do not depend on input row order: the
   * NHS number itself, or for pseudonymous stores the FNV-1a 64-bit hash of the pseudonym's UTF-8 bytes.
   */
  public long patientKey(long row) {
    checkOpen();
    int b = patients.batchOf(row);
    int i = (int) (row - patients.batchFirstRow(b));
    int col = PatientColumn.PATIENT_ID.ordinal();
    if (gen.idKind == IdKind.NHS_NUMBER) {
      return patients.getLong(b, col, i, 8);
    }
    return IdKind.pseudonymKey(patients.getUtf8(b, col, i));
  }

  /**
   * What the generation's patient index says of itself (its generation, the lineage of its history
   * slots, how many slots were given out), read from its sidecar without opening the map.
   */
  public PatientIndex.Sidecar indexSidecar() throws IOException {
    checkOpen();
    return PatientIndex.readSidecar(directory().resolve(StoreSchemas.INDEX_FILE));
  }

  /**
   * The patient index of this generation, opened read-only on first use and shared by its leases; it is closed
   * with the generation, after which its look-ups throw.
   */
  public PatientIndex index() throws IOException {
    checkOpen();
    return gen.index();
  }

  /**
   * One stored row as column name → value (decoded: practice code, LSOA code, condition and flag names),
   * for {@code strata lookup}. The patient id is included: callers showing it to a person decide.
   */
  public Map<String, Object> row(long row) {
    checkOpen();
    if (row < 0 || row >= rowCount()) {
      throw new IllegalArgumentException("row " + row + " outside 0.." + (rowCount() - 1));
    }
    int b = patients.batchOf(row);
    int i = (int) (row - patients.batchFirstRow(b));
    Map<String, Object> out = new LinkedHashMap<>();
    for (PatientColumn c : PatientColumn.all()) {
      int col = c.ordinal();
      if (c == PatientColumn.HISTORY_SLOT) {
        continue; // the store's bookkeeping, not the patient's record
      }
      if (c.nullable() && patients.isNull(b, col, i)) {
        out.put(c == PatientColumn.COST_PENCE ? "cost_12m" : c.storedName(), null);
        continue;
      }
      if (c == PatientColumn.PATIENT_ID && gen.idKind == IdKind.PSEUDONYM) {
        out.put("patient_id", patients.getUtf8(b, col, i));
        continue;
      }
      long v = patients.getLong(b, col, i, c.type(gen.idKind).widthBytes());
      switch (c) {
        case PATIENT_ID:
          out.put("patient_id", String.format(java.util.Locale.ROOT, "%010d", v));
          break;
        case PRACTICE:
          out.put("practice_code", v < 0 ? null : gen.practices.get((int) v).code());
          break;
        case LSOA:
          out.put("lsoa", gen.lsoas.get((int) v));
          break;
        case SEX:
          out.put("sex", v == 1 ? "M" : v == 2 ? "F" : "U");
          break;
        case CONDITIONS:
          for (int k = 0; k < Conditions.COUNT; k++) {
            out.put(Conditions.NAMES.get(k), (int) (v >>> k) & 1);
          }
          break;
        case FLAGS:
          for (int k = 0; k < Flags.NAMES.size(); k++) {
            out.put(Flags.NAMES.get(k), (int) (v >>> k) & 1);
          }
          break;
        case COST_PENCE:
          out.put("cost_12m", String.format(java.util.Locale.ROOT, "%d.%02d", v / 100, v % 100));
          break;
        default:
          out.put(c.storedName(), v);
      }
    }
    return out;
  }

  /**
   * The rows of any Arrow IPC file, read from its record batch headers (no data is read): ingest sizes
   * the patient index with it when the extract is Arrow.
   */
  public static long rowsInArrowFile(Path file) throws IOException {
    try (ArrowFileMapping m = ArrowFileMapping.open(file, null)) {
      return m.rowCount();
    }
  }

  /** Whether the store directory has a published generation. */
  public static boolean exists(Path storeDir) {
    return GenerationDirs.of(storeDir).hasCurrent();
  }

  /** Releases this lease; the generation is unmapped when it was the last (and the generation is not current). */
  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    gen.release();
  }
}
