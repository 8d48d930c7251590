package org.strata.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The window-by-window writer against a plain reference (every record put into a heap buffer at its slot, every
 * other slot absent), on seeded random extracts: nearly in slot order with new patients' slots at the end, gaps of
 * patients who left, a few rows out of place, and wholly shuffled; one to three cursors, some owning no window. The reader that reads a file back the same way against the mapping.
 */
class RunLevelsWriterTest {
  @TempDir Path dir;

  static Stream<Arguments> extracts() {
    List<Arguments> out = new ArrayList<>();
    for (long seed = 1; seed <= 6; seed++) {
      for (int cursors = 1; cursors <= 3; cursors++) {
        out.add(Arguments.of(seed, cursors, false));
      }
      out.add(Arguments.of(seed, 2, true));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "seed {0}, {1} cursors, shuffled {2}")
  @MethodSource("extracts")
  void writesWhatAPlainBufferHolds(long seed, int cursors, boolean shuffled) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    int slots = 5_000 + random.nextInt(5_000);
    // a third of the extracts in one window, so that some cursors own none
    int windowSlots = seed % 3 == 0 ? RunLevelsWriter.WINDOW_SLOTS : 1 + random.nextInt(400);
    int[] rowSlot = extract(random, slots, shuffled);
    long[] head = new long[rowSlot.length];
    int[] since = new int[rowSlot.length];
    for (int r = 0; r < rowSlot.length; r++) {
      head[r] = random.nextLong();
      since[r] = random.nextInt();
    }

    ByteBuffer expected = ByteBuffer.allocate(slots * RunLevels.RECORD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int s = 0; s < slots; s++) {
      RunLevels.encodeAbsent(expected, s * RunLevels.RECORD_BYTES);
    }
    for (int r = 0; r < rowSlot.length; r++) {
      put(expected, rowSlot[r], head[r], since[r]);
    }

    Path file = dir.resolve("t.levels");
    try (RunLevelsWriter w = RunLevelsWriter.create(file, slots, windowSlots)) {
      int windows = w.windows();
      Thread[] threads = new Thread[cursors];
      for (int c = 0; c < cursors; c++) {
        int first = rowSlot.length * c / cursors;
        int end = rowSlot.length * (c + 1) / cursors;
        // the cursors split the windows where their rows begin, as the recorder does, or anywhere
        RunLevelsWriter.Cursor cursor = w.cursor(windows * c / cursors, windows * (c + 1) / cursors);
        threads[c] = new Thread(() -> {
          for (int r = first; r < end; r++) {
            long h = head[r];
            cursor.put(rowSlot[r], (byte) h, (byte) (h >>> 8), (short) (h >>> 16), (short) (h >>> 32),
                (short) (h >>> 48), since[r]);
          }
          cursor.end();
        });
        threads[c].start();
      }
      for (Thread t : threads) {
        t.join();
      }
      w.finish();
    }
    assertArrayEquals(expected.array(), Files.readAllBytes(file));

    // read back in the extract's order, through windows where it can and the mapping where not, as a run does
    try (RunLevels mapped = RunLevels.open(file); RunLevelsReader reader = new RunLevelsReader(mapped, windowSlots)) {
      for (int r = 0; r < rowSlot.length; r++) {
        int s = rowSlot[r];
        String where = "row " + r + ", slot " + s;
        assertEquals(mapped.levelOf(s), reader.levelOf(s), where);
        assertEquals(mapped.rule(s), reader.rule(s), where);
        assertEquals(mapped.percentile(s), reader.percentile(s), where);
        assertEquals(mapped.practice(s), reader.practice(s), where);
        assertEquals(mapped.hub(s), reader.hub(s), where);
        assertEquals(mapped.since(s), reader.since(s), where);
        assertEquals((byte) head[r], (byte) reader.levelOf(s), where);
        assertEquals(since[r], reader.since(s), where);
      }
      assertEquals(0, reader.levelOf(slots + 5), "a slot that had not joined");
    }
  }

  /** Distinct slots in extract order. */
  private static int[] extract(SplittableRandom random, int slots, boolean shuffled) {
    int joined = slots / 20; // the last slots: new patients, their rows anywhere
    List<Integer> rows = new ArrayList<>();
    for (int s = 0; s < slots - joined; s++) {
      boolean leftInAGap = s % 1000 < 300 && s / 1000 % 3 == 1;
      if (!leftInAGap && random.nextInt(10) != 0) {
        rows.add(s);
      }
    }
    for (int s = slots - joined; s < slots; s++) {
      if (random.nextInt(4) != 0) {
        rows.add(random.nextInt(rows.size() + 1), s);
      }
    }
    for (int i = 0; i < rows.size() / 50; i++) { // a few out of place
      int a = random.nextInt(rows.size());
      int b = random.nextInt(rows.size());
      rows.set(a, rows.set(b, rows.get(a)));
    }
    if (shuffled) {
      for (int i = rows.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        rows.set(i, rows.set(j, rows.get(i)));
      }
    }
    return rows.stream().mapToInt(Integer::intValue).toArray();
  }

  private static void put(ByteBuffer b, int slot, long h, int since) {
    RunLevels.encode(b, slot * RunLevels.RECORD_BYTES, (byte) h, (byte) (h >>> 8), (short) (h >>> 16),
        (short) (h >>> 32), (short) (h >>> 48), since);
  }
}
