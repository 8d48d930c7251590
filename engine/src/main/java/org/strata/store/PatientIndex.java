package org.strata.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.hash.impl.SizePrefixedBlob;
import net.openhft.chronicle.hash.locks.InterProcessReadWriteUpdateLock;
import net.openhft.chronicle.hash.serialization.SizedReader;
import net.openhft.chronicle.hash.serialization.SizedWriter;
import net.openhft.chronicle.hash.serialization.impl.EnumMarshallable;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import org.strata.format.IdKind;
import org.strata.format.NhsNumber;

/**
 * The persistent, off-heap patient index of one store generation: patient key → the patient's row
 * in that generation, the input line the row came from, and the patient's levels over the last
 * {@value PatientHistory#MAX_RUNS} runs. It is what a command-centre service (another JVM process)
 * opens read-only to look a patient up while the nightly batch builds the next generation in
 * another directory. This is the only class that builds a Chronicle Map.
 *
 * <pre>{@code
 * // ingest, into a NEW generation directory
 * try (PatientIndex idx = PatientIndex.create(gen.resolve("patients.cmap"), KeyKind.NHS_NUMBER, 150_000)) {
 *     int kept = idx.putIfAbsent(nhsNumber, row, line);
 *     if (kept >= 0) { reject(line, "duplicate of line " + idx.sourceLineOf(nhsNumber)); }
 *     PatientIndex.copyHistory(previous, idx);     // carry the history over, matched by key
 *     idx.recordLevels(levelsByRow, generation);   // after scoring: one pass over the map
 * }
 * // command centre, any process
 * try (PatientIndex ro = PatientIndex.openReadOnly(published.resolve("patients.cmap"), KeyKind.NHS_NUMBER)) {
 *     int row = ro.rowOf(nhsNumber);               // -1 when absent; no allocation
 * }
 * }</pre>
 *
 * <h2>Files</h2>
 *
 * The map file itself (Chronicle Map's own format, memory-mapped) and a small text sidecar {@code
 * <file>.meta} written before the map: {@code format=strata-patient-index}, {@code version}, {@code
 * keyKind} and the sizing inputs. The sidecar is how an opener learns the key kind before touching
 * the map, and refuses files that are not an index; the key class recorded in the map's own header
 * is cross-checked against it. Chronicle persists the class names of the marshallers below in that
 * header, so renaming them is a format change ({@link #FORMAT_VERSION}).
 *
 * <h2>Entry layout and size</h2>
 *
 * Key: an NHS number is 10 decimal digits, below 2<sup>34</sup>, so it is stored in 5 bytes (not a
 * {@code long}'s 8); a pseudonym is its UTF-8 bytes, sized by a stated average (default {@value
 * #DEFAULT_AVERAGE_PSEUDONYM_CHARS} chars, a Base64 SHA-256) plus a 1-byte length. Value: 16 bytes,
 * four little-endian int32 — {@code row}, {@code sourceLine}, {@code history} (bits 0–23: eight
 * 3-bit levels, newest in bits 0–2; bits 24–27: how many runs are recorded) and {@code generation}
 * (the run of the newest level). The fields are fixed-size, so a get decodes into a reused instance
 * and replacing a value at {@link #recordLevels} rewrites it in place. Entry checksums are off: an
 * index is built once from the extract and rebuilt, never recovered, so 4 bytes per entry and a
 * hash per write buy nothing. So an NHS-number entry carries 21 bytes of payload (5 + 16, versus 8
 * + 20 for a {@code long} key and a naive value); Chronicle adds its hash-lookup slot and chunk
 * rounding. Measured on this machine (docs/PERFORMANCE-index.md): 10M patients → 288 MB (28.8
 * B/patient), 63M → 1.91 GB (30.4 B/patient), held in the page cache, not the heap. A 12-byte value
 * (a 24-bit generation, levels and count squeezed together) would save about 4 B/patient (~250 MB
 * at 63M); not worth the awkward fields while the whole index fits the page cache several times
 * over.
 *
 * <h2>Sizing inputs (all stated, none guessed)</h2>
 *
 * {@code entries = expectedPatients}; constant key size 5 bytes ({@code NHS_NUMBER}) or average key
 * size {@code averagePseudonymChars} bytes ({@code PSEUDONYM}); constant value size 16 bytes;
 * {@code maxBloatFactor} {@value #MAX_BLOAT_FACTOR} (more patients than expected, or longer
 * pseudonyms, spill into extra tiers up to that factor before a put fails); {@code checksumEntries
 * = false}; segment count chosen by Chronicle from the entries.
 *
 * <h2>Concurrency and lifecycle</h2>
 *
 * Thread-safe. Writes happen only in the ingest process, into a generation no reader uses yet, so
 * no cross-process write locking is needed beyond Chronicle's own segment locks; a reader in
 * another process may open and read the file while the writer still has it open. An instance from
 * {@link #openReadOnly} throws {@link IllegalStateException} on every write; that is this API's
 * guarantee, not the operating system's: Chronicle Map has no read-only mode and maps the file
 * read-write in every process, so a reader needs write permission on it. Open only after {@link
 * #create} has returned in the writer (always true for a published generation): a header still
 * being written is refused at once rather than waited for. Look-ups reuse a per-thread key holder
 * and value instance, so they allocate nothing in the steady state. Identifiers are never logged
 * nor put in messages; where one must be referred to it is masked ({@code ******4567}).
 */
