package org.strata.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One thread's reader of a kept run's records for slots asked in nearly ascending order (store rows in extract
 * order): it reads a window of slots at a time with a positional read into a buffer of its own, as {@link
 * RunLevelsWriter} writes them, rather than faulting the file's mapping in page by page; a slot outside the window
 * (a new patient, a row out of place) is read through the mapping. The detail file (hub, since) is read only if
 * asked for: the rising-risk window asks only for levels and percentiles. The same accessors as {@link RunLevels}.
 */
final class RunLevelsReader implements AutoCloseable {
  /** Rows in a row whose slots lie ahead of the window before the reader moves there. */
  private static final int JUMP_AFTER = 64;

  private final RunLevels file;
  private final int windowSlots;
  private final Window records;
  private Window details; // opened when first asked for
  private int lastSlot = -1; // the slot last asked for, and its record
  private int lastRecord;

  RunLevelsReader(RunLevels file) throws IOException {
    this(file, RunLevelsWriter.WINDOW_SLOTS);
  }

  /** The same with windows of {@code windowSlots}: tests use small ones. */
  RunLevelsReader(RunLevels file, int windowSlots) throws IOException {
    this.file = file;
    this.windowSlots = windowSlots;
    this.records = new Window(file.path, RunLevels.RECORD_BYTES);
  }

  /** A slot's record as {@link RunLevels#record(int)} gives it; the last slot's is kept for its other fields. */
  int record(int slot) {
    if (slot != lastSlot) {
      int at = slot < file.slots ? records.at(slot) : -1;
      lastRecord = at >= 0 ? records.buf.getInt(at) : file.record(slot);
      lastSlot = slot;
    }
    return lastRecord;
  }

  /** Level of a slot, 0 when it was not in the run (or had not joined). */
  int levelOf(int slot) {
    return RunLevels.level(record(slot));
  }

  /** The deciding rule's index in the run's rules, -1 for none. */
  int rule(int slot) {
    return RunLevels.rule(record(slot));
  }

  /** The risk percentile in tenths, {@link RunLevels#NO_PERCENTILE} for a child. */
  int percentile(int slot) {
    return RunLevels.percentile(record(slot));
  }

  /** The practice's index in the run's practices, -1 unregistered. */
  int practice(int slot) {
    return RunLevels.practice(record(slot));
  }

  /** The hub's index in the run's hubs, -1 unplaced; of a slot in the run. */
  int hub(int slot) {
    int at = details().at(slot);
    return at >= 0 ? details.buf.getShort(at) - 1 : file.hub(slot);
  }

  /** The epoch day the level began; of a slot in the run. */
  int since(int slot) {
    int at = details().at(slot);
    return at >= 0 ? details.buf.getInt(at + 2) : file.since(slot);
  }

  private Window details() {
    if (details == null) {
      try {
        details = new Window(file.detailPath, RunLevels.DETAIL_BYTES);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return details;
  }

  @Override
  public void close() throws IOException {
    try (Window d = details) {
      records.close();
    }
  }

  /** A window of one of the files, read whole with a positional read. */
  private final class Window implements AutoCloseable {
    final ByteBuffer buf;
    private final Path path;
    private final int bytes;
    private final FileChannel channel;
    private int current = -1; // the window read, -1 none yet
    private int base = -windowSlots; // its first slot; no slot is in it yet
    private int ahead;

    Window(Path path, int bytes) throws IOException {
      this.path = path;
      this.bytes = bytes;
      this.buf = ByteBuffer.allocateDirect(windowSlots * bytes).order(ByteOrder.LITTLE_ENDIAN);
      this.channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    /** Byte of the slot's record in the window, or -1 to read it through the mapping. */
    int at(int slot) {
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
      return off * bytes;
    }

    private void read(int w) {
      long from = (long) w * windowSlots;
      int count = (int) Math.min(windowSlots, file.slots - from);
      buf.clear().limit(count * bytes);
      try {
        RunLevels.readFully(channel, buf, from * bytes, path, file.slots);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      current = w;
      base = w * windowSlots;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
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
