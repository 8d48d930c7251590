package org.strata.ingest;

import org.strata.store.*;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.format.IdKind;
import org.strata.format.InvalidInputException;
import org.strata.format.PatientColumn;

class IngestTest {
  static final String PRACTICES =
      "practice_code,practice_name,latitude,longitude\n"
          + "X00001,\"Riverside Surgery, Northfield\",52.1,-1.5\n"
          + "X00002,Hill Practice,52.2,-1.4\n";

  // Valid NHS numbers from the 999 test range (check digits computed by NhsNumber's rule).
  static final String A = "9990000018";
  static final String B = "9990000026";
  static final String C = "9990000034";
  static final String D = "9990000042";

  static final String HEADER =
      "\uFEFFPatient_ID,practice_code,lsoa,age,sex,imd_decile,diabetes,copd,care_home,efi_deficits,"
          + "emergency_admissions,cost_12m,notes\r\n";

  static String patients() {
    return HEADER
        + A + ",X00001,E01000001,70,F,3,1,0,0,10,1,1234.50,\r\n"           // 2 ok
        + "999 000 0026,X00002,E01000002,45,1,,0,1,0,2,0,,\"a, b\"\r\n"      // 3 ok: spaced id, numeric sex
        + "9990000019,X00001,E01000001,50,M,5,0,0,0,0,0,0,\r\n"             // 4 bad check digit
        + A + ",X00001,E01000001,71,F,3,1,0,0,10,1,1234.50,\r\n"            // 5 duplicate of line 2
        + C + ",X99999,E01000001,30,F,5,0,0,0,0,0,0,\r\n"                   // 6 unknown practice
        + C + ",X00001,E01000001,130,F,5,0,0,0,0,0,0,\r\n"                  // 7 age out of range
        + C + ",X00001,E01000001,30,X,5,0,0,0,0,0,0,\r\n"                   // 8 bad sex
        + C + ",X00001,E01000001,30,F,5,2,0,0,0,0,0,\r\n"                   // 9 flag not 0/1
        + C + ",X00001,E01000001,30,F\r\n"                                  // 10 too few fields
        + "\"" + C + ",X00001,E01000001,30,F,5,0,0,0,0,0,0,\r\n"            // 11 unbalanced quote
        + C + ",,E01000003,30,F,5,0,0,1,0,0,0,\"two\nlines\"\r\n"           // 12 ok: unregistered, note spans 2 lines
        + D + ",,,30,F,5,0,0,0,0,0,0,\r\n"                                  // 14 no practice, no lsoa
        + "\r\n\r\n";
  }

