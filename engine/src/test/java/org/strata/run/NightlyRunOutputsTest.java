package org.strata.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.datasets.Fixtures;
import org.strata.output.PatientRowsOutput;
import org.strata.output.PatientSlice;
import org.strata.output.RunContents;
import org.strata.output.RunOutput;
import org.strata.output.RunOutputs;

/** Outputs added to a run's configuration: written into the published results and checksummed by its manifest. */
class NightlyRunOutputsTest {

  /** A plug-in summary output, as a later report would be: one file from the run's contents. */
  static final class LevelSummaryOutput implements RunOutput {
    @Override
    public String name() {
      return "level-summary";
    }

    @Override
    public void write(RunContents run, Path dir) throws IOException {
      long[] c = run.levels().levelCounts();
      Files.writeString(dir.resolve("levels.txt"), c[1] + " " + c[2] + " " + c[3] + " " + c[4] + "\n");
    }
  }

  /** A plug-in per-patient output, as a later Parquet file would be: the level of every row, in row order. */
  static final class LevelColumnOutput implements PatientRowsOutput {
    @Override
    public String name() {
      return "level-column";
    }

    @Override
    public Writer begin(RunContents run, Path dir) throws IOException {
      return new Writer() {
        final StringBuilder sb = new StringBuilder();
        long nextRow;

        @Override
        public void slice(PatientSlice rows) {
          if (rows.firstRow() != nextRow) {
            throw new IllegalStateException("slice at row " + rows.firstRow() + ", expected " + nextRow);
          }
          for (int i = 0; i < rows.rows(); i++) {
            sb.append(rows.level()[i]);
          }
          nextRow += rows.rows();
        }

        @Override
        public void finish() throws IOException {
          Files.writeString(dir.resolve("levels-by-row.txt"), sb.append('\n'));
        }

        @Override
        public void close() {}
      };
    }
  }

  @Test
  void aConfiguredOutputIsWrittenAndChecksummedByTheManifest(@TempDir Path tmp) throws Exception {
    Path store = NightlyRunTest.ingestSmall(tmp);
    Path out = tmp.resolve("out");
    NightlyRun.run(new RunConfig(store, null, out, true, 5,
        RunOutputs.with(new LevelSummaryOutput(), new LevelColumnOutput())));

    RunResult plain = NightlyRun.run(new RunConfig(store, null, tmp.resolve("plain"), true, 5));
    long[] c = plain.levelCounts();
    assertEquals(c[1] + " " + c[2] + " " + c[3] + " " + c[4] + "\n", Files.readString(out.resolve("latest").resolve("levels.txt")));

    // The per-patient plug-in saw every row once, in order, with the levels patients.csv has.
    String byRow = Files.readString(out.resolve("latest").resolve("levels-by-row.txt")).strip();
    List<String> csv = Files.readAllLines(out.resolve("latest").resolve("patients.csv"));
    assertEquals(Fixtures.PATIENTS, byRow.length());
    for (int row = 0; row < byRow.length(); row++) {
      assertEquals(csv.get(row + 1).split(",", -1)[2], String.valueOf(byRow.charAt(row)), "row " + row);
    }

    JsonNode outputs = new ObjectMapper().readTree(out.resolve("latest").resolve("manifest.json").toFile()).get("outputs");
    for (String name : List.of("levels.txt", "levels-by-row.txt", "patients.csv", "shared/hubs.csv")) {
      assertEquals(sha256(out.resolve("latest").resolve(name)), outputs.get(name).asText(), name);
    }
    assertEquals(13, outputs.size()); // today's 11 and the two extra
    // Today's files are unchanged by the extra outputs.
    for (String name : List.of("patients.arrow", "patients.csv", "practices.csv", "hubs.csv", "footprint.csv",
        "rollup.json", "shared/rollup.json")) {
      assertArrayEquals(Files.readAllBytes(tmp.resolve("plain/latest").resolve(name)), Files.readAllBytes(out.resolve("latest").resolve(name)),
          name);
    }
  }

  @Test
  void aListWithoutTheManifestLastIsRefusedBeforeAnythingRuns(@TempDir Path tmp) {
    Path store = tmp.resolve("store");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RunConfig(store, null, tmp.resolve("out"), true, 5, List.of(new LevelSummaryOutput())));
    assertTrue(e.getMessage().contains("manifest"), e.getMessage());
  }

  private static String sha256(Path f) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(f)));
  }
}
