package org.strata.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.datasets.FootprintGenerator;
import org.strata.datasets.FootprintSpec;
import org.strata.datasets.ProgressListener;
import org.strata.store.Store;
import org.strata.store.StoreVerifier;

/**
 * Kills real {@code strata ingest} and {@code strata run} processes with SIGKILL at random instants (seeded),
 * at least 25 of each, and checks after every kill that the store's current generation and the current results
 * are complete and verify. The delays are spread over a whole unkilled run of each, so kills land in start-up,
 * parsing, writing and every step of the publish.
 */
class KillAtAnyInstantTest {
  private static final int KILLS_EACH = 25;

  @Test
  void killedIngestsAndRunsNeverLeaveAnythingUnverifiable(@TempDir Path tmp) throws Exception {
    Path in = tmp.resolve("in");
    FootprintGenerator.generate(FootprintSpec.builder().patients(20_000).seed(11).threads(2).build(), in,
        ProgressListener.NONE);
    Path store = tmp.resolve("store");
    Path results = tmp.resolve("results");
    String[] ingest = {"ingest", "--patients", in.resolve("patients.csv").toString(), "--practices",
        in.resolve("practices.csv").toString(), "--store", store.toString(), "--quiet"};
    String[] nightly = {"run", "--store", store.toString(), "--out", results.toString(), "--form-hubs",
        "--keep-runs", "3", "--quiet"};
    long ingestNanos = unkilled(tmp, ingest);
    long runNanos = unkilled(tmp, nightly);

    Random random = new Random(20261205L);
    int[] kills = new int[2];
    int[] published = new int[2]; // kills after which the pointer had moved on: the publish had happened
    int finished = 0;
    for (int attempt = 0; attempt < 4 * KILLS_EACH && (kills[0] < KILLS_EACH || kills[1] < KILLS_EACH); attempt++) {
      int kind = kills[0] <= kills[1] ? 0 : 1;
      Path root = kind == 0 ? store : results;
      String before = Files.readString(root.resolve("CURRENT")).strip();
      Process p = ChildStrata.start(tmp.resolve("child.log"), List.of(), kind == 0 ? ingest : nightly);
      long delay = (long) (random.nextDouble() * 1.1 * (kind == 0 ? ingestNanos : runNanos));
      if (!p.waitFor(delay, TimeUnit.NANOSECONDS)) {
        p.destroyForcibly(); // SIGKILL
        kills[kind]++;
      } else {
        finished++;
        assertEquals(0, p.exitValue(), () -> "an unkilled child failed: " + log(tmp));
      }
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      if (!Files.readString(root.resolve("CURRENT")).strip().equals(before) && p.exitValue() != 0) {
        published[kind]++;
      }
      String when = (kind == 0 ? "ingest" : "run") + " killed after " + delay / 1_000_000 + " ms";
      assertEquals(List.of(), StoreVerifier.verify(store), when);
      try (Store s = Store.open(store)) {
        assertEquals(20_000, s.rowCount(), when);
      }
      assertEquals(List.of(), ResultsDirectory.verify(results), when);
    }
    System.out.printf("kills: %d of ingest (%d after its publish), %d of run (%d after its publish);"
        + " %d children finished before their kill; unkilled ingest %d ms, run %d ms%n", kills[0], published[0],
        kills[1], published[1], finished, ingestNanos / 1_000_000, runNanos / 1_000_000);
    assertTrue(kills[0] >= KILLS_EACH && kills[1] >= KILLS_EACH, "kills: " + kills[0] + " + " + kills[1]);
  }

  private static long unkilled(Path tmp, String[] args) throws Exception {
    long t = System.nanoTime();
    Process p = ChildStrata.start(tmp.resolve("child.log"), List.of(), args);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), () -> log(tmp));
    return System.nanoTime() - t;
  }

  private static String log(Path tmp) {
    try {
      return Files.readString(tmp.resolve("child.log"));
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
