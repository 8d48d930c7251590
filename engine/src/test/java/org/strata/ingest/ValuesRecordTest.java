package org.strata.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.strata.format.IdKind;
import org.strata.format.PatientBatch;

/**
 * Rows handed over as text ({@link ValuesRecord}, what a Spark partition gives) are judged exactly as the same
 * rows read from a CSV file: the same rejections with the same lines, columns, values and reasons, and the same
 * parsed columns — on seeded random rows, good and bad, set row by row and pulled.
 */
class ValuesRecordTest {
  private static final String HEADER = "patient_id,practice_code,lsoa,age,sex,imd_decile,diabetes,efi_deficits,"
      + "emergency_admissions,ae_attendances,cost_12m";
  private static final String[][] CHOICES = {
      {"9434765919", "943 476 5919", "9434765918", "12345", "", " 9434765919 ", "943476591x"},
      {"A81001", "B82002", "Z99999", "", " A81001"},
      {"E01000001", "", "E0100000", "E01000002"},
      {"0", "45", "120", "121", "-1", "4.5", "abc", "", " 67 "},
      {"M", "F", "1", "2", "U", "x", "", "male"},
      {"1", "10", "0", "11", ""},
      {"0", "1", "2", "", "yes"},
      {"0", "13", "36", "37", ""},
      {"0", "3", "51", "-2", ""},
      {"0", "1", "200", "201", ""},
      {"0", "12.5", "12.505", "-3", "", "1e3"}};

  @Test
  void rowsAsTextAreJudgedAsTheSameRowsOfACsvFile() throws Exception {
    for (long seed = 1; seed <= 5; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      List<String[]> rows = new ArrayList<>();
      StringBuilder csv = new StringBuilder(HEADER).append('\n');
      for (int i = 0; i < 400; i++) {
        String[] v = new String[CHOICES.length];
        for (int c = 0; c < v.length; c++) {
          v[c] = CHOICES[c][rnd.nextInt(CHOICES[c].length)];
        }
        rows.add(v);
        csv.append(String.join(",", v)).append('\n');
      }
      Judged fromCsv = new Judged();
      try (CsvRecordReader r = new CsvRecordReader(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)))) {
        r.next();
        PatientRowParser parser = fromCsv.parser(r);
        r.expectFields(r.fieldCount());
        while (r.next()) {
          fromCsv.add(parser.parse(r, fromCsv.batch));
        }
      }
      String[] header = HEADER.split(",");
      Judged set = new Judged();
      ValuesRecord record = new ValuesRecord(header);
      PatientRowParser parser = set.parser(record);
      record.expectFields(header.length);
      for (int i = 0; i < rows.size(); i++) {
        record.set(i, rows.get(i));
        set.add(parser.parse(record, set.batch));
      }
      Judged pulled = new Judged();
      Iterator<ValuesRecord.Values> it = new Iterator<>() {
        int i;

        @Override
        public boolean hasNext() {
          return i < rows.size();
        }

        @Override
        public ValuesRecord.Values next() {
          return new ValuesRecord.Values(i, rows.get(i++));
        }
      };
      ValuesRecord pulling = ValuesRecord.pulling(header, it);
      pulling.next();
      PatientRowParser parser2 = pulled.parser(pulling);
      pulling.expectFields(header.length);
      while (pulling.next()) {
        pulled.add(parser2.parse(pulling, pulled.batch));
      }
      for (Judged j : List.of(set, pulled)) {
        assertEquals(fromCsv.rejections, j.rejections, "seed " + seed);
        assertEquals(fromCsv.batch.rowCount(), j.batch.rowCount(), "seed " + seed);
        assertArrayEquals(fromCsv.batch.nhsNumber, j.batch.nhsNumber);
        assertArrayEquals(fromCsv.batch.practice, j.batch.practice);
        assertArrayEquals(fromCsv.batch.age, j.batch.age);
        assertArrayEquals(fromCsv.batch.sex, j.batch.sex);
        assertArrayEquals(fromCsv.batch.imdDecile, j.batch.imdDecile);
        assertArrayEquals(fromCsv.batch.conditions, j.batch.conditions);
        assertArrayEquals(fromCsv.batch.efiDeficits, j.batch.efiDeficits);
        assertArrayEquals(fromCsv.batch.emergencyAdmissions, j.batch.emergencyAdmissions);
        assertArrayEquals(fromCsv.batch.aeAttendances, j.batch.aeAttendances);
        assertArrayEquals(fromCsv.batch.costPence, j.batch.costPence);
        assertArrayEquals(fromCsv.batch.sourceLine, j.batch.sourceLine);
      }
      assertEquals(true, fromCsv.rejections.size() > 100 && fromCsv.batch.rowCount() > 0,
          "good and bad rows both: " + fromCsv.rejections.size());
    }
  }

  /** One reading's outcome: its rejections, and its accepted rows. */
  private static final class Judged {
    final PatientBatch batch = new PatientBatch(1000, IdKind.NHS_NUMBER);
    final List<Rejection> rejections = new ArrayList<>();
    final LsoaDictionary lsoas = new LsoaDictionary();

    PatientRowParser parser(RecordSource header) throws Exception {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < header.fieldCount(); i++) {
        names.add(header.field(i));
      }
      return new PatientRowParser("patients.csv", names, IdKind.NHS_NUMBER, Map.of("A81001", 0, "B82002", 1), lsoas,
          LocalDate.parse("2026-03-31"));
    }

    void add(Rejection r) {
      if (r != null) {
        rejections.add(r);
      }
    }
  }
}