public final class PatientIndex implements AutoCloseable {

  /** What identifies a patient in an index; fixed per index. */
  public enum KeyKind {
    /** A valid 10-digit NHS number ({@link NhsNumber#isValid}), held as a {@code long}. */
    NHS_NUMBER,
    /** An opaque pseudonym of 1..{@value PatientIndex#MAX_PSEUDONYM_CHARS} chars. */
    PSEUDONYM
  }

  /** Sidecar and map layout version; bumped when the value layout or a marshaller class changes. */
  public static final int FORMAT_VERSION = 1;

  /** Value of {@code format} in the sidecar. */
  static final String FORMAT_NAME = "strata-patient-index";

  /** Suffix of the sidecar file next to the map file. */
  public static final String SIDECAR_SUFFIX = ".meta";

  /** Longest pseudonym accepted. */
  public static final int MAX_PSEUDONYM_CHARS = 64;

  /**
   * Average pseudonym length assumed by {@link #create(Path, KeyKind, long)}: Base64 of SHA-256.
   */
  public static final int DEFAULT_AVERAGE_PSEUDONYM_CHARS = 44;

  static final int NHS_KEY_BYTES = 5;
  static final int VALUE_BYTES = 16;
  static final int HISTORY_OFFSET = 8; // row, sourceLine, history, generation: int32 each
  static final int GENERATION_OFFSET = 12;
  static final double MAX_BLOAT_FACTOR = 2.0;
  static final long MAX_NHS_NUMBER = 9_999_999_999L;

  private static final int LEVEL_BITS = 3;
  private static final int LEVEL_MASK = (1 << LEVEL_BITS) - 1;
  private static final int LEVELS_MASK = (1 << (LEVEL_BITS * PatientHistory.MAX_RUNS)) - 1;
  private static final int COUNT_SHIFT = LEVEL_BITS * PatientHistory.MAX_RUNS;

  /** How a Chronicle Map file's header text starts, after the size word. */
  private static final byte[] CHRONICLE_MAP_TAG =
      "!net.openhft.chronicle.map.VanillaChronicleMap".getBytes(StandardCharsets.US_ASCII);

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private final Path file;
  private final KeyKind keyKind;
  private final boolean writable;

  /** Bulk updates write in place when Chronicle allows; tests turn it off to cover the fallback. */
  boolean inPlaceUpdates = true;

  private final ChronicleMap<NhsKey, PatientState> nhsMap; // non-null iff keyKind == NHS_NUMBER
  private final ChronicleMap<CharSequence, PatientState> pseudonymMap; // non-null iff PSEUDONYM

  @SuppressWarnings("unchecked")
  private PatientIndex(
      Path file, KeyKind keyKind, boolean writable, ChronicleMap<?, PatientState> map) {
    this.file = file;
    this.keyKind = keyKind;
    this.writable = writable;
    this.nhsMap = keyKind == KeyKind.NHS_NUMBER ? (ChronicleMap<NhsKey, PatientState>) map : null;
    this.pseudonymMap =
        keyKind == KeyKind.PSEUDONYM ? (ChronicleMap<CharSequence, PatientState>) map : null;
  }

  // ---------------------------------------------------------------- factories

