package org.strata.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The packed level history against an obvious list model; the 5-byte NHS number key codec. */
class PatientIndexProperties {

    /** One recorded run: a level and how many generations after the previous run it came. */
    record Run(int level, int gap) {}

    @Property(tries = 500)
    void packedHistoryMatchesListModel(@ForAll("runs") List<Run> runs,
                                       @ForAll @IntRange(min = 0, max = 1_000_000) int row) {
        PatientIndex.PatientState state = new PatientIndex.PatientState();
        state.set(row, row + 1);
        List<Integer> model = new ArrayList<>(); // newest first, unbounded
        int generation = 0;
        for (Run run : runs) {
            int next = generation + run.gap();
            if (generation > 0) {
                for (int skipped = 1; skipped < run.gap(); skipped++) {
                    model.add(0, 0); // runs the patient missed count as none
                }
            }
            model.add(0, run.level());
            generation = next;
            state.appendLevel(run.level(), generation);
        }
        int kept = Math.min(model.size(), PatientHistory.MAX_RUNS);
        byte[] expected = new byte[kept];
        for (int i = 0; i < kept; i++) {
            expected[i] = (byte) (int) model.get(i);
        }
        PatientHistory h = state.toHistory();
        assertArrayEquals(expected, h.levels());
        assertEquals(runs.isEmpty() ? 0 : generation, h.generation());
        assertEquals(row, h.row());
        assertEquals(row + 1, h.sourceLine());
    }

    @Provide
    Arbitrary<List<Run>> runs() {
        Arbitrary<Integer> levels = Arbitraries.integers().between(0, PatientHistory.MAX_LEVEL);
        Arbitrary<Integer> gaps = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.just(1)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(2, 12)));
        return Combinators.combine(levels, gaps).as(Run::new).list().ofMaxSize(20);
    }

    @Property(tries = 1000)
    void nhsKeyCodecRoundTrips(@ForAll @IntRange(min = 0, max = 999_999_999) int nineDigits) {
        long n = nineDigits * 10L;
        // the codec must round-trip every 10-digit value, valid or not
        for (long candidate : new long[] {n, n + 9, 9_999_999_999L - n}) {
            net.openhft.chronicle.bytes.Bytes<?> bytes = net.openhft.chronicle.bytes.Bytes.allocateElasticOnHeap(8);
            PatientIndex.NhsKeyMarshaller.INSTANCE.write(bytes, 5, new PatientIndex.NhsKey(candidate));
            assertEquals(PatientIndex.NHS_KEY_BYTES, bytes.readRemaining());
            assertEquals(candidate, PatientIndex.NhsKeyMarshaller.INSTANCE.read(bytes, 5, null).value);
        }
    }
}
