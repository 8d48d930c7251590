package org.strata.rollup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.format.PatientColumn;
import org.strata.store.Store;

class UnregisteredPlacementTest {

  static final String PRACTICES = "practice_code,practice_name,latitude,longitude,hub\n"
      + "X00001,One,52.0,-1.0,B\n"
      + "X00002,Two,52.01,-1.0,A\n"
      + "X00003,Three,52.02,-1.0,B\n";

  /** Hand-built: (practice, lsoa) per patient; empty practice = unregistered. */
  static final String[][] PEOPLE = {
      // E01000001: 3 in hub B, 2 in hub A -> B; two unregistered go to B
      {"X00001", "E01000001"}, {"X00001", "E01000001"}, {"X00003", "E01000001"},
      {"X00002", "E01000001"}, {"X00002", "E01000001"}, {"", "E01000001"}, {"", "E01000001"},
      // E01000002: 2 in B (X00001 appears first), 2 in A -> tie -> A, the lower hub ordinal
      {"X00001", "E01000002"}, {"X00003", "E01000002"}, {"X00002", "E01000002"}, {"X00002", "E01000002"},
      {"", "E01000002"},
      // E01000003: nobody registered lives here -> the two unregistered cannot be placed
      {"", "E01000003"}, {"", "E01000003"},
      // registered without an LSOA count for no LSOA
      {"X00002", ""}, {"X00002", ""}, {"X00002", ""},
      // E01000004: one registered in B, nobody unregistered
      {"X00003", "E01000004"},
  };

  static String patientsCsv() {
    StringBuilder sb = new StringBuilder("patient_id,practice_code,lsoa,age,sex,emergency_admissions,cost_12m\n");
    for (int i = 0; i < PEOPLE.length; i++) {
      sb.append(RollupTestData.nhsNumber(i)).append(',').append(PEOPLE[i][0]).append(',').append(PEOPLE[i][1])
          .append(',').append(20 + 7 * i % 80).append(',').append(i % 2 == 0 ? "F" : "M").append(',')
          .append(i % 3).append(',').append(i % 4 == 0 ? "" : (100 + i) + ".5" + i % 10).append('\n');
    }
    return sb.toString();
  }

  static Path handBuiltStore(Path dir, int batchRows) throws IOException {
    return RollupTestData.storeOf(dir, PRACTICES, patientsCsv(), batchRows);
  }

  @Test
  void handBuiltCase(@TempDir Path tmp) throws IOException {
    for (int batchRows : new int[] {1 << 20, 3}) {
      try (Store store = Store.open(handBuiltStore(tmp.resolve("b" + batchRows), batchRows))) {
        Hubs hubs = Hubs.fromPracticesFile(store.practices());
        assertEquals(java.util.List.of("A", "B"), hubs.names());
        for (boolean dense : new boolean[] {true, false}) {
          UnregisteredPlacement placement = UnregisteredPlacement.compute(store, hubs, dense);
          String context = "batch rows " + batchRows + ", dense " + dense;
          assertEquals(1, placement.hubOfLsoa(lsoa(store, "E01000001")), context);
          assertEquals(0, placement.hubOfLsoa(lsoa(store, "E01000002")), context);
          assertEquals(UnregisteredPlacement.UNPLACED, placement.hubOfLsoa(lsoa(store, "E01000003")), context);
          assertEquals(1, placement.hubOfLsoa(lsoa(store, "E01000004")), context);
          assertEquals(4, placement.lsoaCount(), context);
        }
        assertArrayEquals(UnregisteredPlacement.compute(store, hubs).hubOfLsoa(),
            UnregisteredPlacement.compute(store, hubs, false).hubOfLsoa());
      }
    }
  }

  private static int lsoa(Store store, String code) {
    int l = store.lsoas().indexOf(code);
    assertTrue(l >= 0, code + " not in " + store.lsoas());
    return l;
  }

  /** On the demo footprint all the unregistered (1%) share an LSOA with registered patients: all placed. */
  @Test
  void demoFootprintPlacesEveryUnregisteredPerson() throws IOException {
    try (Store store = Store.open(RollupTestData.demoStore())) {
      Hubs hubs = HubFormation.form(store.practices(), HubFormation.registeredByPractice(store));
      UnregisteredPlacement dense = UnregisteredPlacement.compute(store, hubs, true);
      UnregisteredPlacement sparse = UnregisteredPlacement.compute(store, hubs, false);
      assertArrayEquals(dense.hubOfLsoa(), sparse.hubOfLsoa());

      // Reference: obvious maps over the decoded rows.
      Map<Integer, Map<Integer, Integer>> byLsoa = new HashMap<>();
      long unregistered = 0;
      long placeable = 0;
      long placed = 0;
      short[] practice = new short[store.maxBatchRows()];
      int[] lsoa = new int[store.maxBatchRows()];
      for (int b = 0; b < store.batchCount(); b++) {
        int rows = store.batchRows(b);
        store.readShorts(PatientColumn.PRACTICE, b, 0, practice, 0, rows);
        store.readInts(PatientColumn.LSOA, b, 0, lsoa, 0, rows);
        for (int i = 0; i < rows; i++) {
          if (practice[i] >= 0 && lsoa[i] >= 0) {
            byLsoa.computeIfAbsent(lsoa[i], k -> new HashMap<>()).merge(hubs.hubOf(practice[i]), 1, Integer::sum);
          }
        }
      }
      for (int b = 0; b < store.batchCount(); b++) {
        int rows = store.batchRows(b);
        store.readShorts(PatientColumn.PRACTICE, b, 0, practice, 0, rows);
        store.readInts(PatientColumn.LSOA, b, 0, lsoa, 0, rows);
        for (int i = 0; i < rows; i++) {
          if (practice[i] < 0) {
            unregistered++;
            placeable += lsoa[i] >= 0 && byLsoa.containsKey(lsoa[i]) ? 1 : 0;
            placed += lsoa[i] >= 0 && dense.hubOfLsoa(lsoa[i]) >= 0 ? 1 : 0;
          }
        }
      }
      for (int l = 0; l < store.lsoas().size(); l++) {
        Map<Integer, Integer> counts = byLsoa.getOrDefault(l, Map.of());
        int best = UnregisteredPlacement.UNPLACED;
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
          if (best < 0 || e.getValue() > counts.get(best) || e.getValue().equals(counts.get(best)) && e.getKey() < best) {
            best = e.getKey();
          }
        }
        assertEquals(best, dense.hubOfLsoa(l), "lsoa " + store.lsoas().get(l));
      }
      assertEquals(1_500, unregistered); // 1% of 150,000
      assertEquals(unregistered, placeable);
      assertEquals(unregistered, placed);
    }
  }
}
