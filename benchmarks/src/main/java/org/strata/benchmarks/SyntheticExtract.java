package org.strata.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.strata.datasets.FootprintGenerator;
import org.strata.datasets.FootprintSpec;
import org.strata.datasets.ProgressListener;

/** A synthetic footprint written to a temporary directory, for benchmark set-up. */
final class SyntheticExtract {
  private SyntheticExtract() {}

  /** Generates {@code patients} patients (seed 2016) into a new temporary directory and returns it. */
  static Path generate(long patients) {
    try {
      Path dir = Files.createTempDirectory("strata-bench-");
      FootprintGenerator.generate(
          FootprintSpec.builder().patients(patients).seed(2016).threads(2).build(), dir, ProgressListener.NONE);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
