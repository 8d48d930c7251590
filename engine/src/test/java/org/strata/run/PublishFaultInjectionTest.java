package org.strata.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.datasets.Fixtures;
import org.strata.output.RunVerifier;
import org.strata.publish.PublishStep;
import org.strata.store.Store;
import org.strata.store.StoreVerifier;

/**
 * Stops a real {@code strata ingest} and a real {@code strata run} right after every step of the publish
 * protocol (the JVM halts: no finally blocks, no shutdown hooks) and checks after each that the store's current
 * generation and the current results are complete and verify, that the pointer moved only once the new version
 * was complete, and that the next writer clears the debris without touching anything complete.
 */
class PublishFaultInjectionTest {

  @Test
  void aCrashAfterAnyStepOfAnIngestLeavesACompleteCurrentGeneration(@TempDir Path tmp) throws Exception {
    Path in = Fixtures.copySmall(tmp.resolve("in"));
    Path store = tmp.resolve("store");
    String[] ingest = {"ingest", "--patients", in.resolve("patients.csv").toString(), "--practices",
        in.resolve("practices.csv").toString(), "--store", store.toString(), "--quiet"};
    for (int i = 0; i < 3; i++) { // three generations: every later publish prunes one
      assertEquals(0, run(tmp, null, ingest));
    }
    haltAfterEveryStep(tmp, store, "generations", ingest, step -> {
      assertEquals(List.of(), StoreVerifier.verify(store), step + ": the current generation verifies");
      try (Store s = Store.open(store)) {
        assertEquals(Fixtures.PATIENTS, s.rowCount(), step.name());
      }
    });
    assertEquals(List.of(), StoreVerifier.verify(store));
  }

  @Test
  void aCrashAfterAnyStepOfARunLeavesCompleteCurrentResults(@TempDir Path tmp) throws Exception {
    Path results = tmp.resolve("results");
    String[] nightly = twoRuns(tmp, "--keep-runs"); // two runs kept: every later publish prunes one
    String manifest = Files.readString(results.resolve("latest/manifest.json"));
    haltAfterEveryStep(tmp, results, "runs", nightly, step -> {
      assertEquals(List.of(), ResultsDirectory.verify(results), step + ": the current results verify");
      // latest may lag CURRENT by one step, never point at anything incomplete.
      assertEquals(List.of(), RunVerifier.verify(results.resolve("latest").toRealPath()), step + ": latest");
      assertEquals(manifest, Files.readString(results.resolve("latest/manifest.json")), step.name());
    });
    assertEquals(List.of(), ResultsDirectory.verify(results));
  }

  @Test
  void aCrashAfterAnyStepOfRecordingHistoryLeavesACompleteHistoryAndTheResultsAsTheyWere(@TempDir Path tmp)
      throws Exception {
    Path in = tmp.resolve("in");
    Path store = tmp.resolve("store");
    Path results = tmp.resolve("results");
    String[] nightly = twoRuns(tmp, "--keep-history"); // two versions kept: every later publish prunes one
    String latestRun = Files.readString(results.resolve("CURRENT")).strip();
    long patient = Long.parseLong(Files.readAllLines(in.resolve("patients.csv")).get(1).split(",")[0]);
    haltAfterEveryStep(tmp, store.resolve("history"), "versions", nightly, step -> {
      // the history publishes before the results: a halt in it leaves the results as they were
      assertEquals(latestRun, Files.readString(results.resolve("CURRENT")).strip(), step + ": results CURRENT");
      List<org.strata.history.HistoryRun> runs = org.strata.history.History.runs(store);
      assertEquals(2, runs.size(), step + ": two runs kept");
      assertTrue(runs.get(0).run().compareTo(runs.get(1).run()) < 0, step + ": one entry a run: " + runs);
      assertEquals(2, org.strata.history.History.of(store, org.strata.format.IdKind.NHS_NUMBER, patient).size(),
          step + ": a patient's history reads");
    });
    assertEquals(List.of(), ResultsDirectory.verify(results));
  }

