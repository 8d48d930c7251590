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
 * patients who left, a few rows out of place, and wholly shuffled; one to three cursors, some owning no window; the
 * files held to the documented layout packed by hand. The reader that reads them back the same way, and the
 * mapping, against the fields put. The conversion of a format-2 file against its fields.
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
    Rec[] rec = new Rec[rowSlot.length];
    for (int r = 0; r < rowSlot.length; r++) {
      rec[r] = Rec.random(random);
    }

    // the layout as documented, packed here by hand: every slot zeros unless given a record
    ByteBuffer records = ByteBuffer.allocate(slots * 4).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer details = ByteBuffer.allocate(slots * 6).order(ByteOrder.LITTLE_ENDIAN);
    for (int r = 0; r < rowSlot.length; r++) {
      Rec x = rec[r];
      int s = rowSlot[r];
      records.putInt(s * 4, x.level | (x.rule + 1) << 3 | (x.percentile + 1) << 8 | (x.practice + 1) << 18);
      details.putShort(s * 6, (short) (x.hub + 1));
      details.putInt(s * 6 + 2, x.since);
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
            Rec x = rec[r];
            cursor.put(rowSlot[r], x.level, x.rule, x.percentile, x.practice, x.hub, x.since);
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
    assertArrayEquals(records.array(), Files.readAllBytes(file));
    assertArrayEquals(details.array(), Files.readAllBytes(dir.resolve("t.detail")));

    // read back in the extract's order, through windows where it can and the mapping where not, as a run does
    try (RunLevels mapped = RunLevels.open(file); RunLevelsReader reader = new RunLevelsReader(mapped, windowSlots)) {
      for (int r = 0; r < rowSlot.length; r++) {
        int s = rowSlot[r];
        Rec x = rec[r];
        String where = "row " + r + ", slot " + s;
        assertEquals(x.level, mapped.levelOf(s), where);
        assertEquals(x.practice, mapped.practiceOf(s), where);
        assertEquals(x.hub, mapped.hub(s), where);
        assertEquals(x.since, mapped.since(s), where);
        assertEquals(x.level, reader.levelOf(s), where);
        assertEquals(x.rule, reader.rule(s), where);
        assertEquals(x.percentile, reader.percentile(s), where);
        assertEquals(x.practice, reader.practice(s), where);
        assertEquals(x.hub, reader.hub(s), where);
        assertEquals(x.since, reader.since(s), where);
      }
      assertEquals(0, reader.levelOf(slots + 5), "a slot that had not joined");
      assertEquals(0, mapped.levelOf(slots + 5), "a slot that had not joined");
    }
  }

  /** A format-2 file (12-byte records, written here by hand) converts to the same fields, absent slots included. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void convertsAFormat2File(long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    int slots = 1 + random.nextInt(200_000); // up to four windows
    Rec[] rec = new Rec[slots];
    ByteBuffer old = ByteBuffer.allocate(slots * 12).order(ByteOrder.LITTLE_ENDIAN);
    for (int s = 0; s < slots; s++) {
      rec[s] = random.nextInt(5) == 0 ? null : Rec.random(random);
      Rec x = rec[s];
      old.put(s * 12, (byte) (x == null ? 0 : x.level));
      old.put(s * 12 + 1, (byte) (x == null ? -1 : x.rule));
      old.putShort(s * 12 + 2, (short) (x == null ? -1 : x.percentile));
      old.putShort(s * 12 + 4, (short) (x == null ? -1 : x.practice));
      old.putShort(s * 12 + 6, (short) (x == null ? -1 : x.hub));
      old.putInt(s * 12 + 8, x == null ? 0 : x.since);
    }
    Path from = Files.write(dir.resolve("old.levels"), old.array());
    Path to = dir.resolve("new.levels");
    Format2Records.convert(from, to);
    try (RunLevels mapped = RunLevels.open(to); RunLevelsReader reader = new RunLevelsReader(mapped)) {
      assertEquals(slots, mapped.slots);
      for (int s = 0; s < slots; s++) {
        Rec x = rec[s];
        String where = "slot " + s;
        assertEquals(x == null ? 0 : x.level, reader.levelOf(s), where);
        if (x != null) {
          assertEquals(x.rule, reader.rule(s), where);
          assertEquals(x.percentile, reader.percentile(s), where);
          assertEquals(x.practice, reader.practice(s), where);
          assertEquals(x.hub, reader.hub(s), where);
          assertEquals(x.since, reader.since(s), where);
        } else {
          assertEquals(0, mapped.record(s), where);
        }
      }
    }
  }

  static Stream<Long> seeds() {
    return Stream.of(1L, 2L, 3L);
  }

  /** One record's fields, each anywhere in its range. */
  private record Rec(int level, int rule, int percentile, int practice, int hub, int since) {
    static Rec random(SplittableRandom r) {
      return new Rec(1 + r.nextInt(4), r.nextInt(-1, RunLevels.MAX_RULES), r.nextInt(-1, 1001),
          r.nextInt(-1, RunLevels.MAX_PRACTICES), r.nextInt(-1, Short.MAX_VALUE), r.nextInt());
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
}
