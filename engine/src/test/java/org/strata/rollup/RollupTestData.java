package org.strata.rollup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.strata.datasets.Fixtures;
import org.strata.datasets.FootprintGenerator;
import org.strata.datasets.FootprintSpec;
import org.strata.datasets.ProgressListener;
import org.strata.format.IdKind;
import org.strata.ingest.IngestProgress;
import org.strata.ingest.IngestRequest;
import org.strata.ingest.Ingest;

/**
 * Stores the rollup tests share: the committed 2,000-patient fixture, the 150,000-patient demo footprint
 * (generated and ingested once per JVM, ~2 s) and hand-built stores from CSV text.
 */
final class RollupTestData {
  private static Path root;
  private static Path small;
  private static Path demo;

  private RollupTestData() {}

  static synchronized Path smallStore() {
    if (small == null) {
      try {
        Path in = Fixtures.copySmall(root().resolve("small-in"));
        small = ingest(in, root().resolve("small-store"), IngestRequest.DEFAULT_BATCH_ROWS);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return small;
  }

  /** The `strata demo` footprint: 150,000 patients, seed 2016. */
  static synchronized Path demoStore() {
    if (demo == null) {
      try {
        Path in = root().resolve("demo-in");
        FootprintGenerator.generate(FootprintSpec.builder().patients(150_000).seed(2016).threads(2).build(), in,
            ProgressListener.NONE);
        demo = ingest(in, root().resolve("demo-store"), IngestRequest.DEFAULT_BATCH_ROWS);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return demo;
  }

  /** Ingests hand-written practices and patients CSV text into a new store under {@code dir}. */
  static Path storeOf(Path dir, String practicesCsv, String patientsCsv, int batchRows) throws IOException {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("practices.csv"), practicesCsv);
    Files.writeString(in.resolve("patients.csv"), patientsCsv);
    return ingest(in, dir.resolve("store"), batchRows);
  }

  static Path ingest(Path in, Path store, int batchRows) throws IOException {
    Ingest.run(new IngestRequest(in.resolve("patients.csv"), in.resolve("practices.csv"), store,
        IdKind.NHS_NUMBER, null, 0.0, batchRows), IngestProgress.NONE);
    return store;
  }

  /** The {@code k}-th valid test NHS number (999 range, Modulus 11). */
  static String nhsNumber(int k) {
    int found = -1;
    for (long body = 999_000_000L; ; body++) {
      String digits = Long.toString(body);
      int sum = 0;
      for (int i = 0; i < 9; i++) {
        sum += (digits.charAt(i) - '0') * (10 - i);
      }
      int check = 11 - sum % 11;
      if (check == 11) {
        check = 0;
      }
      if (check != 10 && ++found == k) {
        return digits + check;
      }
    }
  }

  private static synchronized Path root() throws IOException {
    if (root == null) {
      root = Files.createTempDirectory("strata-rollup-test");
      Path r = root;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(r)));
    }
    return root;
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp dir left behind is harmless
    }
  }
}