  /**
   * Ingests the small fixture into {@code tmp/store} and runs it twice into {@code tmp/results}, keeping two of
   * what {@code keepOption} counts; returns the run's arguments.
   */
  private static String[] twoRuns(Path tmp, String keepOption) throws Exception {
    Path in = Fixtures.copySmall(tmp.resolve("in"));
    Path store = tmp.resolve("store");
    assertEquals(0, run(tmp, null, "ingest", "--patients", in.resolve("patients.csv").toString(), "--practices",
        in.resolve("practices.csv").toString(), "--store", store.toString(), "--quiet"));
    String[] nightly = {"run", "--store", store.toString(), "--out", tmp.resolve("results").toString(),
        "--form-hubs", keepOption, "2", "--quiet"};
    assertEquals(0, run(tmp, null, nightly));
    assertEquals(0, run(tmp, null, nightly));
    return nightly;
  }

  /** What must hold of a store or results after a halt, beyond the pointer. */
  private interface AfterHalt {
    void check(PublishStep step) throws Exception;
  }

  /**
   * Halts {@code strata args} after each step in turn. After each: CURRENT moved on exactly when the pointer's
   * rename had happened, the previous version is still there, only pruning removed a complete version (an old
   * one), and {@code check} holds. Last, an unhalted writer removes every piece of debris.
   */
  private static void haltAfterEveryStep(Path tmp, Path root, String kind, String[] args, AfterHalt check)
      throws Exception {
    for (PublishStep step : PublishStep.values()) {
      String before = Files.readString(root.resolve("CURRENT")).strip();
      List<String> completeBefore = complete(root.resolve(kind));
      assertEquals(PublishStep.HALT_EXIT, runHalting(tmp, step, kind, args), step + ": the child halted at the step");

      boolean published = step.compareTo(PublishStep.POINTER_RENAMED) >= 0;
      assertEquals(published ? next(before) : before, Files.readString(root.resolve("CURRENT")).strip(),
          step + ": CURRENT");
      assertTrue(Files.isDirectory(root.resolve(kind).resolve(before)), step + ": the previous version is kept");
      List<String> completeAfter = complete(root.resolve(kind));
      for (String v : completeBefore) {
        if (!completeAfter.contains(v)) {
          assertTrue(step.compareTo(PublishStep.PRUNE_MARKED) >= 0 && v.compareTo(before) < 0,
              step + ": only pruning removes a complete version, and only an old one: " + v);
        }
      }
      check.check(step);
    }
    assertEquals(0, run(tmp, null, args));
    assertEquals(List.of(), debris(root, kind), "the next writer removed the debris");
  }

  /** Runs strata in a child JVM, halting after {@code step} when given; returns the exit code. */
  private static int run(Path tmp, PublishStep step, String... args) throws Exception {
    return runHalting(tmp, step, null, args);
  }

  /** As {@link #run}, halting only in publishes of directories of {@code kind}. */
  private static int runHalting(Path tmp, PublishStep step, String kind, String... args) throws Exception {
    Path log = tmp.resolve("child.log");
    List<String> props = step == null ? List.of() : kind == null
        ? List.of("-Dstrata.publish.haltAfter=" + step.name())
        : List.of("-Dstrata.publish.haltAfter=" + step.name(), "-Dstrata.publish.haltIn=" + kind);
    Process p = ChildStrata.start(log, props, args);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child finished");
    int exit = p.exitValue();
    if (exit != 0 && exit != PublishStep.HALT_EXIT) {
      throw new AssertionError("strata " + String.join(" ", args) + " exited " + exit + ": " + Files.readString(log));
    }
    return exit;
  }

  private static String next(String name) {
    return String.format(java.util.Locale.ROOT, "%c%06d", name.charAt(0), Integer.parseInt(name.substring(1)) + 1);
  }

  /** Complete versions: named like one and holding their manifest. */
  private static List<String> complete(Path versions) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(versions)) {
      for (Path p : s.sorted().toList()) {
        if (p.getFileName().toString().matches("[ghr]\\d{6}")
            && (Files.exists(p.resolve("manifest.json")) || Files.exists(p.resolve("history.json")))) {
          out.add(p.getFileName().toString());
        }
      }
    }
    return out;
  }

  private static List<String> debris(Path root, String kind) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Stream.concat(Files.list(root), Files.list(root.resolve(kind)))) {
      s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(".incoming-") || n.startsWith(".pruning-") || n.endsWith(".tmp"))
          .forEach(out::add);
    }
    return out;
  }
}
