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
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The persistent, off-heap patient index of one store generation: patient key → the patient's row in
 * that generation, the input line the row came from, and the patient's <em>history slot</em>, their
 * place in the store's level history, which stays theirs for as long as the store exists. It is what a
 * command-centre service (another JVM process) opens read-only to look a patient up while the nightly
 * batch builds the next generation in another directory. This is the only class that builds a Chronicle
 * Map.
 *
 * <p>Each generation's index is carried forward from the one before ({@link #carryForward}): every key
 * ever indexed stays, so a patient who leaves the extract keeps their slot and gets it back when they
 * return, and a run finds every row's slot in the generation's {@code history_slot} column without a
 * single look-up. A key not in this generation's extract is <em>left</em>: {@link #rowOf} says -1 for it,
 * {@link #slotOf} still finds its slot.
 *
 * <pre>{@code
 * // ingest, into a NEW generation directory
 * try (PatientIndex idx = PatientIndex.carryForward(previous.resolve(CARRY_FILE), gen.resolve(INDEX_FILE),
 *     rows, 7)) {
 *   int slot = idx.admit(nhsNumber, row, line);  // >= 0: stored, its history slot; else a duplicate
 * }
 * PatientIndex.keepForNextGeneration(gen.resolve(INDEX_FILE), gen.resolve(CARRY_FILE));
 * // command centre, any process
 * try (PatientIndex ro = PatientIndex.openReadOnly(published.resolve(INDEX_FILE), KeyKind.NHS_NUMBER)) {
 *   int row = ro.rowOf(nhsNumber);               // -1 when absent or left; no allocation
 * }
 * }</pre>
 *
 * <h2>Files</h2>
 *
 * The map file itself (Chronicle Map's own format, memory-mapped) and a small text sidecar {@code
 * <file>.meta} written before the map: {@code format=strata-patient-index}, {@code version}, {@code
 * keyKind}, the sizing inputs, the {@code generation} the index belongs to, the {@code lineage} (which
 * index began its slot numbering: a level history recorded against another lineage cannot be continued)
 * and, once the writer has closed it, {@code slots}. The sidecar is how an opener learns the key kind
 * before touching the map, and refuses files that are not an index; the key class recorded in the map's
 * own header is cross-checked against it. Chronicle persists the class names of the marshallers below
 * in that header, so renaming them is a format change ({@link #FORMAT_VERSION}).
 *
 * <p>The next generation copies a <em>carry file</em>: a copy of this index made when it was closed,
 * before publishing, which no other process ever opens. Copying the published index itself could catch a
 * reader's segment lock mid-look-up, and the copy would keep that lock held forever.
 *
 * <h2>Entry layout and size</h2>
 *
 * Key: an NHS number is 10 decimal digits, below 2<sup>34</sup>, so it is stored in 5 bytes (not a
 * {@code long}'s 8); a pseudonym is its UTF-8 bytes, sized by a stated average (default {@value
 * #DEFAULT_AVERAGE_PSEUDONYM_CHARS} chars, a Base64 SHA-256) plus a 1-byte length. Value: 16 bytes,
 * four little-endian int32 — {@code row}, {@code sourceLine}, {@code slot} and {@code generation} (the
 * last generation the patient was in). The fields are fixed-size, so a get decodes into a reused
 * instance and a returning patient's value is rewritten in place. Entry checksums are off: an index is
 * built from the extract and rebuilt, never recovered, so 4 bytes per entry and a hash per write buy
 * nothing. Chronicle adds its hash-lookup slot and chunk rounding: about 30 bytes a patient
 * (docs/PERFORMANCE-index.md), held in the page cache, not the heap. A new index is sized {@value
 * #HEADROOM}× the extract, room for the patients who join over the months it is carried forward.
 *
 * <h2>Concurrency and lifecycle</h2>
 *
 * Thread-safe; slots are given in call order, so an ingest admits from one thread. Writes happen only
 * in the ingest process, into a generation no reader uses yet, so no cross-process write locking is
 * needed beyond Chronicle's own segment locks; a reader in another process may open and read the file
 * while the writer still has it open. An instance from {@link #openReadOnly} throws {@link
 * IllegalStateException} on every write; that is this API's guarantee, not the operating system's:
 * Chronicle Map has no read-only mode and maps the file read-write in every process, so a reader needs
 * write permission on it. Open only after {@link #create} has returned in the writer (always true for a
 * published generation): a header still being written is refused at once rather than waited for.
 * Look-ups reuse a per-thread key holder and value instance, so they allocate nothing in the steady
 * state. Identifiers are never logged nor put in messages; where one must be referred to it is masked
 * ({@code ******4567}).
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
  public static final int FORMAT_VERSION = 2;

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
  static final double MAX_BLOAT_FACTOR = 2.0;
  static final long MAX_NHS_NUMBER = 9_999_999_999L;

  /** A new index is sized for this many times the extract's patients: room for those who join later. */
  static final double HEADROOM = 1.25;

  /**
   * A carried index is copied while its keys plus this share of tonight's rows fit the entries it was
   * sized for (tonight's new patients are usually a few percent); otherwise it is rebuilt larger.
   */
  static final double EXPECTED_NEW_SHARE = 0.05;

  /** How a Chronicle Map file's header text starts, after the size word. */
  private static final byte[] CHRONICLE_MAP_TAG =
      "!net.openhft.chronicle.map.VanillaChronicleMap".getBytes(StandardCharsets.US_ASCII);

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private final Path file;
  private final KeyKind keyKind;
  private final boolean writable;
  private final Sidecar sidecar;
  /** The next slot to give a key not seen before; only a writable index gives slots. */
  private final AtomicInteger nextSlot;

  private boolean closed;

  private final ChronicleMap<NhsKey, PatientState> nhsMap; // non-null iff keyKind == NHS_NUMBER
  private final ChronicleMap<CharSequence, PatientState> pseudonymMap; // non-null iff PSEUDONYM

  @SuppressWarnings("unchecked")
  private PatientIndex(Path file, Sidecar sidecar, boolean writable, ChronicleMap<?, PatientState> map) {
    this.file = file;
    this.keyKind = sidecar.keyKind();
    this.writable = writable;
    this.sidecar = sidecar;
    this.nextSlot = new AtomicInteger(Math.toIntExact(map.longSize()));
    this.nhsMap = keyKind == KeyKind.NHS_NUMBER ? (ChronicleMap<NhsKey, PatientState>) map : null;
    this.pseudonymMap =
        keyKind == KeyKind.PSEUDONYM ? (ChronicleMap<CharSequence, PatientState>) map : null;
  }

  // ---------------------------------------------------------------- factories

  /**
   * What an index's sidecar says: the key kind, the sizing, the generation the index belongs to, the
   * lineage of its slot numbering, and the slots given out (-1 while the writer has it open).
   */
  public record Sidecar(KeyKind keyKind, long expectedPatients, int averageKeyBytes, int generation,
      String lineage, int slots) {}

  /**
   * Creates a new, empty index for bulk building at ingest, generation 1 of a new lineage. Pseudonym
   * indexes assume an average of {@value #DEFAULT_AVERAGE_PSEUDONYM_CHARS} chars.
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

  /** The index key kind for an ingest id kind. */
  public static KeyKind keyKindOf(IdKind kind) {
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
    return create(file, kind, expectedPatients, averagePseudonymChars, 1);
  }

  /**
   * A new, empty index of generation {@code generation}, beginning a new lineage of slots: what an
   * ingest makes when there is no index to carry forward. Sized {@value #HEADROOM}× {@code
   * expectedPatients}.
   */
  public static PatientIndex createForGeneration(Path file, KeyKind kind, long expectedPatients, int generation)
      throws IOException {
    return create(file, kind, (long) Math.ceil(HEADROOM * expectedPatients), DEFAULT_AVERAGE_PSEUDONYM_CHARS,
        generation);
  }

  private static PatientIndex create(
      Path file, KeyKind kind, long expectedPatients, int averagePseudonymChars, int generation)
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
    String lineage = String.format(Locale.ROOT, "g%06d@%s", generation, Instant.now());
    return createEmpty(file, new Sidecar(kind, expectedPatients,
        kind == KeyKind.NHS_NUMBER ? NHS_KEY_BYTES : averagePseudonymChars, generation, lineage, -1));
  }

  private static PatientIndex createEmpty(Path file, Sidecar sidecar) throws IOException {
    Path sidecarFile = sidecarOf(file);
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(
          file.toString(), null, "a patient index is built only once");
    }
    if (Files.exists(sidecarFile)) {
      throw new FileAlreadyExistsException(
          sidecarFile.toString(), null, "a patient index is built only once");
    }
    writeSidecar(sidecarFile, sidecar);
    ChronicleMap<?, PatientState> map;
    try {
      map = builder(sidecar.keyKind(), sidecar.expectedPatients(), sidecar.averageKeyBytes())
          .createPersistedTo(file.toFile());
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(sidecarFile);
      throw e;
    }
    return new PatientIndex(file, sidecar, true, map);
  }

  /**
   * The index of generation {@code generation}, carried forward from the previous generation's carry
   * file ({@link #keepForNextGeneration}): every key and slot it holds, none of them in this generation
   * until {@link #admit}ted again. The carry file is copied while its entries have room for tonight's
   * new patients, and rebuilt {@value #HEADROOM}× larger, key by key, when they would not.
   *
   * @param carry the previous generation's carry file; it is only read
   * @param file the new map file, in the new generation's directory
   * @param expectedRows how many rows tonight's extract is estimated to hold
   * @throws IOException naming the carry file when it is not a readable index of this format
   */
  public static PatientIndex carryForward(Path carry, Path file, long expectedRows, int generation)
      throws IOException {
    Sidecar from = readSidecar(carry);
    if (from.slots() < 0) {
      throw new IOException("patient index " + carry + " was never closed by its writer: it cannot be carried");
    }
    if (generation <= from.generation()) {
      throw new IllegalArgumentException("generation " + generation + " is not after " + from.generation());
    }
    long entries = from.expectedPatients();
    if (from.slots() + EXPECTED_NEW_SHARE * expectedRows <= entries
        && from.slots() + expectedRows <= 0.95 * MAX_BLOAT_FACTOR * entries) {
      Sidecar mine = new Sidecar(from.keyKind(), entries, from.averageKeyBytes(), generation, from.lineage(), -1);
      if (Files.exists(file) || Files.exists(sidecarOf(file))) {
        throw new FileAlreadyExistsException(file.toString(), null, "a patient index is built only once");
      }
      writeSidecar(sidecarOf(file), mine);
      Files.copy(carry, file); // a sequential copy; re-inserting every key is not
      PatientIndex index = open(file, null, true);
      if (index.nextSlot.get() != from.slots()) {
        index.close();
        throw new IOException("patient index " + carry + " holds " + index.size() + " keys, its sidecar says "
            + from.slots());
      }
      return index;
    }
    long bigger = (long) Math.ceil(HEADROOM * Math.max(from.slots(), expectedRows));
    PatientIndex index = createEmpty(file, new Sidecar(from.keyKind(), bigger, from.averageKeyBytes(), generation,
        from.lineage(), -1));
    try (PatientIndex old = open(carry, null, false)) {
      old.copyEntriesInto(index);
    } catch (IOException | RuntimeException e) {
      index.close();
      throw e;
    }
    return index;
  }

  /**
   * Copies a closed index to the carry file the next generation's index is made from. Call it after
   * closing the writer and before publishing: no other process has opened the index, so the copy holds
   * no reader's lock.
   */
  public static void keepForNextGeneration(Path file, Path carry) throws IOException {
    Sidecar s = readSidecar(file);
    if (s.slots() < 0) {
      throw new IllegalStateException("patient index " + file + " is still open for writing");
    }
    Files.copy(file, carry);
    Files.copy(sidecarOf(file), sidecarOf(carry));
  }

  /** Copies every entry (key, slot, generation) into an index being rebuilt, giving no new slots. */
  private void copyEntriesInto(PatientIndex to) {
    PatientState state = new PatientState();
    int[] most = {-1};
    if (keyKind == KeyKind.NHS_NUMBER) {
      NhsKey key = new NhsKey(0);
      nhsMap.forEachEntry(e -> {
        e.value().getUsing(state);
        to.nhsMap.put(e.key().getUsing(key), state);
        most[0] = Math.max(most[0], state.slot);
      });
    } else {
      StringBuilder key = new StringBuilder(MAX_PSEUDONYM_CHARS);
      pseudonymMap.forEachEntry(e -> {
        e.value().getUsing(state);
        to.pseudonymMap.put(e.key().getUsing(key), state);
        most[0] = Math.max(most[0], state.slot);
      });
    }
    to.nextSlot.set(most[0] + 1);
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

  private static PatientIndex open(Path file, KeyKind expected, boolean writable)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no patient index");
    }
    Sidecar sidecar = readSidecar(file);
    KeyKind kind = sidecar.keyKind();
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
    return new PatientIndex(file, sidecar, writable, map);
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

  private static void writeSidecar(Path sidecar, Sidecar s) throws IOException {
    StringBuilder text =
        new StringBuilder(256)
            .append("format=").append(FORMAT_NAME).append('\n')
            .append("version=").append(FORMAT_VERSION).append('\n')
            .append("keyKind=").append(s.keyKind().name()).append('\n')
            .append("expectedPatients=").append(s.expectedPatients()).append('\n')
            .append(s.keyKind() == KeyKind.NHS_NUMBER ? "keyBytes=" : "averageKeyBytes=")
            .append(s.averageKeyBytes()).append('\n')
            .append("valueBytes=").append(VALUE_BYTES).append('\n')
            .append("maxBloatFactor=").append(MAX_BLOAT_FACTOR).append('\n')
            .append("checksumEntries=false\n")
            .append("generation=").append(s.generation()).append('\n')
            .append("lineage=").append(s.lineage()).append('\n');
    if (s.slots() >= 0) {
      text.append("slots=").append(s.slots()).append('\n');
    }
    Path tmp = sidecar.resolveSibling(sidecar.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Reads an index's sidecar without opening the map (no Chronicle start-up): what a run needs to know
   * of the generation's slots.
   *
   * @throws IOException naming the file when the sidecar is missing, not an index's or of another format
   */
  public static Sidecar readSidecar(Path file) throws IOException {
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
              + (version == null ? "missing" : truncate(version))
              + " (written by another Strata version: ingest the extract again)");
    }
    String kindName = fields.get("keyKind");
    KeyKind kind = null;
    for (KeyKind k : KeyKind.values()) {
      if (k.name().equals(kindName)) {
        kind = k;
      }
    }
    if (kind == null) {
      throw new IOException(
          "corrupt patient index: "
              + sidecar
              + ": keyKind expected one of NHS_NUMBER, "
              + "PSEUDONYM, was "
              + (kindName == null ? "missing" : truncate(kindName)));
    }
    try {
      long expected = Long.parseLong(fields.getOrDefault("expectedPatients", ""));
      String bytes = fields.containsKey("keyBytes") ? fields.get("keyBytes") : fields.get("averageKeyBytes");
      int keyBytes = Integer.parseInt(bytes == null ? "" : bytes);
      int generation = Integer.parseInt(fields.getOrDefault("generation", ""));
      String lineage = fields.get("lineage");
      if (lineage == null || lineage.isEmpty()) {
        throw new NumberFormatException("no lineage");
      }
      int slots = fields.containsKey("slots") ? Integer.parseInt(fields.get("slots")) : -1;
      return new Sidecar(kind, expected, keyBytes, generation, lineage, slots);
    } catch (NumberFormatException e) {
      throw new IOException("corrupt patient index: " + sidecar + ": " + e.getMessage());
    }
  }

  private static String truncate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  // ---------------------------------------------------------------- writes

  /**
   * Stores a patient of this generation unless the key is already in it: a key never seen gets the
   * next slot; a key of an earlier generation (a patient who left, or tonight's same patient carried
   * forward) keeps its slot and takes tonight's row and line.
   *
   * @return the patient's history slot (>= 0) when stored; {@code -1 - row} of the patient already
   *     stored in this generation when a duplicate (the index is then unchanged)
   * @throws IllegalArgumentException if the NHS number is not valid, or row/sourceLine out of range
   */
  public int admit(long nhsNumber, int row, int sourceLine) {
    requireKind(KeyKind.NHS_NUMBER);
    checkWritable();
    checkNhsNumber(nhsNumber);
    checkRowAndLine(row, sourceLine);
    Scratch s = SCRATCH.get();
    s.key.value = nhsNumber;
    s.fresh.set(row, sourceLine, sidecar.generation());
    return admit(nhsMap, s.key, s.fresh, s.state);
  }

  /** As {@link #admit(long, int, int)}, for a pseudonym index. */
  public int admit(CharSequence pseudonym, int row, int sourceLine) {
    requireKind(KeyKind.PSEUDONYM);
    checkWritable();
    checkPseudonym(pseudonym);
    checkRowAndLine(row, sourceLine);
    Scratch s = SCRATCH.get();
    s.fresh.set(row, sourceLine, sidecar.generation());
    return admit(pseudonymMap, pseudonym, s.fresh, s.state);
  }

  /**
   * As {@link #admit(long, int, int)}, answering as before slots existed.
   *
   * @return -1 if stored, else the row of the patient already stored in this generation
   */
  public int putIfAbsent(long nhsNumber, int row, int sourceLine) {
    int slot = admit(nhsNumber, row, sourceLine);
    return slot >= 0 ? -1 : -1 - slot;
  }

  /** As {@link #putIfAbsent(long, int, int)}, for a pseudonym index. */
  public int putIfAbsent(CharSequence pseudonym, int row, int sourceLine) {
    int slot = admit(pseudonym, row, sourceLine);
    return slot >= 0 ? -1 : -1 - slot;
  }

  private <K> int admit(ChronicleMap<K, PatientState> map, K key, PatientState fresh, PatientState existing) {
    try (ExternalMapQueryContext<K, PatientState, ?> c = map.queryContext(key)) {
      c.updateLock().lock(); // check-then-write under one lock
      MapEntry<K, PatientState> entry = c.entry();
      if (entry != null) {
        PatientState e = entry.value().getUsing(existing);
        if (e.generation == fresh.generation) {
          return -1 - e.row;
        }
        fresh.slot = e.slot;
        rewrite(c, entry, fresh);
        return fresh.slot;
      }
      fresh.slot = nextSlot.getAndIncrement();
      c.insert(c.absentEntry(), c.wrapValueAsData(fresh));
      return fresh.slot;
    }
  }

  /**
   * Rewrites an entry's value: in place — 16 bytes into the mapped value under the segment's write lock
   * — when Chronicle's context and value bytes have the types that allow it (they do in 2026.1), which
   * is several times faster than {@code doReplaceValue}'s re-marshalling; otherwise through that.
   */
  private static <K> void rewrite(InterProcessReadWriteUpdateLock lock, MapEntry<K, PatientState> entry,
      PatientState state) {
    Data<PatientState> value = entry.value();
    if (value.bytes() instanceof BytesStore<?, ?> bytes) {
      lock.writeLock().lock();
      long at = value.offset();
      bytes.writeInt(at, state.row);
      bytes.writeInt(at + 4, state.sourceLine);
      bytes.writeInt(at + 8, state.slot);
      bytes.writeInt(at + 12, state.generation);
    } else {
      entry.doReplaceValue(entry.context().wrapValueAsData(state));
    }
  }

  // ---------------------------------------------------------------- look-ups

  /** Row of the patient in this generation, or -1 when absent or left. Allocates nothing. */
  public int rowOf(long nhsNumber) {
    PatientState s = lookup(nhsNumber);
    return s == null || s.generation != sidecar.generation() ? -1 : s.row;
  }

  /** Row of the patient in this generation, or -1 when absent or left. Allocates nothing. */
  public int rowOf(CharSequence pseudonym) {
    PatientState s = lookup(pseudonym);
    return s == null || s.generation != sidecar.generation() ? -1 : s.row;
  }

  /** 1-based input line the patient's row came from, or -1 when absent or left (for duplicate messages). */
  public int sourceLineOf(long nhsNumber) {
    PatientState s = lookup(nhsNumber);
    return s == null || s.generation != sidecar.generation() ? -1 : s.sourceLine;
  }

  /** 1-based input line the patient's row came from, or -1 when absent or left (for duplicate messages). */
  public int sourceLineOf(CharSequence pseudonym) {
    PatientState s = lookup(pseudonym);
    return s == null || s.generation != sidecar.generation() ? -1 : s.sourceLine;
  }

  /** The patient's history slot, whether in this generation or left; -1 when never indexed. Allocates nothing. */
  public int slotOf(long nhsNumber) {
    PatientState s = lookup(nhsNumber);
    return s == null ? -1 : s.slot;
  }

  /** The patient's history slot, whether in this generation or left; -1 when never indexed. Allocates nothing. */
  public int slotOf(CharSequence pseudonym) {
    PatientState s = lookup(pseudonym);
    return s == null ? -1 : s.slot;
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

  /** Keys indexed: this generation's patients and those of earlier generations who have left. */
  public long size() {
    return nhsMap != null ? nhsMap.longSize() : pseudonymMap.longSize();
  }

  /** The kind of key this index holds. */
  public KeyKind keyKind() {
    return keyKind;
  }

  /** The generation this index belongs to. */
  public int generation() {
    return sidecar.generation();
  }

  /** Which index began this one's slot numbering (the level history checks it has the same). */
  public String lineage() {
    return sidecar.lineage();
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
    if (writable && !closed) {
      try { // the slots given out, for a run to size its history by without opening the map
        writeSidecar(sidecarOf(file), new Sidecar(keyKind, sidecar.expectedPatients(), sidecar.averageKeyBytes(),
            sidecar.generation(), sidecar.lineage(), nextSlot.get()));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("patient index " + file + ": cannot finish its sidecar", e);
      }
    }
    closed = true;
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
    int slot;
    int generation;

    void set(int row, int sourceLine, int generation) {
      this.row = row;
      this.sourceLine = sourceLine;
      this.slot = -1;
      this.generation = generation;
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
   * 16 bytes: row, sourceLine, slot, generation as int32. Stateless; persisted by class name.
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
      out.writeInt(value.slot);
      out.writeInt(value.generation);
    }

    @Override
    public PatientState read(Bytes<?> in, long size, PatientState using) {
      if (using == null) {
        using = new PatientState();
      }
      using.row = in.readInt();
      using.sourceLine = in.readInt();
      using.slot = in.readInt();
      using.generation = in.readInt();
      return using;
    }

    @Override
    public PatientStateMarshaller readResolve() {
      return INSTANCE;
    }
  }
}
