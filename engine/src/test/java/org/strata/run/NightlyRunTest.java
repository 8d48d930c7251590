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
import org.strata.output.RunOutputs;

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
  void progressIsToldOfEveryPhaseUpToEveryPatient(@TempDir Path tmp) throws IOException {
    Path store = ingestSmall(tmp);
    List<String> events = new java.util.ArrayList<>();
    long[] last = {-1};
    NightlyRun.run(new RunConfig(store, null, tmp.resolve("out"), true, 5), new RunProgress() {
      @Override
      public void begin(String phase, long total) {
        events.add("begin " + phase + " " + total);
        last[0] = -1;
      }

      @Override
      public void done(long n) {
        assertTrue(n > last[0], "done only grows within a phase: " + n);
        last[0] = n;
      }

      @Override
      public void end() {
        events.add("end at " + last[0]);
      }
    });
    long n = Fixtures.PATIENTS;
    assertEquals(List.of("begin score " + n, "end at " + n, "begin rollup " + n, "end at " + n,
        "begin history " + n, "end at " + n, "begin write " + n, "end at " + n), events);
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
  void resultsKeepTheLastRunsAndLeaveTheUsersFilesAlone(@TempDir Path tmp) throws IOException {
    Path store = ingestSmall(tmp);
    Path out = tmp.resolve("out");
    for (int i = 0; i < 3; i++) {
      RunResult r = NightlyRun.run(new RunConfig(store, null, out, true, 5, RunOutputs.defaults(), 2));
      assertEquals(out.resolve("runs").resolve(String.format("r%06d", i + 1)), r.runDir());
      if (i == 0) {
        Files.writeString(out.resolve("notes.txt"), "mine"); // a user's file among the results
      }
    }
    try (Stream<Path> s = Files.list(out.resolve("runs"))) {
      assertEquals(List.of("r000002", "r000003"), s.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals("r000003", Files.readString(out.resolve("CURRENT")).strip());
    assertEquals(Path.of("runs", "r000003"), Files.readSymbolicLink(out.resolve("latest")));
    assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
          "nothing beside --out");
    }
    assertEquals(List.of(), ResultsDirectory.verify(out));
  }

  /** An output that leaves in the runs directory what makes the next prune fail (a non-empty name in its way). */
  static final class PruneBlocker implements org.strata.output.RunOutput {
    @Override
    public String name() {
      return "prune-blocker";
    }

    @Override
    public void write(org.strata.output.RunContents run, Path dir) throws IOException {
      Path blocker = Files.createDirectories(dir.getParent().resolve(".pruning-r000001"));
      Files.writeString(blocker.resolve("in-the-way"), "x");
    }
  }

  @Test
  void aRunThatPublishedIsASuccessEvenWhenPruningFails(@TempDir Path tmp) throws IOException {
    Path store = ingestSmall(tmp);
    Path out = tmp.resolve("out");
    NightlyRun.run(new RunConfig(store, null, out, true, 5));
    RunResult r = NightlyRun.run(new RunConfig(store, null, out, true, 5, RunOutputs.with(new PruneBlocker()), 1));
    assertEquals("r000002", Files.readString(out.resolve("CURRENT")).strip());
    assertTrue(r.warnings().stream().anyMatch(w -> w.contains("run r000002 is published, but older runs could not be removed")),
        r.warnings().toString());
    assertTrue(Files.isDirectory(out.resolve("runs/r000001")), "the run that could not be pruned is still whole");
  }

  @Test
  void resultsOfTheLayoutBeforeRunsAreNotOverwritten(@TempDir Path tmp) throws IOException {
    Path store = ingestSmall(tmp);
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(out.resolve("manifest.json"), "{\"strata_version\": \"0.1.0\"}");
    Files.writeString(out.resolve("footprint.csv"), "level,patients\n");
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> NightlyRun.run(new RunConfig(store, null, out, true, 5)));
    assertTrue(e.getMessage().contains("layout of Strata before runs/"), e.getMessage());
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
