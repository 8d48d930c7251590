package org.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.datasets.FootprintGenerator;
import org.strata.datasets.FootprintSpec;
import org.strata.datasets.ProgressListener;
import org.strata.run.ChildStrata;

/**
 * A heap too small for the footprint (a real second JVM, 24 MB of heap, 200,000 patients): one line saying so and
 * how to give more, exit 1, no stack trace, nothing published.
 */
class OutOfMemoryTest {
  @TempDir Path dir;

  @Test
  void aHeapTooSmallIsToldInWordsAndPublishesNothing() throws Exception {
    Path in = dir.resolve("in");
    FootprintGenerator.generate(FootprintSpec.builder().patients(200_000).seed(5).threads(2).build(), in,
        ProgressListener.NONE);
    Path log = dir.resolve("log.txt");
    Process p = ChildStrata.start(log, List.of("-Xmx24m"), "run", "--patients", in.resolve("patients.csv").toString(),
        "--practices", in.resolve("practices.csv").toString(), "--form-hubs", "--out", dir.resolve("r").toString(),
        "--quiet");
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run ends");
    String out = Files.readString(log);
    assertEquals(StrataCommand.EXIT_FAILED, p.exitValue(), out);
    assertTrue(out.contains("strata: failed: out of memory: the Java heap (at most 24 MB) is too small"), out);
    assertTrue(out.contains("STRATA_JAVA_OPTS=-Xmx4g"), out);
    assertFalse(out.contains("\tat ") || out.contains("Exception in thread"), out);
    assertFalse(Files.exists(dir.resolve("r").resolve("latest")), "nothing published");
  }
}
