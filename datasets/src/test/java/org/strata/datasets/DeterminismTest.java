package org.strata.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same spec ⇒ same bytes, whatever the thread count; and the shipped fixtures are exactly that output. */
class DeterminismTest {

    @Test
    void sameSpecGivesIdenticalBytesOnOneOrTwoThreads(@TempDir Path dir) throws IOException {
        for (double dirtyRate : new double[] {0.0, 0.05}) {
            FootprintSpec one = FootprintSpec.builder().patients(60_000).seed(11L).dirtyRate(dirtyRate).threads(1).build();
            FootprintSpec two = FootprintSpec.builder().patients(60_000).seed(11L).dirtyRate(dirtyRate).threads(2).build();
            Path a = dir.resolve("a" + dirtyRate);
            Path b = dir.resolve("b" + dirtyRate);
            GenerationSummary sa = FootprintGenerator.generate(one, a, ProgressListener.NONE);
            GenerationSummary sb = FootprintGenerator.generate(two, b, ProgressListener.NONE);
            for (String name : List.of("patients.csv", "practices.csv", "defects.csv")) {
                assertEquals(Files.exists(a.resolve(name)), Files.exists(b.resolve(name)), name);
                if (Files.exists(a.resolve(name))) {
                    assertArrayEquals(Files.readAllBytes(a.resolve(name)), Files.readAllBytes(b.resolve(name)),
                            name + " identical, dirtyRate " + dirtyRate);
                }
            }
            assertEquals(sa.toText(), sb.toText());
            assertEquals(dirtyRate > 0, Files.exists(a.resolve("defects.csv")));
        }
    }

    @Test
    void differentSeedsGiveDifferentFootprints(@TempDir Path dir) throws IOException {
        FootprintGenerator.generate(FootprintSpec.builder().patients(5_000).seed(1L).build(), dir.resolve("1"), ProgressListener.NONE);
        FootprintGenerator.generate(FootprintSpec.builder().patients(5_000).seed(2L).build(), dir.resolve("2"), ProgressListener.NONE);
        assertFalse(Files.readString(dir.resolve("1/patients.csv")).equals(Files.readString(dir.resolve("2/patients.csv"))));
    }

    @Test
    void leavesNoTemporaryFilesAndReportsProgressInOrder(@TempDir Path dir) throws IOException {
        List<long[]> calls = new ArrayList<>();
        GenerationSummary summary = FootprintGenerator.generate(
                FootprintSpec.builder().patients(20_000).seed(3L).dirtyRate(0.01).threads(2).build(), dir,
                (patients, bytes) -> calls.add(new long[] {patients, bytes}));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left");
        }
        assertFalse(calls.isEmpty());
        for (int i = 1; i < calls.size(); i++) {
            assertTrue(calls.get(i)[0] >= calls.get(i - 1)[0] && calls.get(i)[1] >= calls.get(i - 1)[1], "never decreases");
        }
        assertEquals(20_000, calls.get(calls.size() - 1)[0]);
        assertEquals(Files.size(dir.resolve("patients.csv")), summary.patientsFileBytes());
        assertEquals(Files.size(dir.resolve("defects.csv")), summary.defectsFileBytes());
        // a clean run into the same directory removes the stale manifest
        FootprintGenerator.generate(FootprintSpec.builder().patients(20_000).seed(3L).build(), dir, ProgressListener.NONE);
        assertFalse(Files.exists(dir.resolve("defects.csv")));
    }

    /** Golden: the fixtures shipped in the jar are exactly what the generator writes today. */
    @Test
    void shippedFixturesEqualAFreshGeneration(@TempDir Path dir) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Fixtures.regenerate(Path.of("src/main/resources")); // then review the diff
        }
        Path small = Fixtures.copySmall(dir.resolve("small"));
        Path smallDirty = Fixtures.copySmallDirty(dir.resolve("small-dirty"));
        Path fresh = dir.resolve("fresh");
        Fixtures.regenerate(fresh);
        Path freshBase = fresh.resolve("org/strata/datasets/fixtures");
        for (String name : List.of("patients.csv", "practices.csv")) {
            assertArrayEquals(Files.readAllBytes(freshBase.resolve("small").resolve(name)),
                    Files.readAllBytes(small.resolve(name)), "small/" + name);
        }
        for (String name : List.of("patients.csv", "practices.csv", "defects.csv")) {
            assertArrayEquals(Files.readAllBytes(freshBase.resolve("small-dirty").resolve(name)),
                    Files.readAllBytes(smallDirty.resolve(name)), "small-dirty/" + name);
        }
        List<String> practices = Files.readAllLines(small.resolve("practices.csv"));
        assertTrue(practices.size() - 1 >= 8, "a miniature footprint still has several practices: " + practices.size());
    }
}
