package org.strata.ingest;

import org.strata.store.*;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.datasets.Fixtures;
import org.strata.datasets.FootprintGenerator;
import org.strata.datasets.FootprintSpec;
import org.strata.datasets.ProgressListener;
import org.strata.format.IdKind;

/**
 * An ingest killed with SIGKILL half-way (a real second JVM) leaves the previous generation current,
 * readable and verified; the next ingest clears the debris and publishes.
 */
class KillDuringIngestTest {

  /** Run in the child JVM: ingest args[0..2] = patients, practices, store. */
  public static void main(String[] args) throws IOException {
    Ingest.run(new IngestRequest(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]),
        IdKind.NHS_NUMBER, null, 1.0, 1 << 16), IngestProgress.NONE);
  }

  @Test
  void killedIngestLeavesThePreviousGenerationCurrent(@TempDir Path tmp) throws Exception {
    Path store = tmp.resolve("store");
    Path small = Fixtures.copySmall(tmp.resolve("small"));
    Ingest.run(new IngestRequest(small.resolve("patients.csv"), small.resolve("practices.csv"), store,
        IdKind.NHS_NUMBER, null, 0.0, IngestRequest.DEFAULT_BATCH_ROWS), IngestProgress.NONE);
    Path big = tmp.resolve("big");
    FootprintGenerator.generate(FootprintSpec.builder().patients(600_000).seed(3).threads(2).build(), big,
        ProgressListener.NONE);

    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-D") || a.startsWith("--enable")).toList());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KillDuringIngestTest.class.getName(),
        big.resolve("patients.csv").toString(), big.resolve("practices.csv").toString(), store.toString()));
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("child.log").toFile()).start();
    boolean killedMidway = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && child.isAlive()) {
      Path arrow = incomingArrow(store);
      if (arrow != null && Files.size(arrow) > (2 << 20)) { // record batches are being written
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
        killedMidway = true;
        break;
      }
      Thread.sleep(5);
    }
    child.waitFor(30, TimeUnit.SECONDS);
    assertTrue(killedMidway, "the child finished before it could be killed: " + Files.readString(tmp.resolve("child.log")));

    assertEquals("g000001", Files.readString(store.resolve("CURRENT")).strip());
    try (Store s = Store.open(store)) {
      assertEquals(Fixtures.PATIENTS, s.rowCount());
    }
    assertEquals(List.of(), StoreVerifier.verify(store));
    assertTrue(incomingArrow(store) != null, "the killed ingest's debris is there, unpublished");

    IngestResult next = Ingest.run(new IngestRequest(small.resolve("patients.csv"),
        small.resolve("practices.csv"), store, IdKind.NHS_NUMBER, null, 0.0, IngestRequest.DEFAULT_BATCH_ROWS),
        IngestProgress.NONE);
    assertEquals(2, next.generation());
    try (Stream<Path> gens = Files.list(store.resolve("generations"))) {
      assertEquals(List.of("g000001", "g000002"), gens.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  private static Path incomingArrow(Path store) throws IOException {
    Path gens = store.resolve("generations");
    try (Stream<Path> s = Files.list(gens)) {
      return s.filter(p -> p.getFileName().toString().startsWith(".incoming-"))
          .map(p -> p.resolve("patients.arrow")).filter(Files::exists).findFirst().orElse(null);
    }
  }
}
