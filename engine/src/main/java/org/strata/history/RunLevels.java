package org.strata.history;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
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
 * A file holds the slots known at its run; slots beyond its end had not joined yet. The file is memory-mapped,
 * not read into arrays: a run reads the previous run's records where it needs them and writes tonight's in place
 * (at 63M patients a file is 756 MB). {@link #close} releases the mapping.
 */
final class RunLevels implements AutoCloseable {
  static final int RECORD_BYTES = 12;
  static final short NO_PERCENTILE = -1;
  /** Records per mapped chunk: a chunk stays under 2 GiB and no record straddles two. */
  static final int CHUNK_SLOTS_SHIFT = 26;
  private static final int IN_CHUNK = (1 << CHUNK_SLOTS_SHIFT) - 1;

  final int slots;
  private final MappedByteBuffer[] chunks;
  private final boolean writable;

  private RunLevels(int slots, MappedByteBuffer[] chunks, boolean writable) {
    this.slots = slots;
    this.chunks = chunks;
    this.writable = writable;
  }

  /** A kept run's file, read-only. */
  static RunLevels open(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size % RECORD_BYTES != 0) {
        throw new IOException(file + ": " + size + " bytes is not a whole number of history records");
      }
      return map(ch, Math.toIntExact(size / RECORD_BYTES), false);
    }
  }

  /**
   * A new file of {@code slots} records, all zeros: {@link #set} the run's patients, then {@link
   * #markAbsent}; {@link #close} writes it out.
   */
  static RunLevels create(Path file, int slots) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      return map(ch, slots, true); // the file grows to the mapped length, zeros
    }
  }

  /**
   * Makes every record not in {@code recorded} "not in this run": rule, percentile, practice, hub -1. Only those
   * are written: the file is not read back (at 63M a pass over it read 756 MB to find the few who left).
   */
  void markAbsent(BitSet recorded) {
    for (int s = recorded.nextClearBit(0); s < slots; s = recorded.nextClearBit(s + 1)) {
      set(s, (byte) 0, (byte) -1, NO_PERCENTILE, (short) -1, (short) -1, 0);
    }
  }

  private static RunLevels map(FileChannel ch, int slots, boolean writable) throws IOException {
    int n = (int) (((long) slots + IN_CHUNK) >>> CHUNK_SLOTS_SHIFT);
    MappedByteBuffer[] chunks = new MappedByteBuffer[n];
    try {
      for (int c = 0; c < n; c++) {
        long from = (long) c << CHUNK_SLOTS_SHIFT;
        long records = Math.min(1L << CHUNK_SLOTS_SHIFT, slots - from);
        chunks[c] = writable
            ? MappedFiles.readWrite(ch, from * RECORD_BYTES, records * RECORD_BYTES)
            : MappedFiles.readOnly(ch, from * RECORD_BYTES, records * RECORD_BYTES);
        chunks[c].order(ByteOrder.LITTLE_ENDIAN);
      }
    } catch (IOException | RuntimeException e) {
      for (MappedByteBuffer m : chunks) {
        MappedFiles.release(m);
      }
      throw e;
    }
    return new RunLevels(slots, chunks, writable);
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

  /** Writes one record (a file made by {@link #create}). */
  void set(int slot, byte level, byte rule, short percentile, short practice, short hub, int since) {
    MappedByteBuffer c = chunk(slot);
    int at = at(slot);
    c.put(at, level);
    c.put(at + 1, rule);
    c.putShort(at + 2, percentile);
    c.putShort(at + 4, practice);
    c.putShort(at + 6, hub);
    c.putInt(at + 8, since);
  }

  /** Writes a created file's records to the device, then releases the mapping; a read-only one is only released. */
  @Override
  public void close() {
    for (int c = 0; c < chunks.length; c++) {
      if (chunks[c] != null) {
        if (writable) {
          chunks[c].force();
        }
        MappedFiles.release(chunks[c]);
        chunks[c] = null;
      }
    }
  }
}
