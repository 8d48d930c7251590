package org.strata.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

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
 * A file holds the slots known at its run; slots beyond its end had not joined yet.
 */
final class RunLevels {
  static final int RECORD_BYTES = 12;
  static final short NO_PERCENTILE = -1;

  final int slots;
  final byte[] level;
  final byte[] rule;
  final short[] percentile;
  final short[] practice;
  final short[] hub;
  final int[] since;

  RunLevels(int slots) {
    this.slots = slots;
    level = new byte[slots];
    rule = new byte[slots];
    percentile = new short[slots];
    practice = new short[slots];
    hub = new short[slots];
    since = new int[slots];
    Arrays.fill(rule, (byte) -1);
    Arrays.fill(percentile, NO_PERCENTILE);
    Arrays.fill(practice, (short) -1);
    Arrays.fill(hub, (short) -1);
  }

  /** Level of a slot, 0 when it was not in the run (or had not joined). */
  int levelOf(int slot) {
    return slot < slots ? level[slot] : 0;
  }

  void write(Path file) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(RECORD_BYTES * 8192).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int s = 0; s < slots; s++) {
        if (buf.remaining() < RECORD_BYTES) {
          drain(ch, buf);
        }
        buf.put(level[s]).put(rule[s]).putShort(percentile[s]).putShort(practice[s]).putShort(hub[s])
            .putInt(since[s]);
      }
      drain(ch, buf);
    }
  }

  private static void drain(FileChannel ch, ByteBuffer buf) throws IOException {
    buf.flip();
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
    buf.clear();
  }

  static RunLevels read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size % RECORD_BYTES != 0) {
        throw new IOException(file + ": " + size + " bytes is not a whole number of history records");
      }
      RunLevels r = new RunLevels(Math.toIntExact(size / RECORD_BYTES));
      ByteBuffer buf = ByteBuffer.allocate(RECORD_BYTES * 8192).order(ByteOrder.LITTLE_ENDIAN);
      int s = 0;
      while (s < r.slots) {
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), (long) (r.slots - s) * RECORD_BYTES));
        while (buf.hasRemaining()) {
          if (ch.read(buf, (long) s * RECORD_BYTES + buf.position()) < 0) {
            throw new IOException(file + ": ended early");
          }
        }
        buf.flip();
        while (buf.hasRemaining()) {
          r.level[s] = buf.get();
          r.rule[s] = buf.get();
          r.percentile[s] = buf.getShort();
          r.practice[s] = buf.getShort();
          r.hub[s] = buf.getShort();
          r.since[s] = buf.getInt();
          s++;
        }
      }
      return r;
    }
  }
}
