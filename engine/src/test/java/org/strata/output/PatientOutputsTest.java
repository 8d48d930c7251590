package org.strata.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.datasets.Fixtures;
import org.strata.level.LevelResult;
import org.strata.store.Store;

/**
 * The per-patient outputs on a real fixture store: every row against a plain row-by-row reference (the
 * store's decoded row and the level result's per-row answers), the Arrow file against the CSV, and the
 * shared slice pass against stores cut into many small batches.
 */
class PatientOutputsTest {

  /** The eFI category of a deficit count by the published bands (docs/POLICY.md), named. */
  private static String efiName(long deficits) {
    return deficits >= 13 ? "severe" : deficits >= 9 ? "moderate" : deficits >= 5 ? "mild" : "fit";
  }

  @Test
  void csvRowsMatchTheStoreRowByRow(@TempDir Path tmp) throws IOException {
    try (OutputFixture f = OutputFixture.small(tmp, 1 << 20)) {
      Path dir = Files.createDirectories(tmp.resolve("out"));
      new PatientCsvOutput().write(f.contents, dir);
      List<String> lines = Files.readAllLines(dir.resolve(PatientCsvOutput.FILE));
      assertEquals("patient_id,practice_code,level,deciding_rule,reasons,efi_category,ltc_count,cms,admission_risk,"
          + "hub,level_name", lines.get(0));
      int[] hubOfLsoa = org.strata.rollup.UnregisteredPlacement.compute(f.store, f.contents.hubs()).hubOfLsoa();
      assertEquals(Fixtures.PATIENTS + 1, lines.size());
      LevelResult levels = f.contents.levels();
      List<String> rules = levels.ruleNames();
      int[] efiSeen = new int[4];
      for (int row = 0; row < f.store.rowCount(); row++) {
        Map<String, Object> stored = f.store.row(row);
        String[] csv = lines.get(row + 1).split(",", -1);
        assertEquals(11, csv.length, lines.get(row + 1));
        int practiceOrdinal = f.store.practices().stream().map(org.strata.format.Practice::code).toList()
            .indexOf(stored.get("practice_code"));
        Object lsoaCode = stored.get("lsoa");
        int lsoa = lsoaCode == null ? -1 : f.store.lsoas().indexOf(lsoaCode);
        int hub = practiceOrdinal >= 0 ? f.contents.hubs().hubOf(practiceOrdinal) : lsoa >= 0 ? hubOfLsoa[lsoa] : -1;
        assertEquals(hub < 0 ? "" : f.contents.hubs().name(hub), csv[9], "hub, row " + row);
        // the default policy's names of levels 1-4, as its file writes them
        assertEquals(List.of("High need", "Ongoing care needs", "Episodic needs", "Mostly well")
            .get(levels.level(row) - 1), csv[10], "level_name, row " + row);
        assertEquals(stored.get("patient_id"), csv[0]);
        assertEquals(stored.get("practice_code") == null ? "" : stored.get("practice_code"), csv[1]);
        assertEquals(Integer.toString(levels.level(row)), csv[2]);
        int deciding = levels.decidingRule(row);
        assertEquals(deciding < 0 ? "" : rules.get(deciding), csv[3]);
        List<String> matched = new ArrayList<>();
        for (int k = 0; k < rules.size(); k++) {
          if ((levels.reasons()[row] >>> k & 1) != 0) {
            matched.add(rules.get(k));
          }
        }
        assertEquals(String.join(";", matched), csv[4]);
        String efi = efiName((Long) stored.get("efi_deficits"));
        assertEquals(efi, csv[5], "row " + row);
        efiSeen[List.of("fit", "mild", "moderate", "severe").indexOf(efi)]++;
      }
      for (int c = 0; c < 4; c++) {
        assertTrue(efiSeen[c] > 0, "the fixture has every eFI category; missing " + c);
      }
    }
  }

