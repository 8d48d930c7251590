package org.strata.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * One thread's reader of a kept run's records for slots asked in nearly ascending order (store rows in extract
 * order): it reads a window of slots at a time with a positional read into a buffer of its own, as {@link
 * RunLevelsWriter} writes them, rather than faulting the file's mapping in page by page; a slot outside the window
 * (a new patient, a row out of place) is read through the mapping. The same accessors as {@link RunLevels}.
 */
final class RunLevelsReader implements AutoCloseable {
  /** Rows in a row whose slots lie ahead of the window before the reader moves there. */
  private static final int JUMP_AFTER = 64;

  private final RunLevels file;
  private final FileChannel channel;
  private final int windowSlots;
  private final ByteBuffer window;
  private int current = -1; // the window read, -1 none yet
  private int base; // its first slot
  private int ahead;
  private int lastSlot = -1; // the slot last asked for, and its record's first 8 bytes
  private long lastHead;

  RunLevelsReader(RunLevels file) throws IOException {
    this(file, RunLevelsWriter.WINDOW_SLOTS);
  }

  /** The same with windows of {@code windowSlots}: tests use small ones. */
  RunLevelsReader(RunLevels file, int windowSlots) throws IOException {
    this.file = file;
    this.windowSlots = windowSlots;
    this.window = ByteBuffer.allocateDirect(windowSlots * RunLevels.RECORD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    this.channel = FileChannel.open(file.path, StandardOpenOption.READ);
    this.base = -windowSlots; // no slot is in it
  }

  /** Byte of the slot's record in the window, or -1 to read it through the mapping. */
  private int at(int slot) {
    int off = slot - base;
    if (off < 0 || off >= windowSlots) { // not the window read: a division only when the window changes
      int w = slot / windowSlots;
      if (current < 0 || w == current + 1 || w > current && ++ahead >= JUMP_AFTER) {
        read(w);
        off = slot - base;
      } else {
        return -1;
      }
    }
    ahead = 0;
    return off * RunLevels.RECORD_BYTES;
  }

  private void read(int w) {
    long from = (long) w * windowSlots;
    int records = (int) Math.min(windowSlots, file.slots - from);
    window.clear().limit(records * RunLevels.RECORD_BYTES);
    long pos = from * RunLevels.RECORD_BYTES;
    try {
      while (window.hasRemaining()) {
        int n = channel.read(window, pos);
        if (n < 0) {
          throw new IOException(file.path + ": ended before its " + file.slots + " records");
        }
        pos += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    current = w;
    base = w * windowSlots;
  }

  /**
   * The first 8 bytes of a slot's record as {@link RunLevels#head(int)} packs them, 0 for a slot beyond the file;
   * the last slot's are kept, so asking for several of its fields in turn reads it once.
   */
  long head(int slot) {
    if (slot != lastSlot) {
      int at = slot < file.slots ? at(slot) : -1;
      lastHead = at >= 0 ? window.getLong(at) : file.head(slot);
      lastSlot = slot;
    }
    return lastHead;
  }

  /** Level of a slot, 0 when it was not in the run (or had not joined). */
  int levelOf(int slot) {
    return RunLevels.level(head(slot));
  }

  /** The deciding rule's index in the run's rules, -1 for none. */
  byte rule(int slot) {
    return (byte) RunLevels.rule(head(slot));
  }

  /** The risk percentile in tenths, {@link RunLevels#NO_PERCENTILE} for a child. */
  short percentile(int slot) {
    return (short) RunLevels.percentile(head(slot));
  }

  /** The practice's index in the run's practices, -1 unregistered. */
  short practice(int slot) {
    return (short) RunLevels.practice(head(slot));
  }

  /** The hub's index in the run's hubs, -1 unplaced. */
  short hub(int slot) {
    return (short) RunLevels.hub(head(slot));
  }

  /** The epoch day the level began. */
  int since(int slot) {
    int at = at(slot);
    return at >= 0 ? window.getInt(at + 8) : file.since(slot);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** One thread's readers, one per file however often it is asked for. */
  static final class Set implements AutoCloseable {
    private final java.util.IdentityHashMap<RunLevels, RunLevelsReader> readers = new java.util.IdentityHashMap<>();

    /** The reader of {@code file}; null for null. */
    RunLevelsReader of(RunLevels file) {
      if (file == null) {
        return null;
      }
      return readers.computeIfAbsent(file, f -> {
        try {
          return new RunLevelsReader(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }

    @Override
    public void close() throws IOException {
      for (RunLevelsReader r : readers.values()) {
        r.close();
      }
    }
  }
}
