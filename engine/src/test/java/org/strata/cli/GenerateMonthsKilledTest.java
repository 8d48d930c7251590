package org.strata.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.run.ChildStrata;

/**
 * {@code strata generate --months} killed with -9 part way: it has put no month in place, so the next generation
 * into the same directory needs no {@code --force}, and writes what a generation never interrupted writes.
 */
class GenerateMonthsKilledTest {
  @Test
  void aKilledGenerationLeavesNothingInTheNextOnesWay(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("months");
    Process child = ChildStrata.start(dir.resolve("child.log"), List.of(), "generate", "--patients", "300000",
        "--months", "3", "--seed", "3", "--out", out.toString(), "--quiet");
    Path drawing = out.resolve(".months-incoming").resolve("month-01");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(drawing) && child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertTrue(child.isAlive(), "still drawing month 1 when killed: " + Files.readString(dir.resolve("child.log")));
    child.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
    child.waitFor();
    assertFalse(Files.exists(out.resolve("month-01")), "no month is in place before all are drawn");

    StrataCommandTest.Run again = StrataCommandTest.run("generate", "--patients", "20000", "--months", "2",
        "--seed", "3", "--out", out.toString(), "--quiet");
    assertEquals(0, again.exit(), again.err());
    assertFalse(Files.exists(out.resolve(".months-incoming")), "the killed generation's leftovers are gone");

    Path clean = dir.resolve("clean");
    assertEquals(0, StrataCommandTest.run("generate", "--patients", "20000", "--months", "2", "--seed", "3",
        "--out", clean.toString(), "--quiet").exit());
    for (String file : List.of("month-01/patients.csv", "month-01/practices.csv", "month-02/patients.csv",
        "month-02/practices.csv", "months.csv")) {
      assertArrayEquals(Files.readAllBytes(clean.resolve(file)), Files.readAllBytes(out.resolve(file)), file);
    }
    try (var entries = Files.list(out)) {
      assertEquals(List.of("month-01", "month-02", "months.csv"),
          entries.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