  @Test
  void arrowHoldsTheCsvValuesAndItsPracticeOrdinalIsARowOfTheStoresPracticesArrow(@TempDir Path tmp)
      throws IOException {
    try (OutputFixture f = OutputFixture.small(tmp, 1 << 20)) {
      Path dir = Files.createDirectories(tmp.resolve("out"));
      RunOutputs.write(List.of(new PatientArrowOutput(), new PatientCsvOutput()), f.contents, dir);
      List<String> csv = Files.readAllLines(dir.resolve(PatientCsvOutput.FILE));
      List<String> practiceCodes = practicesArrowCodes(f.store);
      List<String> rules = f.contents.levels().ruleNames();
      List<String> efi = List.of("fit", "mild", "moderate", "severe");
      int row = 0;
      try (RootAllocator alloc = new RootAllocator();
          FileChannel ch = FileChannel.open(dir.resolve(PatientArrowOutput.FILE), StandardOpenOption.READ);
          ArrowFileReader reader = new ArrowFileReader(ch, alloc)) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        assertEquals(String.join(",", rules), root.getSchema().getCustomMetadata().get("strata.rules"));
        assertTrue(root.getSchema().findField("practice").getMetadata().get("strata.meaning")
            .contains("practices.arrow"));
        assertEquals("0 fit, 1 mild, 2 moderate, 3 severe",
            root.getSchema().findField("efi_category").getMetadata().get("strata.meaning"));
        while (reader.loadNextBatch()) {
          for (int i = 0; i < root.getRowCount(); i++, row++) {
            String[] c = csv.get(row + 1).split(",", -1);
            assertEquals(c[0], String.format(Locale.ROOT, "%010d", (Long) value(root, "patient_id", i)));
            short practice = (Short) value(root, "practice", i);
            assertEquals(c[1], practice < 0 ? "" : practiceCodes.get(practice), "row " + row);
            assertEquals(c[2], value(root, "level", i).toString());
            byte deciding = (Byte) value(root, "deciding_rule", i);
            assertEquals(c[3], deciding < 0 ? "" : rules.get(deciding));
            assertEquals(c[5], efi.get((Byte) value(root, "efi_category", i)));
            assertEquals(c[6], value(root, "ltc_count", i).toString());
            assertEquals(c[7], String.format(Locale.ROOT, "%.2f", (Double) value(root, "cms", i)));
            assertEquals(c[8], String.format(Locale.ROOT, "%.6f", (Double) value(root, "admission_risk", i)));
          }
        }
      }
      assertEquals(Fixtures.PATIENTS, row);
    }
  }

  @Test
  void onePassOverManySlicesWritesWhatEachOutputWritesAlone(@TempDir Path tmp) throws IOException {
    // Batches of 333 rows: the pass's rounds load one slice while the outputs write the previous one.
    try (OutputFixture one = OutputFixture.small(tmp.resolve("one"), 1 << 20);
        OutputFixture many = OutputFixture.small(tmp.resolve("many"), 333)) {
      assertTrue(many.store.slices(PatientRows.SLICE_ROWS).size() > 5);
      Path together = Files.createDirectories(tmp.resolve("together"));
      RunOutputs.write(List.of(new PatientArrowOutput(), new PatientCsvOutput()), many.contents, together);
      Path alone = Files.createDirectories(tmp.resolve("alone"));
      new PatientArrowOutput().write(many.contents, alone);
      new PatientCsvOutput().write(many.contents, alone);
      Path single = Files.createDirectories(tmp.resolve("single"));
      new PatientCsvOutput().write(one.contents, single);
      for (String file : List.of(PatientArrowOutput.FILE, PatientCsvOutput.FILE)) {
        assertArrayEquals(Files.readAllBytes(alone.resolve(file)), Files.readAllBytes(together.resolve(file)), file);
      }
      // The CSV does not depend on how the store is cut into batches.
      assertArrayEquals(Files.readAllBytes(single.resolve(PatientCsvOutput.FILE)),
          Files.readAllBytes(together.resolve(PatientCsvOutput.FILE)));
    }
  }

  private static Object value(VectorSchemaRoot root, String field, int i) {
    FieldVector v = root.getVector(field);
    return v.getObject(i);
  }

  /** Practice codes in the row order of the store generation's own practices.arrow, read with Arrow's reader. */
  static List<String> practicesArrowCodes(Store store) throws IOException {
    List<String> codes = new ArrayList<>();
    try (RootAllocator alloc = new RootAllocator();
        FileChannel ch = FileChannel.open(store.directory().resolve("practices.arrow"), StandardOpenOption.READ);
        ArrowFileReader reader = new ArrowFileReader(ch, alloc)) {
      while (reader.loadNextBatch()) {
        VarCharVector v = (VarCharVector) reader.getVectorSchemaRoot().getVector("practice_code");
        for (int i = 0; i < v.getValueCount(); i++) {
          codes.add(v.getObject(i).toString());
        }
      }
    }
    return codes;
  }
}
