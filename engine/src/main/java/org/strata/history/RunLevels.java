package org.strata.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.strata.store.MappedFiles;

/**
 * One recorded run, in two files of fixed records per history slot (a patient's place in the history, stable across
 * generations). What a read of one patient's history needs is in the small one, one 4-byte record a run, so that a
 * read of 24 runs touches a third of the pages a 12-byte record did; the hub and the date the level began, which
 * only the next run's record pass reads, are in the other.
 *
 * <pre>
 * hNNNNNN.levels   4 bytes a slot, a little-endian int: level (bits 0-2; 0 = not in that run's extract),
 *                  rule + 1 (bits 3-7; 0 none), percentile in tenths + 1 (bits 8-17; 0 for a child),
 *                  practice + 1 (bits 18-31; 0 unregistered)
 * hNNNNNN.detail   6 bytes a slot, little-endian: hub + 1 int16 (0 unplaced), since int32 (epoch day)
 * </pre>
 *
 * A slot not in the run is zeros in both. A file holds the slots known at its run; slots beyond its end had not
 * joined yet. The files are memory-mapped read-only, not read into arrays: a run reads the earlier runs' records
 * where it needs them (at 63M patients the two are 252 and 378 MB); tonight's are written by {@link RunLevelsWriter}.
 * {@link #close} releases the mappings.
 */
final class RunLevels implements AutoCloseable {
  static final int RECORD_BYTES = 4;
  static final int DETAIL_BYTES = 6;
  static final String SUFFIX = ".levels";
  static final String DETAIL_SUFFIX = ".detail";
  static final short NO_PERCENTILE = -1;
  /** Rules a record holds: a policy's most ({@code Policy.MAX_RULES}). */
  static final int MAX_RULES = 31;
  /** Practices a record holds (England has about 6,300). */
  static final int MAX_PRACTICES = (1 << 14) - 1;
  /** Records per mapped chunk: a chunk stays under 2 GiB and no record straddles two. */
  static final int CHUNK_SLOTS_SHIFT = 26;
  private static final int IN_CHUNK = (1 << CHUNK_SLOTS_SHIFT) - 1;

  final Path path;
  final Path detailPath;
  final int slots;
  private final MappedByteBuffer[] records;
  private final MappedByteBuffer[] details;

  private RunLevels(Path path, Path detailPath, int slots, MappedByteBuffer[] records, MappedByteBuffer[] details) {
    this.path = path;
    this.detailPath = detailPath;
    this.slots = slots;
    this.records = records;
    this.details = details;
  }

  /** The detail file beside a run's {@code .levels} file. */
  static Path detailOf(Path levels) {
    String name = levels.getFileName().toString();
    return levels.resolveSibling(name.substring(0, name.length() - SUFFIX.length()) + DETAIL_SUFFIX);
  }

  /** A kept run's files, named by its {@code .levels} file. */
  static RunLevels open(Path file) throws IOException {
    Path detail = detailOf(file);
    MappedByteBuffer[] records = null;
    try {
      int slots = slotsOf(file, RECORD_BYTES);
      int detailSlots = slotsOf(detail, DETAIL_BYTES);
      if (detailSlots != slots) {
        throw new IOException(detail + ": holds " + detailSlots + " slots, " + file + " " + slots
            + damaged(file));
      }
      records = map(file, slots, RECORD_BYTES);
      return new RunLevels(file, detail, slots, records, map(detail, slots, DETAIL_BYTES));
    } catch (IOException | RuntimeException e) {
      release(records);
      throw e;
    }
  }