  /**
   * Creates a new, empty index for bulk building at ingest. Pseudonym indexes assume an average of
   * {@value #DEFAULT_AVERAGE_PSEUDONYM_CHARS} chars.
   *
   * @param file the map file, in a new generation directory; neither it nor its sidecar may exist
   * @param kind the kind of key, fixed for the index's life
   * @param expectedPatients how many patients will be put (Chronicle's {@code entries})
   * @throws FileAlreadyExistsException if the map file or its sidecar exists
   */
  public static PatientIndex create(Path file, KeyKind kind, long expectedPatients)
      throws IOException {
    return create(file, kind, expectedPatients, DEFAULT_AVERAGE_PSEUDONYM_CHARS);
  }

  /** For {@link StoreWriter}: ingest names the key kind with {@link IdKind}. */
  static PatientIndex create(Path file, IdKind kind, long expectedPatients) throws IOException {
    return create(file, keyKindOf(kind), expectedPatients);
  }

  /** The index key kind for an ingest id kind. */
  static KeyKind keyKindOf(IdKind kind) {
    return switch (kind) {
      case NHS_NUMBER -> KeyKind.NHS_NUMBER;
      case PSEUDONYM -> KeyKind.PSEUDONYM;
    };
  }

  /**
   * As {@link #create(Path, KeyKind, long)}, stating the average pseudonym length in chars (UTF-8
   * bytes for ASCII pseudonyms); ignored for {@link KeyKind#NHS_NUMBER}.
   */
  public static PatientIndex create(
      Path file, KeyKind kind, long expectedPatients, int averagePseudonymChars)
      throws IOException {
    if (kind == null) {
      throw new NullPointerException("kind");
    }
    if (expectedPatients < 1) {
      throw new IllegalArgumentException("expectedPatients must be >= 1, was " + expectedPatients);
    }
    if (averagePseudonymChars < 1 || averagePseudonymChars > MAX_PSEUDONYM_CHARS) {
      throw new IllegalArgumentException(
          "averagePseudonymChars must be 1.."
              + MAX_PSEUDONYM_CHARS
              + ", was "
              + averagePseudonymChars);
    }
    Path sidecar = sidecarOf(file);
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(
          file.toString(), null, "a patient index is built only once");
    }
    if (Files.exists(sidecar)) {
      throw new FileAlreadyExistsException(
          sidecar.toString(), null, "a patient index is built only once");
    }
    writeSidecar(sidecar, kind, expectedPatients, averagePseudonymChars);
    ChronicleMap<?, PatientState> map;
    try {
      map = builder(kind, expectedPatients, averagePseudonymChars).createPersistedTo(file.toFile());
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(sidecar);
      throw e;
    }
    return new PatientIndex(file, kind, true, map);
  }

  /**
   * Opens an existing index for look-ups only; every write throws {@link IllegalStateException}.
   * Safe while another process still has the index open for writing.
   *
   * @throws NoSuchFileException if the map file does not exist
   * @throws IOException naming the file if it or its sidecar is not a patient index
   */
  public static PatientIndex openReadOnly(Path file) throws IOException {
    return open(file, null, false);
  }

  /**
   * As {@link #openReadOnly(Path)}, and fails with an {@link IOException} naming the file when the
   * index holds another kind of key than {@code expected}.
   */
  public static PatientIndex openReadOnly(Path file, KeyKind expected) throws IOException {
    return open(file, expected, false);
  }

  /**
   * Reopens an index of a generation that is still being built (not yet published), to record
   * levels or carry history. Never use on a published generation: readers assume it no longer
   * changes.
   */
  public static PatientIndex openForUpdate(Path file) throws IOException {
    return open(file, null, true);
  }

  private static PatientIndex open(Path file, KeyKind expected, boolean writable)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no patient index");
    }
    KeyKind kind = readSidecar(file);
    if (expected != null && kind != expected) {
      throw new IOException(
          "patient index " + file + " is keyed by " + kind + ", expected " + expected);
    }
    checkChronicleHeader(file);
    ChronicleMap<?, PatientState> map;
    try {
      // An existing file: Chronicle takes the whole configuration from the file's header.
      map = builder(kind, 1, DEFAULT_AVERAGE_PSEUDONYM_CHARS).createPersistedTo(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new IOException("not a readable patient index: " + file + ": " + e.getMessage(), e);
    }
    Class<?> expectedKey = kind == KeyKind.NHS_NUMBER ? NhsKey.class : CharSequence.class;
    if (map.keyClass() != expectedKey || map.valueClass() != PatientState.class) {
      String found = map.keyClass().getName() + " -> " + map.valueClass().getName();
      map.close();
      throw new IOException("not a " + kind + " patient index: " + file + " holds " + found);
    }
    return new PatientIndex(file, kind, writable, map);
  }

  /**
   * Looks at the map file's first bytes before Chronicle does: Chronicle treats an empty file as
   * "create here" and waits a minute for a header whose size word says "not complete". Layout (see
   * {@link SizePrefixedBlob}): 8-byte header checksum, a little-endian int32 size word (> 0 once
   * the creator finished), then the header text naming the map class.
   */
  private static void checkChronicleHeader(Path file) throws IOException {
    byte[] head =
        new byte[SizePrefixedBlob.SELF_BOOTSTRAPPING_HEADER_OFFSET + CHRONICLE_MAP_TAG.length];
    int read;
    try (InputStream in = Files.newInputStream(file)) {
      read = in.readNBytes(head, 0, head.length);
    }
    if (read == 0) {
      throw new IOException("not a patient index: " + file + " is empty");
    }
    if (read < head.length) {
      throw new IOException("not a patient index: " + file + " is too short (" + read + " bytes)");
    }
    int sizeWord =
        ByteBuffer.wrap(head)
            .order(ByteOrder.LITTLE_ENDIAN)
            .getInt(SizePrefixedBlob.SIZE_WORD_OFFSET);
    byte[] tag =
        Arrays.copyOfRange(head, SizePrefixedBlob.SELF_BOOTSTRAPPING_HEADER_OFFSET, head.length);
    if (!Arrays.equals(tag, CHRONICLE_MAP_TAG)) {
      throw new IOException("not a patient index: " + file + " is not a Chronicle Map file");
    }
    if (!SizePrefixedBlob.isReady(sizeWord)) {
      throw new IOException(
          "patient index "
              + file
              + " is not complete: the process creating it "
              + "crashed or has not finished");
    }
  }

  private static ChronicleMapBuilder<?, PatientState> builder(
      KeyKind kind, long entries, int averagePseudonymChars) {
    if (kind == KeyKind.NHS_NUMBER) {
      return ChronicleMap.of(NhsKey.class, PatientState.class)
          .name("strata-patient-index")
          .keyMarshaller(NhsKeyMarshaller.INSTANCE)
          .constantKeySizeBySample(new NhsKey(MAX_NHS_NUMBER))
          .valueMarshaller(PatientStateMarshaller.INSTANCE)
          .constantValueSizeBySample(new PatientState())
          .checksumEntries(false)
          .maxBloatFactor(MAX_BLOAT_FACTOR)
          .entries(entries);
    }
    return ChronicleMap.of(CharSequence.class, PatientState.class)
        .name("strata-patient-index")
        .averageKeySize(averagePseudonymChars)
        .valueMarshaller(PatientStateMarshaller.INSTANCE)
        .constantValueSizeBySample(new PatientState())
        .checksumEntries(false)
        .maxBloatFactor(MAX_BLOAT_FACTOR)
        .entries(entries);
  }

  /** The sidecar file beside an index file (its key kind and sizing). */
  public static Path sidecarOf(Path file) {
    return file.resolveSibling(file.getFileName() + SIDECAR_SUFFIX);
  }

  private static void writeSidecar(
      Path sidecar, KeyKind kind, long expected, int averagePseudonymChars) throws IOException {
    StringBuilder text =
        new StringBuilder(256)
            .append("format=")
            .append(FORMAT_NAME)
            .append('\n')
            .append("version=")
            .append(FORMAT_VERSION)
            .append('\n')
            .append("keyKind=")
            .append(kind.name())
            .append('\n')
            .append("expectedPatients=")
            .append(expected)
            .append('\n')
            .append(
                kind == KeyKind.NHS_NUMBER
                    ? "keyBytes=" + NHS_KEY_BYTES
                    : "averageKeyBytes=" + averagePseudonymChars)
            .append('\n')
            .append("valueBytes=")
            .append(VALUE_BYTES)
            .append('\n')
            .append("maxBloatFactor=")
            .append(MAX_BLOAT_FACTOR)
            .append('\n')
            .append("checksumEntries=false\n");
    Path tmp = sidecar.resolveSibling(sidecar.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, sidecar, StandardCopyOption.ATOMIC_MOVE);
  }

  private static KeyKind readSidecar(Path file) throws IOException {
    Path sidecar = sidecarOf(file);
    if (!Files.isRegularFile(sidecar)) {
      throw new IOException(
          "not a patient index: " + file + " (no " + sidecar.getFileName() + " beside it)");
    }
    if (Files.size(sidecar) > 4096) {
      throw new IOException("not a patient index: " + file + " (" + sidecar + " is too large)");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : Files.readAllLines(sidecar, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    String format = fields.get("format");
    if (!FORMAT_NAME.equals(format)) {
      throw new IOException(
          "not a patient index: "
              + sidecar
              + ": format expected "
              + FORMAT_NAME
              + ", was "
              + (format == null ? "missing" : truncate(format)));
    }
    String version = fields.get("version");
    if (!Integer.toString(FORMAT_VERSION).equals(version)) {
      throw new IOException(
          "unsupported patient index: "
              + sidecar
              + ": version expected "
              + FORMAT_VERSION
              + ", was "
              + (version == null ? "missing" : truncate(version)));
    }
    String kind = fields.get("keyKind");
    for (KeyKind k : KeyKind.values()) {
      if (k.name().equals(kind)) {
        return k;
      }
    }
    throw new IOException(
        "corrupt patient index: "
            + sidecar
            + ": keyKind expected one of NHS_NUMBER, "
            + "PSEUDONYM, was "
            + (kind == null ? "missing" : truncate(kind)));
  }

  private static String truncate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  // ---------------------------------------------------------------- writes

  /**
   * Inserts a patient unless the key is already present.
   *
   * @return -1 if inserted, else the row of the patient already indexed (a duplicate; the index is
   *     unchanged)
   * @throws IllegalArgumentException if the NHS number is not valid, or row/sourceLine out of range
   */
  public int putIfAbsent(long nhsNumber, int row, int sourceLine) {
    requireKind(KeyKind.NHS_NUMBER);
    checkWritable();
    checkNhsNumber(nhsNumber);
    checkRowAndLine(row, sourceLine);
    Scratch s = SCRATCH.get();
    s.key.value = nhsNumber;
    s.fresh.set(row, sourceLine);
    return putIfAbsent(nhsMap, s.key, s.fresh, s.state);
  }

  /** As {@link #putIfAbsent(long, int, int)}, for a pseudonym index. */
  public int putIfAbsent(CharSequence pseudonym, int row, int sourceLine) {
    requireKind(KeyKind.PSEUDONYM);
    checkWritable();
    checkPseudonym(pseudonym);
    checkRowAndLine(row, sourceLine);
    Scratch s = SCRATCH.get();
    s.fresh.set(row, sourceLine);
    return putIfAbsent(pseudonymMap, pseudonym, s.fresh, s.state);
  }

  private static <K> int putIfAbsent(
      ChronicleMap<K, PatientState> map, K key, PatientState fresh, PatientState existing) {
    try (ExternalMapQueryContext<K, PatientState, ?> c = map.queryContext(key)) {
      c.updateLock().lock(); // check-then-insert under one lock
      MapEntry<K, PatientState> entry = c.entry();
      if (entry != null) {
        return entry.value().getUsing(existing).row;
      }
      c.insert(c.absentEntry(), c.wrapValueAsData(fresh));
      return -1;
    }
  }

  /**
   * Appends each patient's level of run {@code generation} to its history, in one pass over the
   * map: the patient at row {@code r} gets {@code levelsByRow[r]}. Runs between the patient's last
   * recorded generation and this one count as level 0 (none); the oldest levels beyond {@value
   * PatientHistory#MAX_RUNS} drop off.
   *
   * <p>Levels are validated before the pass. A row outside {@code levelsByRow}, or a patient whose
   * history is already at {@code generation} or later, is found during the pass and leaves the
   * index partly updated: ingest then discards the generation, as for any failed build.
   *
   * @param levelsByRow level 0..4 of every row of this generation
   * @param generation this run's generation, >= 1 and after every recorded one
   */
  public void recordLevels(byte[] levelsByRow, int generation) {
    checkWritable();
    if (generation < 1) {
      throw new IllegalArgumentException("generation must be >= 1, was " + generation);
    }
    for (int r = 0; r < levelsByRow.length; r++) {
      if (levelsByRow[r] < 0 || levelsByRow[r] > PatientHistory.MAX_LEVEL) {
        throw new IllegalArgumentException(
            "level must be 0.."
                + PatientHistory.MAX_LEVEL
                + ", was "
                + levelsByRow[r]
                + " at row "
                + r);
      }
    }
    if (nhsMap != null) {
      recordLevels(nhsMap, levelsByRow, generation, inPlaceUpdates);
    } else {
      recordLevels(pseudonymMap, levelsByRow, generation, inPlaceUpdates);
    }
  }

  private static <K> void recordLevels(
      ChronicleMap<K, PatientState> map, byte[] levelsByRow, int generation, boolean inPlace) {
    PatientState state = new PatientState();
    map.forEachEntry(
        entry -> {
          entry.value().getUsing(state);
          int row = state.row;
          if (row >= levelsByRow.length) {
            throw new IllegalArgumentException(
                "row " + row + " is outside levelsByRow (length " + levelsByRow.length + ")");
          }
          state.appendLevel(levelsByRow[row], generation);
          writeHistory(entry, state, inPlace);
        });
  }

  /**
   * Rewrites the history and generation of an entry's value during iteration. In place — 8 bytes
   * into the mapped value under the segment's write lock — when Chronicle's iteration context and
   * value bytes have the types that allow it (they do in 2026.1): 4x faster than {@code
   * doReplaceValue}, which re-marshals the whole value (10M entries: 0.65 s against 2.66 s).
   * Otherwise, e.g. after a Chronicle upgrade changes those types, through {@code doReplaceValue}.
   */
  private static <K> void writeHistory(
      MapEntry<K, PatientState> entry, PatientState state, boolean inPlace) {
    Data<PatientState> value = entry.value();
    if (inPlace
        && entry.context() instanceof InterProcessReadWriteUpdateLock lock
        && value.bytes() instanceof BytesStore<?, ?> bytes) {
      lock.writeLock().lock(); // held by the segment's iteration context until it moves on
      bytes.writeInt(value.offset() + HISTORY_OFFSET, state.history);
      bytes.writeInt(value.offset() + GENERATION_OFFSET, state.generation);
    } else {
      entry.doReplaceValue(entry.context().wrapValueAsData(state));
    }
  }

  /**
   * Carries each patient's level history from the previous generation's index into a new one,
   * matched by key; rows and source lines of {@code to} are kept. Patients only in {@code to} keep
   * an empty history; patients only in {@code from} are not carried.
   *
   * @param from the previous generation's index (read-only is fine)
   * @param to the index being built; same key kind, writable
   * @return how many patients' histories were carried
   */
  public static long copyHistory(PatientIndex from, PatientIndex to) {
    if (from == to) {
      throw new IllegalArgumentException("copyHistory needs two different indexes");
    }
    to.checkWritable();
    if (from.keyKind != to.keyKind) {
      throw new IllegalArgumentException(
          "key kinds differ: from " + from.keyKind + ", to " + to.keyKind);
    }
    long[] carried = new long[1];
    PatientState mine = new PatientState();
    PatientState theirs = new PatientState();
    if (to.keyKind == KeyKind.NHS_NUMBER) {
      NhsKey key = new NhsKey(0);
      to.nhsMap.forEachEntry(
          entry -> {
            if (from.nhsMap.getUsing(entry.key().getUsing(key), theirs) != null) {
              carryInto(entry, mine, theirs, to.inPlaceUpdates);
              carried[0]++;
            }
          });
    } else {
      StringBuilder key = new StringBuilder(MAX_PSEUDONYM_CHARS);
      to.pseudonymMap.forEachEntry(
          entry -> {
            if (from.pseudonymMap.getUsing(entry.key().getUsing(key), theirs) != null) {
              carryInto(entry, mine, theirs, to.inPlaceUpdates);
              carried[0]++;
            }
          });
    }
    return carried[0];
  }

  private static <K> void carryInto(
      MapEntry<K, PatientState> entry, PatientState mine, PatientState theirs, boolean inPlace) {
    entry.value().getUsing(mine);
    mine.history = theirs.history;
    mine.generation = theirs.generation;
    writeHistory(entry, mine, inPlace);
  }

  /** What {@link #forEach} calls with each entry: its key and row. */
  public interface EntryVisitor {
    /** An entry of an NHS-number index. */
    void nhsNumber(long nhsNumber, int row);

    /** An entry of a pseudonym index; {@code pseudonym} is reused between calls. */
    void pseudonym(CharSequence pseudonym, int row);
  }

  /** Calls {@code visitor} with every entry, in the map's order (not the rows'). */
  public void forEach(EntryVisitor visitor) {
    PatientState state = new PatientState();
    if (keyKind == KeyKind.NHS_NUMBER) {
      NhsKey key = new NhsKey(0);
      nhsMap.forEachEntry(e -> visitor.nhsNumber(e.key().getUsing(key).value, e.value().getUsing(state).row));
    } else {
      StringBuilder key = new StringBuilder(MAX_PSEUDONYM_CHARS);
      pseudonymMap.forEachEntry(e -> visitor.pseudonym(e.key().getUsing(key), e.value().getUsing(state).row));
    }
  }

  // ---------------------------------------------------------------- look-ups

  /** Row of the patient in this generation, or -1 when absent. Allocates nothing. */
  public int rowOf(long nhsNumber) {
    PatientState s = lookup(nhsNumber);
    return s == null ? -1 : s.row;
  }

  /** Row of the patient in this generation, or -1 when absent. Allocates nothing. */
  public int rowOf(CharSequence pseudonym) {
    PatientState s = lookup(pseudonym);
    return s == null ? -1 : s.row;
  }

  /** 1-based input line the patient's row came from, or -1 when absent (for duplicate messages). */
  public int sourceLineOf(long nhsNumber) {
    PatientState s = lookup(nhsNumber);
    return s == null ? -1 : s.sourceLine;
  }

  /** 1-based input line the patient's row came from, or -1 when absent (for duplicate messages). */
  public int sourceLineOf(CharSequence pseudonym) {
    PatientState s = lookup(pseudonym);
    return s == null ? -1 : s.sourceLine;
  }

  /** The patient's row, source line and level history, or null when absent. */
  public PatientHistory history(long nhsNumber) {
    PatientState s = lookup(nhsNumber);
    return s == null ? null : s.toHistory();
  }

  /** The patient's row, source line and level history, or null when absent. */
  public PatientHistory history(CharSequence pseudonym) {
    PatientState s = lookup(pseudonym);
    return s == null ? null : s.toHistory();
  }

  /** Decodes into this thread's reused value; the result is valid until the thread's next call. */
  private PatientState lookup(long nhsNumber) {
    requireKind(KeyKind.NHS_NUMBER);
    checkNhsNumber(nhsNumber);
    Scratch s = SCRATCH.get();
    s.key.value = nhsNumber;
    return nhsMap.getUsing(s.key, s.state);
  }

  private PatientState lookup(CharSequence pseudonym) {
    requireKind(KeyKind.PSEUDONYM);
    checkPseudonym(pseudonym);
    return pseudonymMap.getUsing(pseudonym, SCRATCH.get().state);
  }

  // ---------------------------------------------------------------- state

  /** Number of patients indexed. */
  public long size() {
    return nhsMap != null ? nhsMap.longSize() : pseudonymMap.longSize();
  }

  /** The kind of key this index holds. */
  public KeyKind keyKind() {
    return keyKind;
  }

  /** The map file. */
  public Path file() {
    return file;
  }

  /** Whether writes are allowed through this instance. */
  public boolean isWritable() {
    return writable;
  }

  /**
   * Unmaps the index; the file stays. Idempotent. Later calls throw {@link IllegalStateException}.
   */
  @Override
  public void close() {
    if (nhsMap != null) {
      nhsMap.close();
    } else {
      pseudonymMap.close();
    }
  }

  @Override
  public String toString() {
    return "PatientIndex[" + keyKind + ", " + file + (writable ? "" : ", read-only") + "]";
  }

  private void checkWritable() {
    if (!writable) {
      throw new IllegalStateException("patient index opened read-only: " + file);
    }
  }

  private void requireKind(KeyKind needed) {
    if (keyKind != needed) {
      throw new IllegalStateException(
          "patient index " + file + " is keyed by " + keyKind + ", this call needs " + needed);
    }
  }

  private static void checkRowAndLine(int row, int sourceLine) {
    if (row < 0) {
      throw new IllegalArgumentException("row must be >= 0, was " + row);
    }
    if (sourceLine < 1) {
      throw new IllegalArgumentException("sourceLine must be >= 1, was " + sourceLine);
    }
  }

  private static void checkNhsNumber(long nhsNumber) {
    if (!NhsNumber.isValid(nhsNumber)) { // the same rule as ingest
      throw new IllegalArgumentException("not a valid NHS number: " + mask(nhsNumber));
    }
  }

  private static void checkPseudonym(CharSequence pseudonym) {
    int length = pseudonym.length(); // NPE for null, as for any required argument
    if (length < 1 || length > MAX_PSEUDONYM_CHARS) {
      throw new IllegalArgumentException(
          "pseudonym must be 1.." + MAX_PSEUDONYM_CHARS + " chars, was " + length);
    }
  }

  /** An NHS number for a message: the last four digits only, e.g. {@code ******4567}. */
  static String mask(long nhsNumber) {
    String digits = Long.toString(Math.floorMod(nhsNumber, 10_000L) + 10_000L).substring(1);
    return "******" + digits;
  }

  // ---------------------------------------------------------------- off-heap layout

  /** Per-thread reusable holders: look-ups and puts allocate nothing in the steady state. */
  private static final class Scratch {
    final NhsKey key = new NhsKey(0);
    final PatientState state = new PatientState();
    final PatientState fresh = new PatientState();
  }

  /** Mutable key holder for an NHS number; 5 bytes in the map. Not for use outside this class. */
  static final class NhsKey {
    long value;

    NhsKey(long value) {
      this.value = value;
    }

    @Override
    public String toString() {
      return "NhsKey[" + mask(value) + "]";
    }
  }

  /** Mutable 16-byte value; see the class Javadoc for the layout. */
  static final class PatientState {
    int row;
    int sourceLine;
    int history; // bits 0-23: eight 3-bit levels, newest lowest; bits 24-27: run count
    int generation;

    void set(int row, int sourceLine) {
      this.row = row;
      this.sourceLine = sourceLine;
      this.history = 0;
      this.generation = 0;
    }

    /** Shifts in {@code level} for run {@code gen}; skipped runs count as level 0. */
    void appendLevel(int level, int gen) {
      int count = history >>> COUNT_SHIFT;
      int levels = history & LEVELS_MASK;
      if (count == 0) {
        levels = level;
        count = 1;
      } else {
        if (gen <= generation) {
          throw new IllegalArgumentException(
              "generation " + gen + " is not after the recorded generation " + generation);
        }
        long gap = (long) gen - generation;
        levels =
            gap >= PatientHistory.MAX_RUNS
                ? level
                : ((levels << (LEVEL_BITS * (int) gap)) & LEVELS_MASK) | level;
        count = (int) Math.min(PatientHistory.MAX_RUNS, count + gap);
      }
      history = (count << COUNT_SHIFT) | levels;
      generation = gen;
    }

    PatientHistory toHistory() {
      int count = history >>> COUNT_SHIFT;
      byte[] levels = new byte[count];
      for (int i = 0; i < count; i++) {
        levels[i] = (byte) ((history >>> (LEVEL_BITS * i)) & LEVEL_MASK);
      }
      return new PatientHistory(row, sourceLine, levels, count == 0 ? 0 : generation);
    }
  }

  /** 5 little-endian bytes: NHS numbers are below 2^34. Stateless; persisted by class name. */
  static final class NhsKeyMarshaller
      implements SizedReader<NhsKey>, SizedWriter<NhsKey>, EnumMarshallable<NhsKeyMarshaller> {
    static final NhsKeyMarshaller INSTANCE = new NhsKeyMarshaller();

    private NhsKeyMarshaller() {}

    @Override
    public long size(NhsKey key) {
      return NHS_KEY_BYTES;
    }

    @Override
    public void write(Bytes<?> out, long size, NhsKey key) {
      out.writeInt((int) key.value);
      out.writeByte((byte) (key.value >>> 32));
    }

    @Override
    public NhsKey read(Bytes<?> in, long size, NhsKey using) {
      long low = in.readInt() & 0xFFFF_FFFFL;
      long high = in.readByte() & 0xFFL;
      if (using == null) {
        using = new NhsKey(0);
      }
      using.value = low | (high << 32);
      return using;
    }

    @Override
    public NhsKeyMarshaller readResolve() {
      return INSTANCE;
    }
  }

  /**
   * 16 bytes: row, sourceLine, history, generation as int32. Stateless; persisted by class name.
   */
  static final class PatientStateMarshaller
      implements SizedReader<PatientState>,
          SizedWriter<PatientState>,
          EnumMarshallable<PatientStateMarshaller> {
    static final PatientStateMarshaller INSTANCE = new PatientStateMarshaller();

    private PatientStateMarshaller() {}

    @Override
    public long size(PatientState value) {
      return VALUE_BYTES;
    }

    @Override
    public void write(Bytes<?> out, long size, PatientState value) {
      out.writeInt(value.row);
      out.writeInt(value.sourceLine);
      out.writeInt(value.history);
      out.writeInt(value.generation);
    }

    @Override
    public PatientState read(Bytes<?> in, long size, PatientState using) {
      if (using == null) {
        using = new PatientState();
      }
      using.row = in.readInt();
      using.sourceLine = in.readInt();
      using.history = in.readInt();
      using.generation = in.readInt();
      return using;
    }

    @Override
    public PatientStateMarshaller readResolve() {
      return INSTANCE;
    }
  }
}
