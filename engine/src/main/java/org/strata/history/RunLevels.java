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
 * One recorded run, a fixed record per history slot (a patient's place in the history, stable across
 * generations): level, deciding rule, risk percentile, practice, hub and the date the level began.
 *
 * <pre>
 * record (12 bytes, little-endian)   level int8 (0 = not in that run's extract), rule int8 (-1 none),
 *                                    percentile int16 (tenths, -1 for children), practice int16 (-1
 *                                    unregistered), hub int16 (-1 unplaced), since int32 (epoch day)
 * </pre>
 *
 * A file holds the slots known at its run; slots beyond its end had not joined yet. The file is memory-mapped
 * read-only, not read into arrays: a run reads the earlier runs' records where it needs them (at 63M patients a file
 * is 756 MB); tonight's is written by {@link RunLevelsWriter}. {@link #close} releases the mapping.
 */
final class RunLevels implements AutoCloseable {
  static final int RECORD_BYTES = 12;
  static final short NO_PERCENTILE = -1;
  /** Records per mapped chunk: a chunk stays under 2 GiB and no record straddles two. */
  static final int CHUNK_SLOTS_SHIFT = 26;
  private static final int IN_CHUNK = (1 << CHUNK_SLOTS_SHIFT) - 1;

  final Path path;
  final int slots;
  private final MappedByteBuffer[] chunks;

  private RunLevels(Path path, int slots, MappedByteBuffer[] chunks) {
    this.path = path;
    this.slots = slots;
    this.chunks = chunks;
  }

  /** A kept run's file. */
  static RunLevels open(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size % RECORD_BYTES != 0) {
        throw new IOException(file + ": " + size + " bytes is not a whole number of history records");
      }
      return map(file, ch, Math.toIntExact(size / RECORD_BYTES));
    }
  }

  private static RunLevels map(Path file, FileChannel ch, int slots) throws IOException {
    int n = (int) (((long) slots + IN_CHUNK) >>> CHUNK_SLOTS_SHIFT);
    MappedByteBuffer[] chunks = new MappedByteBuffer[n];
    try {
      for (int c = 0; c < n; c++) {
        long from = (long) c << CHUNK_SLOTS_SHIFT;
        long records = Math.min(1L << CHUNK_SLOTS_SHIFT, slots - from);
        chunks[c] = MappedFiles.readOnly(ch, from * RECORD_BYTES, records * RECORD_BYTES);
        chunks[c].order(ByteOrder.LITTLE_ENDIAN);
      }
    } catch (IOException | RuntimeException e) {
      for (MappedByteBuffer m : chunks) {
        MappedFiles.release(m);
      }
      throw e;
    }
    return new RunLevels(file, slots, chunks);
  }

  private MappedByteBuffer chunk(int slot) {
    return chunks[slot >>> CHUNK_SLOTS_SHIFT];
  }

  private static int at(int slot) {
    return (slot & IN_CHUNK) * RECORD_BYTES;
  }

  /** Level of a slot, 0 when it was not in the run (or had not joined). */
  int levelOf(int slot) {
    return slot < slots ? chunk(slot).get(at(slot)) : 0;
  }

  /**
   * The first 8 bytes of a slot's record in one load, little-endian: level (bits 0–7), rule (8–15), percentile
   * (16–31), practice (32–47), hub (48–63); 0 for a slot beyond the file (not joined).
   */
  long head(int slot) {
    return slot < slots ? chunk(slot).getLong(at(slot)) : 0L;
  }

  /** The deciding rule's index in the run's rules, -1 for none. */
  byte rule(int slot) {
    return chunk(slot).get(at(slot) + 1);
  }

  /** The risk percentile in tenths, {@link #NO_PERCENTILE} for a child. */
  short percentile(int slot) {
    return chunk(slot).getShort(at(slot) + 2);
  }

  /** The practice's index in the run's practices, -1 unregistered. */
  short practice(int slot) {
    return chunk(slot).getShort(at(slot) + 4);
  }

  /** The hub's index in the run's hubs, -1 unplaced. */
  short hub(int slot) {
    return chunk(slot).getShort(at(slot) + 6);
  }

  /** The epoch day the level began. */
  int since(int slot) {
    return chunk(slot).getInt(at(slot) + 8);
  }

  /** Puts one record at byte {@code at} of {@code buf} (little-endian). */
  static void encode(ByteBuffer buf, int at, byte level, byte rule, short percentile, short practice, short hub,
      int since) {
    encode(buf, at, head(level, rule, percentile, practice, hub), since);
  }

  /** Puts one record given its first 8 bytes as {@link #head} packs them, at byte {@code at} of a little-endian buffer. */
  static void encode(ByteBuffer buf, int at, long head, int since) {
    buf.putLong(at, head);
    buf.putInt(at + 8, since);
  }

  /** The first 8 bytes of a record as one value, laid out as {@link #head(int)} reads them. */
  static long head(byte level, byte rule, short percentile, short practice, short hub) {
    return (level & 0xFFL) | (rule & 0xFFL) << 8 | (percentile & 0xFFFFL) << 16 | (practice & 0xFFFFL) << 32
        | (hub & 0xFFFFL) << 48;
  }

  /** The level in a {@link #head}. */
  static int level(long head) {
    return (byte) head;
  }

  /** The deciding rule in a {@link #head}, -1 for none. */
  static int rule(long head) {
    return (byte) (head >>> 8);
  }

  /** The percentile in tenths in a {@link #head}, {@link #NO_PERCENTILE} for a child. */
  static int percentile(long head) {
    return (short) (head >>> 16);
  }

  /** The practice index in a {@link #head}, -1 unregistered. */
  static int practice(long head) {
    return (short) (head >>> 32);
  }

  /** The hub index in a {@link #head}, -1 unplaced. */
  static int hub(long head) {
    return (short) (head >>> 48);
  }

  /** Puts the record of a slot not in the run: level 0; rule, percentile, practice and hub -1; since 0. */
  static void encodeAbsent(ByteBuffer buf, int at) {
    encode(buf, at, (byte) 0, (byte) -1, NO_PERCENTILE, (short) -1, (short) -1, 0);
  }

  /** Releases the mapping. */
  @Override
  public void close() {
    for (int c = 0; c < chunks.length; c++) {
      if (chunks[c] != null) {
        MappedFiles.release(chunks[c]);
        chunks[c] = null;
      }
    }
  }
}