  private static int slotsOf(Path file, int bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size % bytes != 0) {
        throw new IOException(file + ": " + size + " bytes is not a whole number of history records" + damaged(file));
      }
      return Math.toIntExact(size / bytes);
    }
  }

  /** Fills {@code buf} from byte {@code at} of {@code ch}, a file of {@code file} holding {@code slots} records. */
  static void readFully(FileChannel ch, ByteBuffer buf, long at, Path file, int slots) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, at);
      if (n < 0) {
        throw new IOException(file + ": ended before its " + slots + " records");
      }
      at += n;
    }
  }

  /** The end of a message about a damaged file of a kept run: what to do (STORE/history/versions/hNNNNNN/file). */
  static String damaged(Path file) {
    Path history = file.toAbsolutePath().getParent().getParent().getParent();
    return "; the history is damaged: move " + history + " aside to start a new one";
  }

  private static MappedByteBuffer[] map(Path file, int slots, int bytes) throws IOException {
    int n = (int) (((long) slots + IN_CHUNK) >>> CHUNK_SLOTS_SHIFT);
    MappedByteBuffer[] chunks = new MappedByteBuffer[n];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      for (int c = 0; c < n; c++) {
        long from = (long) c << CHUNK_SLOTS_SHIFT;
        long count = Math.min(1L << CHUNK_SLOTS_SHIFT, slots - from);
        chunks[c] = MappedFiles.readOnly(ch, from * bytes, count * bytes);
        chunks[c].order(ByteOrder.LITTLE_ENDIAN);
      }
    } catch (IOException | RuntimeException e) {
      release(chunks);
      throw e;
    }
    return chunks;
  }

  /** A slot's 4-byte record, laid out as {@link #record(int, int, int, int)} packs it; 0 beyond the file. */
  int record(int slot) {
    return slot < slots ? records[slot >>> CHUNK_SLOTS_SHIFT].getInt((slot & IN_CHUNK) * RECORD_BYTES) : 0;
  }

  /** Level of a slot, 0 when it was not in the run (or had not joined). */
  int levelOf(int slot) {
    return level(record(slot));
  }

  /** The practice's index in the run's practices, -1 unregistered. */
  int practiceOf(int slot) {
    return practice(record(slot));
  }

  /** The hub's index in the run's hubs, -1 unplaced. */
  int hub(int slot) {
    return (details[slot >>> CHUNK_SLOTS_SHIFT].getShort((slot & IN_CHUNK) * DETAIL_BYTES) - 1);
  }

  /** The epoch day the level began. */
  int since(int slot) {
    return details[slot >>> CHUNK_SLOTS_SHIFT].getInt((slot & IN_CHUNK) * DETAIL_BYTES + 2);
  }

  /** One record: level 1-4, rule -1 or its index, percentile in tenths or -1, practice index or -1. */
  static int record(int level, int rule, int percentile, int practice) {
    return level | (rule + 1) << 3 | (percentile + 1) << 8 | (practice + 1) << 18;
  }

  /** The level in a {@link #record}, 0 not in the run. */
  static int level(int record) {
    return record & 7;
  }

  /** The deciding rule in a {@link #record}, -1 for none. */
  static int rule(int record) {
    return (record >>> 3 & 31) - 1;
  }

  /** The percentile in tenths in a {@link #record}, {@link #NO_PERCENTILE} for a child. */
  static int percentile(int record) {
    return (record >>> 8 & 1023) - 1;
  }

  /** The practice index in a {@link #record}, -1 unregistered. */
  static int practice(int record) {
    return (record >>> 18) - 1;
  }

  /** A detail record as one value: hub + 1 (bits 0-15), since (16-47), as {@link #putDetail} writes it. */
  static long detail(int hub, int since) {
    return (hub + 1) & 0xFFFFL | (since & 0xFFFFFFFFL) << 16;
  }

  /** Puts a {@link #detail} at byte {@code at} of a little-endian buffer. */
  static void putDetail(ByteBuffer buf, int at, long detail) {
    buf.putShort(at, (short) detail);
    buf.putInt(at + 2, (int) (detail >>> 16));
  }

  /** Releases the mappings. */
  @Override
  public void close() {
    release(records);
    release(details);
  }

  private static void release(MappedByteBuffer[] chunks) {
    if (chunks == null) {
      return;
    }
    for (int c = 0; c < chunks.length; c++) {
      if (chunks[c] != null) {
        MappedFiles.release(chunks[c]);
        chunks[c] = null;
      }
    }
  }
}
