package org.strata.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.ingest.CsvRecordReader;
import org.strata.ingest.RejectReason;

/**
 * The rollup outputs (CSV, JSON, shared copies) on real fixture stores: the files they write, the columns
 * that were dropped because they could hold no value, and the ingest counts of the footprint table held
 * against the generator's own record of the defects it planted.
 */
class RollupOutputsTest {

  record Table(List<String> header, List<List<String>> rows) {
    String get(int row, String column) {
      return rows.get(row).get(header.indexOf(column));
    }
  }

  static Table read(Path csv) throws IOException {
    try (CsvRecordReader r = new CsvRecordReader(Files.newInputStream(csv))) {
      List<String> header = null;
      List<List<String>> rows = new ArrayList<>();
      while (r.next()) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < r.fieldCount(); i++) {
          fields.add(r.field(i));
        }
        if (header == null) {
          header = fields;
        } else {
          rows.add(fields);
        }
      }
      return new Table(header, rows);
    }
  }

  @Test
  void writesEveryTableAndNoColumnThatCannotHoldAValue(@TempDir Path tmp) throws IOException {
    try (OutputFixture f = OutputFixture.small(tmp, 1 << 20)) {
      Path dir = Files.createDirectories(tmp.resolve("out"));
      RunOutputs.write(List.of(new RollupCsvOutput(), new RollupJsonOutput(), new SharedRollupOutput()),
          f.contents, dir);
      for (String name : List.of("practices.csv", "hubs.csv", "footprint.csv", "rollup.json", "shared/practices.csv",
          "shared/hubs.csv", "shared/footprint.csv", "shared/rollup.json")) {
        assertTrue(Files.isRegularFile(dir.resolve(name)), name);
      }
      Table practices = read(dir.resolve("practices.csv"));
      Table hubs = read(dir.resolve("hubs.csv"));
      Table footprint = read(dir.resolve("footprint.csv"));
      assertFalse(practices.header().contains("unregistered"), "a practice has no unregistered people");
      assertTrue(hubs.header().contains("unregistered"));
      for (Table t : List.of(practices, hubs, footprint, read(dir.resolve("shared/practices.csv")))) {
        assertTrue(t.header().stream().noneMatch(c -> c.startsWith("level4_reason")), t.header().toString());
        assertTrue(t.header().contains("level3_reason3_count"), t.header().toString());
      }
      // Every practice column holds a value somewhere: nothing is always blank. (Reason columns past the
      // number of rules a level has stay blank: the default policy's level 3 has two rules.)
      for (int c = 0; c < practices.header().size(); c++) {
        final int col = c;
        if (practices.header().get(c).startsWith("level3_reason3")) {
          continue;
        }
        assertTrue(practices.rows().stream().anyMatch(r -> !r.get(col).isEmpty()), practices.header().get(c));
      }
      assertEquals(f.store.practices().size(), practices.rows().size());
      // Everyone is counted once: practices' people plus the hubs' unregistered make the footprint.
      long people = 0;
      for (int r = 0; r < practices.rows().size(); r++) {
        people += Long.parseLong(practices.get(r, "total"));
        assertEquals(practices.get(r, "registered"), practices.get(r, "total"));
      }
      for (int r = 0; r < hubs.rows().size(); r++) {
        people += Long.parseLong(hubs.get(r, "unregistered"));
      }
      assertEquals(f.store.rowCount(), people);
      assertEquals(Long.toString(f.store.rowCount()), footprint.get(0, "total"));
      assertEquals(Long.toString(f.store.rowCount()), footprint.get(0, "ingest_rows_stored"));
      assertEquals("0", footprint.get(0, "ingest_rows_quarantined"));
    }
  }

  @Test
  void footprintTableCountsWhatIngestQuarantinedByReason(@TempDir Path tmp) throws IOException {
    try (OutputFixture f = OutputFixture.dirty(tmp)) {
      Map<String, Long> planted = plantedRejects(f.in.resolve("defects.csv"));
      long quarantined = planted.values().stream().mapToLong(Long::longValue).sum();
      assertTrue(planted.size() >= 5 && quarantined > 20, planted.toString());

      Path dir = Files.createDirectories(tmp.resolve("out"));
      RunOutputs.write(List.of(new RollupCsvOutput(), new RollupJsonOutput(), new SharedRollupOutput()),
          f.contents, dir);
      Table footprint = read(dir.resolve("footprint.csv"));
      Table shared = read(dir.resolve("shared/footprint.csv"));
      JsonNode json = new ObjectMapper().readTree(dir.resolve("rollup.json").toFile()).get("footprint");
      assertEquals(Long.toString(f.store.rowCount()), footprint.get(0, "ingest_rows_stored"));
      assertEquals(Long.toString(quarantined), footprint.get(0, "ingest_rows_quarantined"));
      assertEquals(Long.toString(f.store.rowCount() + quarantined), footprint.get(0, "ingest_rows_read"));
      for (RejectReason reason : RejectReason.values()) {
        if (!reason.patientRows()) {
          assertEquals(-1, footprint.header().indexOf("quarantined_" + reason.code()), "an event row's reason");
          continue;
        }
        String column = "quarantined_" + reason.code();
        long expected = planted.getOrDefault(reason.code(), 0L);
        assertEquals(Long.toString(expected), footprint.get(0, column), column);
        assertEquals(expected, json.get(column).asLong(), column);
        String sharedExpected = expected >= 1 && expected < 5 ? "*" : Long.toString((expected + 2) / 5 * 5);
        assertEquals(sharedExpected, shared.get(0, column), column);
      }
    }
  }

  /** Rows the generator planted as rejects, by the reason code it expects: its record, not ingest's. */
  static Map<String, Long> plantedRejects(Path defectsCsv) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    Table defects = read(defectsCsv); // file,line,column,defect,expected,detail
    for (int r = 0; r < defects.rows().size(); r++) {
      String expected = defects.get(r, "expected");
      if (!defects.get(r, "line").equals("0") && !expected.equals("accepted")) {
        out.merge(expected, 1L, Long::sum);
      }
    }
    return out;
  }
}
