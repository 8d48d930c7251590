package org.strata.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A kept run's file as history format 2 wrote it, one 12-byte record a slot (level int8, rule int8, percentile
 * int16, practice int16, hub int16, since int32, little-endian; level 0 not in the run), rewritten as today's pair of
 * files ({@link RunLevels}). The first run of a store whose history is in format 2 converts every kept run into
 * its new version, so no history is lost; the old version stays current until that run publishes.
 */
final class Format2Records {
  static final int RECORD_BYTES = 12;

  private Format2Records() {}

  /** Writes {@code to} (and its detail file) from the format-2 file {@code from}. */
  static void convert(Path from, Path to) throws IOException {
    try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ)) {
      long size = in.size();
      if (size % RECORD_BYTES != 0) {
        throw new IOException(from + ": " + size + " bytes is not a whole number of format-2 history records"
            + RunLevels.damaged(from));
      }
      int slots = Math.toIntExact(size / RECORD_BYTES);
      ByteBuffer buf = ByteBuffer.allocateDirect(RunLevelsWriter.WINDOW_SLOTS * RECORD_BYTES)
          .order(ByteOrder.LITTLE_ENDIAN);
      try (RunLevelsWriter out = RunLevelsWriter.create(to, slots)) {
        RunLevelsWriter.Cursor cursor = out.cursor(0, out.windows());
        long pos = 0;
        int slot = 0;
        while (slot < slots) {
          buf.clear().limit((int) Math.min(buf.capacity(), (long) (slots - slot) * RECORD_BYTES));
          RunLevels.readFully(in, buf, pos, from, slots);
          pos += buf.limit();
          for (int at = 0; at < buf.limit(); at += RECORD_BYTES, slot++) {
            int level = buf.get(at);
            if (level != 0) {
              int practice = buf.getShort(at + 4);
              if (practice >= RunLevels.MAX_PRACTICES) {
                throw new IOException(from + ": practice " + practice + " is beyond the " + RunLevels.MAX_PRACTICES
                    + " practices a history record holds");
              }
              cursor.put(slot, level, buf.get(at + 1), buf.getShort(at + 2), practice, buf.getShort(at + 6),
                  buf.getInt(at + 8));
            }
          }
        }
        cursor.end();
        out.finish();
      }
    }
  }
}
