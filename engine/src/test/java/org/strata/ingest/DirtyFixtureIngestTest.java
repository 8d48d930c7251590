package org.strata.ingest;

import org.strata.store.*;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.datasets.Fixtures;
import org.strata.format.IdKind;
import org.strata.format.PatientColumn;

/**
 * The generator's record of every defect it planted in the dirty fixture, held against what ingest did:
 * each planted reject is in the quarantine on its line with its reason (and kept line for duplicates),
 * nothing else is, and every row planted as valid-but-awkward is stored.
 */
class DirtyFixtureIngestTest {

  record Planted(int line, String column, String defect, String expected, String detail) {}

  static List<Planted> planted(Path defectsCsv) throws IOException {
    List<Planted> out = new ArrayList<>();
    try (CsvRecordReader r = new CsvRecordReader(InputFiles.open(defectsCsv))) {
      r.next(); // header: file,line,column,defect,expected,detail
      while (r.next()) {
        out.add(new Planted(Integer.parseInt(r.field(1)), r.field(2), r.field(3), r.field(4), r.field(5)));
      }
    }
    return out;
  }

  @Test
  void quarantineEqualsTheGeneratorsManifestLineByLine(@TempDir Path tmp) throws IOException {
    Path in = Fixtures.copySmallDirty(tmp.resolve("in"));
    IngestResult r = Ingest.run(new IngestRequest(in.resolve("patients.csv"), in.resolve("practices.csv"),
        tmp.resolve("store"), IdKind.NHS_NUMBER, null, 1.0, 512), IngestProgress.NONE);

    List<Planted> planted = planted(in.resolve("defects.csv"));
    List<String> expected = new ArrayList<>();
    Set<Integer> acceptedLines = new HashSet<>();
    for (Planted p : planted) {
      if (p.line() == 0) {
        continue; // file-level: BOM, CRLF, header case, column order, unknown column, trailing blanks
      }
      if (p.expected().equals("accepted")) {
        acceptedLines.add(p.line());
      } else {
        expected.add(p.line() + "," + p.expected() + (p.expected().equals("duplicate_patient_id") ? "," + p.detail() : ""));
      }
    }
    List<String> actual = new ArrayList<>();
    try (CsvRecordReader q = new CsvRecordReader(InputFiles.open(r.directory().resolve("quarantine.csv")))) {
      q.next(); // line,column,value,reason,detail
      while (q.next()) {
        String reason = q.field(3);
        actual.add(q.field(0) + "," + reason + (reason.equals("duplicate_patient_id") ? "," + q.field(4) : ""));
      }
    }
    assertEquals(expected, actual);
    assertTrue(expected.size() >= 60, "the fixture plants every kind of reject: " + expected.size());

    StoreManifest.IngestCounts c = r.manifest().ingest();
    assertEquals(Fixtures.PATIENTS, c.rowsRead(), "one record per patient, whatever the line breaks");
    assertEquals(Fixtures.PATIENTS - expected.size(), c.rowsStored());
    assertEquals(List.of("notes"), c.unknownColumns());

    Set<Integer> storedLines = new HashSet<>();
    try (Store s = Store.open(tmp.resolve("store"))) {
      int[] lines = new int[s.maxBatchRows()];
      for (int b = 0; b < s.batchCount(); b++) {
        s.readInts(PatientColumn.SOURCE_LINE, b, 0, lines, 0, s.batchRows(b));
        for (int i = 0; i < s.batchRows(b); i++) {
          storedLines.add(lines[i]);
        }
      }
    }
    assertTrue(storedLines.containsAll(acceptedLines), "every valid-but-awkward row is stored");
    assertTrue(acceptedLines.size() >= 30, "accepted defects planted: " + acceptedLines.size());
    assertEquals(List.of(), StoreVerifier.verify(tmp.resolve("store")));
  }

  @Test
  void cleanFixtureIsStoredWhole(@TempDir Path tmp) throws IOException {
    Path in = Fixtures.copySmall(tmp.resolve("in"));
    IngestResult r = Ingest.run(new IngestRequest(in.resolve("patients.csv"), in.resolve("practices.csv"),
        tmp.resolve("store"), IdKind.NHS_NUMBER, null, 0.0, IngestRequest.DEFAULT_BATCH_ROWS), IngestProgress.NONE);
    assertEquals(Fixtures.PATIENTS, r.manifest().ingest().rowsStored());
    assertEquals(0, r.manifest().ingest().rowsRejected());
    assertEquals(List.of(), r.warnings());
    assertEquals(1, Files.readAllLines(r.directory().resolve("quarantine.csv")).size());
  }
}
