package org.strata.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run manifest over the files the other outputs wrote, and the rules of an output list. */
class RunManifestOutputTest {

  static String sha256(Path f) throws IOException, NoSuchAlgorithmException {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }

  @Test
  void checksumsEveryOtherFileAndCarriesTheIngestCounts(@TempDir Path tmp) throws Exception {
    try (OutputFixture f = OutputFixture.dirty(tmp)) {
      Path dir = Files.createDirectories(tmp.resolve("out"));
      RunOutputs.write(RunOutputs.defaults(), f.contents, dir);
      JsonNode m = new ObjectMapper().readTree(dir.resolve(RunManifestOutput.FILE).toFile());

      Map<String, String> expected = new TreeMap<>();
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          String name = dir.relativize(p).toString().replace('\\', '/');
          if (!name.equals(RunManifestOutput.FILE)) {
            expected.put(name, sha256(p));
          }
        }
      }
      assertEquals(11, expected.size(), expected.keySet().toString());
      Map<String, String> listed = new TreeMap<>();
      m.get("outputs").properties().forEach(e -> listed.put(e.getKey(), e.getValue().asText()));
      assertEquals(expected, listed);

      Map<String, Long> planted = RollupOutputsTest.plantedRejects(f.in.resolve("defects.csv"));
      long quarantined = planted.values().stream().mapToLong(Long::longValue).sum();
      JsonNode ingest = m.get("ingest");
      assertEquals(f.store.rowCount(), ingest.get("rows_stored").asLong());
      assertEquals(quarantined, ingest.get("rows_quarantined").asLong());
      assertEquals(f.store.rowCount() + quarantined, ingest.get("rows_read").asLong());
      Map<String, Long> byReason = new TreeMap<>();
      ingest.get("quarantined_by_reason").properties().forEach(e -> byReason.put(e.getKey(), e.getValue().asLong()));
      assertEquals(planted, byReason);
      assertEquals(f.store.rowCount(), m.get("patients").asLong());
    }
  }

  @Test
  void theDefaultListIsTodaysOutputsInTodaysOrderEndingWithTheManifest() {
    assertEquals(List.of("patients-arrow", "patients-csv", "rollup-csv", "rollup-json", "shared-rollup", "report-html",
        "transitions", "movers", "rising-risk", "worklists", "manifest"),
        RunOutputs.defaults().stream().map(RunOutput::name).toList());
    RunOutput extra = new RunOutput() {
      @Override
      public String name() {
        return "extra";
      }

      @Override
      public void write(RunContents run, Path dir) {}
    };
    List<RunOutput> with = RunOutputs.with(extra);
    assertEquals("extra", with.get(with.size() - 2).name());
    assertTrue(with.get(with.size() - 1) instanceof RunManifestOutput);
  }

  @Test
  void aListMustEndWithTheManifestOnceAndNameEachOutputOnce() {
    RunOutputs.check(RunOutputs.defaults());
    IllegalArgumentException noManifest = assertThrows(IllegalArgumentException.class,
        () -> RunOutputs.check(List.of(new PatientCsvOutput())));
    assertTrue(noManifest.getMessage().contains("end with the run manifest"), noManifest.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> RunOutputs.check(List.of(new RunManifestOutput(), new PatientCsvOutput(), new RunManifestOutput())));
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> RunOutputs.check(List.of(new PatientCsvOutput(), new PatientCsvOutput(), new RunManifestOutput())));
    assertTrue(twice.getMessage().contains("patients-csv"), twice.getMessage());
  }
}