  static Path write(Path dir, String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  static IngestResult ingest(Path in, Path store, double maxReject) throws IOException {
    return Ingest.run(
        new IngestRequest(in.resolve("patients.csv"), in.resolve("practices.csv"), store,
            IdKind.NHS_NUMBER, null, maxReject, 4), // tiny batches: exercise many record batches
        IngestProgress.NONE);
  }

  @Test
  void dirtyExtractIsStoredAndQuarantinedLineByLine(@TempDir Path tmp) throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    write(in, "practices.csv", PRACTICES);
    write(in, "patients.csv", patients());
    Path store = tmp.resolve("store");

    IngestResult r = ingest(in, store, 1.0);

    assertEquals(1, r.generation());
    assertEquals(List.of("patients.csv: ignoring unknown columns notes"), r.warnings());
    List<String> quarantine = Files.readAllLines(r.directory().resolve("quarantine.csv"));
    assertEquals(List.of(
        "line,column,value,reason,detail",
        "4,patient_id,******0019,invalid_nhs_number,",
        "5,patient_id,******0018,duplicate_patient_id,kept_line=2",
        "6,practice_code,X99999,unknown_practice,",
        "7,age,130,out_of_range,0-120",
        "8,sex,X,invalid_code,M/F/U or 1/2/9/0",
        "9,diabetes,2,invalid_code,0 or 1",
        "10,,,malformed_row,5 fields, header has 13".replace("5 fields, header has 13", "\"5 fields, header has 13\""),
        "11,,,unbalanced_quote,",
        "14,lsoa,,missing_lsoa,no practice_code and no lsoa"),
        quarantine);
    StoreManifest.IngestCounts counts = r.manifest().ingest();
    assertEquals(12, counts.rowsRead()); // lines 12-13 are one record
    assertEquals(3, counts.rowsStored());
    assertEquals(9, counts.rowsRejected());

    try (Store s = Store.open(store)) {
      assertEquals(3, s.rowCount());
      long[] ids = new long[3];
      byte[] age = new byte[3];
      int got = 0;
      for (int b = 0; b < s.batchCount(); b++) {
        s.readLongs(PatientColumn.PATIENT_ID, b, 0, ids, got, s.batchRows(b));
        s.readBytes(PatientColumn.AGE, b, 0, age, got, s.batchRows(b));
        got += s.batchRows(b);
      }
      assertEquals(List.of(Long.parseLong(A), Long.parseLong(B), Long.parseLong(C)),
          List.of(ids[0], ids[1], ids[2]));
      assertEquals(70, age[0]);

      int row = s.index().rowOf(Long.parseLong(B));
      Map<String, Object> b = s.row(row);
      assertEquals("X00002", b.get("practice_code"));
      assertEquals("M", b.get("sex"));
      assertEquals(null, b.get("imd_decile"));
      assertEquals(1, b.get("copd"));
      assertEquals(null, b.get("cost_12m"));
      assertEquals(3L, b.get("source_line"));
      Map<String, Object> c = s.row(s.index().rowOf(Long.parseLong(C)));
      assertEquals(null, c.get("practice_code"));
      assertEquals("E01000003", c.get("lsoa"));
      assertEquals(1, c.get("care_home"));
      assertEquals("1234.50", s.row(0).get("cost_12m"));
      assertEquals(-1, s.index().rowOf(Long.parseLong(D)));
    }
    assertEquals(List.of(), StoreVerifier.verify(store));
  }

