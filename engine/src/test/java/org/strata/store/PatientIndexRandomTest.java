package org.strata.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * On seeded random data: the packed level history against an obvious list model, and the 5-byte NHS
 * number key codec. A failure names its seed.
 */
class PatientIndexRandomTest {

  @Test
  void packedHistoryMatchesListModel() {
    for (long seed = 1; seed <= 500; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      int row = rnd.nextInt(1_000_001);
      PatientIndex.PatientState state = new PatientIndex.PatientState();
      state.set(row, row + 1);
      List<Integer> model = new ArrayList<>(); // newest first, unbounded
      int generation = 0;
      int runs = rnd.nextInt(21);
      for (int k = 0; k < runs; k++) {
        int level = rnd.nextInt(PatientHistory.MAX_LEVEL + 1);
        int gap = rnd.nextInt(10) < 8 ? 1 : 2 + rnd.nextInt(11); // mostly consecutive runs
        if (generation > 0) {
          for (int skipped = 1; skipped < gap; skipped++) {
            model.add(0, 0); // runs the patient missed count as none
          }
        }
        model.add(0, level);
        generation += gap;
        state.appendLevel(level, generation);
      }
      int kept = Math.min(model.size(), PatientHistory.MAX_RUNS);
      byte[] expected = new byte[kept];
      for (int i = 0; i < kept; i++) {
        expected[i] = (byte) (int) model.get(i);
      }
      PatientHistory h = state.toHistory();
      assertArrayEquals(expected, h.levels(), "seed " + seed);
      assertEquals(runs == 0 ? 0 : generation, h.generation(), "seed " + seed);
      assertEquals(row, h.row(), "seed " + seed);
      assertEquals(row + 1, h.sourceLine(), "seed " + seed);
    }
  }

  @Test
  void nhsKeyCodecRoundTrips() {
    SplittableRandom rnd = new SplittableRandom(42);
    for (int k = 0; k < 1000; k++) {
      long n = rnd.nextInt(1_000_000_000) * 10L;
      // the codec must round-trip every 10-digit value, valid or not
      for (long candidate : new long[] {n, n + 9, 9_999_999_999L - n}) {
        net.openhft.chronicle.bytes.Bytes<?> bytes = net.openhft.chronicle.bytes.Bytes.allocateElasticOnHeap(8);
        PatientIndex.NhsKeyMarshaller.INSTANCE.write(bytes, 5, new PatientIndex.NhsKey(candidate));
        assertEquals(PatientIndex.NHS_KEY_BYTES, bytes.readRemaining());
        assertEquals(candidate, PatientIndex.NhsKeyMarshaller.INSTANCE.read(bytes, 5, null).value, "n=" + n);
      }
    }
  }
}
