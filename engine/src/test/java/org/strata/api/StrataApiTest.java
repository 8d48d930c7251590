package org.strata.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.datasets.Fixtures;
import org.strata.format.IdKind;
import org.strata.ingest.Ingest;
import org.strata.ingest.IngestProgress;
import org.strata.ingest.IngestRequest;
import org.strata.run.NightlyRun;
import org.strata.run.RunConfig;
import org.strata.run.RunResult;

/** The embedding API gives the answers the nightly run writes, read back from the run's own files. */
class StrataApiTest {
  @TempDir
  static Path tmp;
  static Path store;
  static Path results;

  @BeforeAll
  static void runTheNightlyBatch() throws Exception {
    Path small = Fixtures.copySmall(tmp.resolve("small"));
    store = tmp.resolve("store");
    Ingest.run(new IngestRequest(small.resolve("patients.csv"), small.resolve("practices.csv"), store,
        IdKind.NHS_NUMBER, null, 0.0, 512), IngestProgress.NONE); // small batches: look-ups cross batches
    RunResult r = NightlyRun.run(new RunConfig(store, null, tmp.resolve("results"), true, 5));
    results = r.runDir();
  }

  @Test
  void everyPatientLooksUpAsTheRunWroteThem() throws Exception {
    List<String[]> rows = csv(results.resolve("patients.csv"));
    try (Strata strata = Strata.open(store)) {
      Stratification s = strata.stratify(StrataPolicy.defaultPolicy());
      assertEquals(rows.size() - 1, strata.patientCount());
      for (String[] row : rows.subList(1, rows.size())) {
        PatientLevel p = s.patient(row[0]).orElseThrow();
        assertEquals(row[0], p.nhsNumber());
        assertEquals(row[1].isEmpty() ? null : row[1], p.practice());
        assertEquals(Integer.parseInt(row[2]), p.level(), row[0]);
        if (row[3].isEmpty()) {
          assertNull(p.decidingRule());
        } else {
          assertEquals(row[3], p.decidingRule());
        }
        assertEquals(row[4].isEmpty() ? List.of() : List.of(row[4].split(";")), p.reasons());
        assertEquals(row[7], String.format(Locale.ROOT, "%.2f", (Double) p.scores().get("cms")));
        assertEquals(row[8], String.format(Locale.ROOT, "%.6f", (Double) p.scores().get("risk")));
      }
    }
  }

  @Test
  void whatWasReadStaysAndLookUpsAfterCloseThrow() throws Exception {
    Stratification s;
    PatientLevel kept;
    String id;
    try (Strata strata = Strata.open(store)) {
      s = strata.stratify(StrataPolicy.defaultPolicy());
      kept = s.worklist(1, 1).get(0);
      id = kept.nhsNumber();
      assertTrue(s.patient(id).isPresent());
    }
    // Copies stay readable; anything that needs the released generation says so instead of reading it.
    assertEquals(id, kept.nhsNumber());
    assertEquals(1, kept.level());
    assertTrue(s.levelCounts().get(1) > 0);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.patient(id));
    assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> s.worklist(1, 5));
  }

  @Test
  void worklistIsTheLevelsHighestRisksInOrder() throws Exception {
    List<String[]> rows = csv(results.resolve("patients.csv"));
    for (int level = 1; level <= 4; level++) {
      final String l = Integer.toString(level);
      List<Double> expected = new ArrayList<>();
      for (String[] row : rows.subList(1, rows.size())) {
        if (row[2].equals(l)) {
          expected.add(Double.parseDouble(row[8]));
        }
      }
      expected.sort(Comparator.reverseOrder());
      try (Strata strata = Strata.open(store)) {
        List<PatientLevel> list = strata.stratify(StrataPolicy.defaultPolicy()).worklist(level, 25);
        List<Double> risks = new ArrayList<>();
        for (PatientLevel p : list) {
          assertEquals(level, p.level());
          risks.add(Math.round((Double) p.scores().get("risk") * 1e6) / 1e6);
        }
        assertEquals(expected.subList(0, Math.min(25, expected.size())), risks, "level " + level);
      }
    }
  }

  @Test
  void rollupsMatchTheRunsTables() throws Exception {
    List<String[]> hubs = csv(results.resolve("hubs.csv"));
    Map<String, Integer> col = new HashMap<>();
    for (int i = 0; i < hubs.get(0).length; i++) {
      col.put(hubs.get(0)[i], i);
    }
    try (Strata strata = Strata.open(store)) {
      Stratification s = strata.stratify(StrataPolicy.defaultPolicy());
      Map<String, UnitLevels> byName = new HashMap<>();
      for (UnitLevels u : s.hubs()) {
        byName.put(u.code(), u);
      }
      int checked = 0;
      for (String[] row : hubs.subList(1, hubs.size())) {
        UnitLevels u = byName.get(row[col.get("hub")]);
        if (u == null) {
          continue; // the unassigned row
        }
        for (int level = 1; level <= 4; level++) {
          assertEquals(Long.parseLong(row[col.get("level" + level)]), u.level(level));
        }
        checked++;
      }
      assertTrue(checked > 0);
      long sum = 0;
      for (long c : s.levelCounts()) {
        sum += c;
      }
      assertEquals(strata.patientCount(), sum);
      assertEquals(s.footprint().total(), sum);
    }
  }

  @Test
  void badLookUpsAreRefusedWithoutEchoingTheNumber() throws Exception {
    try (Strata strata = Strata.open(store)) {
      Stratification s = strata.stratify(StrataPolicy.defaultPolicy());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.patient("9434765918"));
      assertTrue(!e.getMessage().contains("9434765918"));
      assertTrue(s.patient("9434765919").isEmpty(), "a valid number not in the store is absent, not an error");
      assertThrows(UnsupportedOperationException.class, () -> s.levelCounts().set(0, 1L));
      assertThrows(UnsupportedOperationException.class, () -> s.worklist(1, 1).get(0).reasons().add("x"));
    }
  }

  private static List<String[]> csv(Path file) throws Exception {
    List<String[]> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      out.add(line.split(",", -1));
    }
    return out;
  }
}