  @Test
  void tooManyRejectsFailsAndLeavesThePreviousGenerationCurrent(@TempDir Path tmp) throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    write(in, "practices.csv", PRACTICES);
    write(in, "patients.csv", patients());
    Path store = tmp.resolve("store");
    ingest(in, store, 1.0);

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> ingest(in, store, 0.01));
    assertTrue(e.getMessage().startsWith("patients.csv: 9 of 12 rows rejected (75.00%), above --max-reject-rate"),
        e.getMessage());
    assertFalse(java.util.regex.Pattern.compile("(?<![0-9])999 ?[0-9]{3} ?[0-9]{4}").matcher(e.getMessage()).find(),
        "no identifiers in messages: " + e.getMessage());
    assertTrue(e.getMessage().contains("first: line 4, column patient_id"), e.getMessage());
    assertTrue(e.getMessage().contains("most frequent unknown practice codes: X99999 (1)"), e.getMessage());
    assertTrue(Files.exists(store.resolve(Ingest.FAILED_QUARANTINE)), "the failed ingest's quarantine is kept");
    assertEquals(10, Files.readAllLines(store.resolve(Ingest.FAILED_QUARANTINE)).size(), "header and 9 rows");
    assertEquals("g000001", Files.readString(store.resolve("CURRENT")).strip());
    try (var gens = Files.list(store.resolve("generations"))) {
      assertEquals(List.of("g000001"), gens.map(p -> p.getFileName().toString()).toList());
    }
    try (Store s = Store.open(store)) {
      assertEquals(3, s.rowCount());
    }
  }

  @Test
  void missingRequiredColumnNamesFileAndColumn(@TempDir Path tmp) throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    write(in, "practices.csv", PRACTICES);
    write(in, "patients.csv", "patient_id,practice_code,age\n" + A + ",X00001,40\n");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> ingest(in, tmp.resolve("s"), 1.0));
    assertEquals("patients.csv: missing required column 'sex'", e.getMessage());
    assertFalse(Store.exists(tmp.resolve("s")));
  }

  @Test
  void badPracticeRowNamesLineColumnAndValue(@TempDir Path tmp) throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    write(in, "practices.csv", PRACTICES + "X00003,Far,north,-1.0\n");
    write(in, "patients.csv", patients());
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> ingest(in, tmp.resolve("s"), 1.0));
    assertEquals("practices.csv: line 4, column latitude: 'north' is not a number in -90.0..90.0", e.getMessage());
  }

  @Test
  void secondIngestPublishesANewGenerationAndKeepsOldOnes(@TempDir Path tmp) throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    write(in, "practices.csv", PRACTICES);
    write(in, "patients.csv", patients());
    Path store = tmp.resolve("store");
    for (int i = 1; i <= 4; i++) {
      assertEquals(i, ingest(in, store, 1.0).generation());
    }
    assertEquals("g000004", Files.readString(store.resolve("CURRENT")).strip());
    try (var gens = Files.list(store.resolve("generations"))) {
      assertEquals(3, gens.count());
    }
  }

  @Test
  void anIngestThatPublishedIsASuccessEvenWhenPruningFails(@TempDir Path tmp) throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    write(in, "practices.csv", PRACTICES);
    write(in, "patients.csv", patients());
    Path store = tmp.resolve("store");
    for (int i = 1; i <= 3; i++) {
      ingest(in, store, 1.0);
    }
    // Once the ingest is under way (past its debris clean-up), put a non-empty name where pruning g000001 goes.
    IngestProgress blockPrune = (bytes, total, rows) -> {
      try {
        Path blocker = Files.createDirectories(store.resolve("generations/.pruning-g000001"));
        Files.writeString(blocker.resolve("in-the-way"), "x");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    IngestResult r = Ingest.run(new IngestRequest(in.resolve("patients.csv"), in.resolve("practices.csv"), store,
        IdKind.NHS_NUMBER, null, 1.0, IngestRequest.DEFAULT_BATCH_ROWS), blockPrune);
    assertEquals(4, r.generation());
    assertEquals("g000004", Files.readString(store.resolve("CURRENT")).strip());
    assertTrue(r.warnings().stream().anyMatch(w -> w.contains("generation 4 is published, but older generations could not be removed")),
        r.warnings().toString());
    assertTrue(Files.isDirectory(store.resolve("generations/g000001")), "the generation that could not be pruned is whole");
    assertEquals(List.of(), StoreVerifier.verify(store));
  }

  @Test
  void verifyTellsItsProgressUpToEveryByteOfTheGeneration(@TempDir Path tmp) throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    write(in, "practices.csv", PRACTICES);
    write(in, "patients.csv", patients());
    Path store = tmp.resolve("store");
    Path gen = ingest(in, store, 1.0).directory();
    long files;
    try (java.util.stream.Stream<Path> s = Files.list(gen)) {
      files = s.filter(p -> !p.getFileName().toString().startsWith("manifest.json")).mapToLong(p -> p.toFile().length())
          .sum();
    }
    long[] last = {0, 0};
    assertEquals(List.of(), StoreVerifier.verify(store, (done, total) -> {
      assertTrue(done >= last[0] && done <= total, done + " of " + total);
      last[0] = done;
      last[1] = total;
    }));
    assertEquals(files, last[1], "the total is every file but the manifest");
    assertEquals(last[1], last[0], "every byte was read");
  }

  @Test
  void corruptionIsFoundAndNamed(@TempDir Path tmp) throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    write(in, "practices.csv", PRACTICES);
    write(in, "patients.csv", patients());
    Path store = tmp.resolve("store");
    Path gen = ingest(in, store, 1.0).directory();
    Path arrow = gen.resolve("patients.arrow");

    try (RandomAccessFile f = new RandomAccessFile(arrow.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0x55);
    }
    List<String> problems = StoreVerifier.verify(store);
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).contains("patients.arrow: checksum crc32c:"), problems.get(0));

    try (RandomAccessFile f = new RandomAccessFile(arrow.toFile(), "rw")) {
      f.setLength(f.length() - 3);
    }
    CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> Store.open(store));
    assertTrue(e.getMessage().contains("patients.arrow: ") && e.getMessage().contains(
        " bytes, the manifest says "), e.getMessage()); // the size is checked before the file is mapped

    try (RandomAccessFile f = new RandomAccessFile(arrow.toFile(), "rw")) {
      f.setLength(f.length() + 3); // the size the manifest says again, the file's head overwritten
      f.seek(0);
      f.write("hello!".getBytes(StandardCharsets.US_ASCII));
    }
    e = assertThrows(CorruptStoreException.class, () -> Store.open(store));
    assertTrue(e.getMessage().contains("bad magic"), e.getMessage());

    Path manifest = gen.resolve("manifest.json");
    Files.writeString(manifest, Files.readString(manifest).replace("\"format_version\" : 2", "\"format_version\" : 9"));
    e = assertThrows(CorruptStoreException.class, () -> Store.open(store));
    assertTrue(e.getMessage().endsWith("the manifest was changed or damaged"), e.getMessage());
    // a newer Strata's manifest, its checksum beside it
    Files.writeString(gen.resolve("manifest.json.crc32c"), org.strata.store.Checksums.crc32c(manifest) + "\n");
    e = assertThrows(CorruptStoreException.class, () -> Store.open(store));
    assertTrue(e.getMessage().endsWith("format version 9 is newer than this Strata reads (2): upgrade Strata"),
        e.getMessage());
  }

  /** Findings of the ingest review, each reproduced by hand before it was fixed. */
  @Test
  void awkwardButValidExtractsIngest(@TempDir Path tmp) throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    write(in, "practices.csv", PRACTICES);
    // CR-only line endings, a quoted CR inside a field, unnamed trailing columns, a duplicated unknown
    // column, no lsoa column at all, a huge cost and a cost of "."
    String csv = "patient_id,practice_code,age,sex,cost_12m,ID,id,,\r"
        + A + ",X00001,70,F,12.5,x,y,,\r"
        + B + ",X00002,\"45\",M,\"1\r2\",x,y,,\r"
        + C + ",X00001,30,F,184467440737095517,x,y,,\r"
        + D + ",X00001,30,F,.,x,y,,\r";
    write(in, "patients.csv", csv);
    IngestResult r = ingest(in, tmp.resolve("store"), 1.0);
    assertEquals(List.of(
        "line,column,value,reason,detail",
        "3,cost_12m,1…(spans lines; the rest not shown),not_a_number,",
        "5,cost_12m,184467440737095517,out_of_range,0-5000000",
        "6,cost_12m,.,not_a_number,"),
        readQuarantine(r.directory().resolve("quarantine.csv")));
    try (Store s = Store.open(tmp.resolve("store"))) {
      assertEquals(1, s.rowCount());
      assertEquals(List.of(), s.lsoas());
    }
    assertEquals(List.of(), StoreVerifier.verify(tmp.resolve("store")));
  }

  static List<String> readQuarantine(Path q) throws IOException {
    List<String> out = new java.util.ArrayList<>();
    try (org.strata.ingest.CsvRecordReader r = new org.strata.ingest.CsvRecordReader(Files.newInputStream(q))) {
      while (r.next()) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < r.fieldCount(); i++) {
          line.append(i == 0 ? "" : ",").append(r.field(i));
        }
        out.add(line.toString());
      }
    }
    return out;
  }

  @Test
  void aStrayCopyOfAGenerationDoesNotBreakIngest(@TempDir Path tmp) throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    write(in, "practices.csv", PRACTICES);
    write(in, "patients.csv", patients());
    Path store = tmp.resolve("store");
    ingest(in, store, 1.0);
    Files.createDirectories(store.resolve("generations/g000001.bak"));
    assertEquals(2, ingest(in, store, 1.0).generation());
  }
}
