package org.strata.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.datasets.Fixtures;
import org.strata.format.IdKind;
import org.strata.format.InvalidInputException;
import org.strata.level.PolicyException;
import org.strata.ingest.IngestProgress;
import org.strata.ingest.IngestRequest;
import org.strata.ingest.Ingest;

/** The nightly batch on the committed fixture: golden rollups, byte-identical reruns, safe failure. */
class NightlyRunTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/run");

  static Path ingestSmall(Path tmp) throws IOException {
    Path in = Fixtures.copySmall(tmp.resolve("in"));
    Path store = tmp.resolve("store");
    Ingest.run(new IngestRequest(in.resolve("patients.csv"), in.resolve("practices.csv"), store,
        IdKind.NHS_NUMBER, null, 0.0, IngestRequest.DEFAULT_BATCH_ROWS), IngestProgress.NONE);
    return store;
  }

  @Test
  void smallFootprintRollupsAreUnchanged(@TempDir Path tmp) throws IOException {
    Path store = ingestSmall(tmp);
    RunResult r = NightlyRun.run(new RunConfig(store, null, tmp.resolve("out"), true, 5));
    long[] c = r.levelCounts();
    assertEquals(Fixtures.PATIENTS, c[1] + c[2] + c[3] + c[4]);
    for (String name : List.of("footprint.csv", "hubs.csv", "practices.csv", "shared/hubs.csv")) {
      Path actual = tmp.resolve("out/latest").resolve(name);
      Path golden = GOLDEN.resolve(name);
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(golden.getParent());
        Files.copy(actual, golden, StandardCopyOption.REPLACE_EXISTING); // then review the diff
      }
      assertEquals(Files.readString(golden), Files.readString(actual), name);
    }
  }

  @Test
  void sameInputsAndPolicyGiveByteIdenticalOutputs(@TempDir Path tmp) throws IOException {
    Path store = ingestSmall(tmp.resolve("a"));
    Path store2 = ingestSmall(tmp.resolve("b")); // a separate ingest of the same files
    NightlyRun.run(new RunConfig(store, null, tmp.resolve("out1"), true, 5));
    NightlyRun.run(new RunConfig(store2, null, tmp.resolve("out2"), true, 5));
    List<Path> files;
    try (Stream<Path> s = Files.walk(tmp.resolve("out1"))) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    assertTrue(files.size() >= 9, files.toString());
    for (Path f : files) {
      Path other = tmp.resolve("out2").resolve(tmp.resolve("out1").relativize(f));
      assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(other), f.getFileName().toString());
    }
  }

  @Test
  void aFailedRunLeavesTheLastResultsIntact(@TempDir Path tmp) throws IOException {
    Path store = ingestSmall(tmp);
    Path out = tmp.resolve("out");
    NightlyRun.run(new RunConfig(store, null, out, true, 5));
    byte[] before = Files.readAllBytes(out.resolve("latest/manifest.json"));

    Path policy = Files.writeString(tmp.resolve("bad.yaml"), "name: x\nlevels:\n  1:\n    rules:\n      - name: a\n        when: frailty > 3\n");
    PolicyException e = assertThrows(PolicyException.class,
        () -> NightlyRun.run(new RunConfig(store, policy, out, true, 5)));
    assertTrue(e.getMessage().startsWith("bad.yaml: line 6: unknown column 'frailty'"), e.getMessage());

    InvalidInputException noHubs = assertThrows(InvalidInputException.class,
        () -> NightlyRun.run(new RunConfig(store, null, out, false, 5)));
    assertTrue(noHubs.getMessage().contains("--form-hubs"), noHubs.getMessage());

    assertArrayEquals(before, Files.readAllBytes(out.resolve("latest/manifest.json")));
    try (Stream<Path> s = Files.list(out.resolve("runs"))) {
      assertEquals(List.of("r000001"), s.map(p -> p.getFileName().toString()).toList(), "no debris");
    }
  }

  @Test
  void pseudonymousExtractRunsEndToEnd(@TempDir Path tmp) throws IOException {
    Path in = Fixtures.copySmall(tmp.resolve("in"));
    // Replace every NHS number with an opaque pseudonym (what a pseudonymisation service hands over).
    List<String> lines = Files.readAllLines(in.resolve("patients.csv"));
    StringBuilder csv = new StringBuilder(lines.get(0)).append('\n');
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      csv.append("PSN-").append(Integer.toHexString(line.substring(0, 10).hashCode())).append('-').append(i)
          .append(line.substring(10)).append('\n');
    }
    Files.writeString(in.resolve("patients.csv"), csv);
    Path store = tmp.resolve("store");
    Ingest.run(new IngestRequest(in.resolve("patients.csv"), in.resolve("practices.csv"), store,
        IdKind.PSEUDONYM, null, 0.0, IngestRequest.DEFAULT_BATCH_ROWS), IngestProgress.NONE);
    NightlyRun.run(new RunConfig(store, null, tmp.resolve("out"), true, 5));
    List<String> results = Files.readAllLines(tmp.resolve("out/latest/patients.csv"));
    assertEquals(Fixtures.PATIENTS + 1, results.size());
    assertTrue(results.get(1).startsWith("PSN-"), results.get(1));
    try (org.strata.store.Store s = org.strata.store.Store.open(store)) {
      String id = results.get(5).split(",")[0];
      assertEquals(id, s.patientId(s.index().rowOf(id)));
    }
  }

  @Test
  void outMustBeAResultsDirectory(@TempDir Path tmp) throws IOException {
    Path store = ingestSmall(tmp);
    InvalidInputException holdsStore = assertThrows(InvalidInputException.class,
        () -> NightlyRun.run(new RunConfig(store, null, tmp, true, 5)));
    assertTrue(holdsStore.getMessage().contains("--out holds the store"), holdsStore.getMessage());
    Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
    assertThrows(InvalidInputException.class, () -> NightlyRun.run(new RunConfig(store, null, file, true, 5)));
    assertEquals("mine", Files.readString(file));
    Path folder = Files.createDirectories(tmp.resolve("documents"));
    Files.writeString(folder.resolve("letter.txt"), "keep me");
    InvalidInputException notResults = assertThrows(InvalidInputException.class,
        () -> NightlyRun.run(new RunConfig(store, null, folder, true, 5)));
    assertTrue(notResults.getMessage().contains("not a Strata results directory"), notResults.getMessage());
    assertEquals("keep me", Files.readString(folder.resolve("letter.txt")));
  }

  @Test
  void sharedCountsAreSuppressedOrRoundedToFive(@TempDir Path tmp) throws IOException {
    Path store = ingestSmall(tmp);
    NightlyRun.run(new RunConfig(store, null, tmp.resolve("out"), true, 5));
    int checked = 0;
    try (org.strata.ingest.CsvRecordReader r = new org.strata.ingest.CsvRecordReader(
        Files.newInputStream(tmp.resolve("out/latest/shared/practices.csv")))) {
      r.next();
      List<String> header = new java.util.ArrayList<>();
      for (int i = 0; i < r.fieldCount(); i++) {
        header.add(r.field(i));
      }
      while (r.next()) {
        for (int i = 0; i < header.size(); i++) {
          if (header.get(i).matches("registered|total|level[1-4]|aged_65_plus|frailty_.*|ltc_2_plus")) {
            String v = r.field(i);
            assertTrue(v.equals("*") || Long.parseLong(v) % 5 == 0, header.get(i) + "=" + v + " on line " + r.line());
            checked++;
          }
        }
      }
    }
    assertTrue(checked > 100, "checked " + checked);
  }
}
