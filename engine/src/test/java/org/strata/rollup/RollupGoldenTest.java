package org.strata.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strata.format.Practice;
import org.strata.score.ScoreColumns;
import org.strata.store.Store;

/**
 * The rollup tables of the committed 2,000-patient fixture with fixed synthetic level and score inputs, so
 * only a change to the rollup (or to the fixture) moves them. After a deliberate change run with
 * {@code -Dgolden.update=true} and review the diff under {@code src/test/resources/golden/rollup/}.
 */
class RollupGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/rollup");
  private static final List<String> RULES = List.of("L1 palliative_care", "L2 ltc_count>=2",
      "L3 ae_attendances>=2");

  @Test
  void smallFixtureTablesAreUnchanged() throws IOException {
    Map<String, String> outputs = new LinkedHashMap<>();
    try (Store store = Store.open(RollupTestData.smallStore())) {
      int rows = (int) store.rowCount();
      byte[] level = new byte[rows];
      byte[] rule = new byte[rows];
      ScoreColumns scores = new ScoreColumns(rows).rowCount(rows);
      for (int r = 0; r < rows; r++) {
        level[r] = (byte) (1 + r % 4);
        rule[r] = (byte) (level[r] == 4 ? -1 : r % 3);
        scores.efiCategory()[r] = (byte) (r * 7 % 4);
        scores.ltcCount()[r] = (byte) (r / 3 % 5);
        scores.riskX1e6()[r] = (int) (r * 7_919L % 250_000);
      }
      // Three declared hubs (practice ordinal mod 3) ...
      List<Practice> declared = new ArrayList<>();
      for (int p = 0; p < store.practices().size(); p++) {
        Practice pr = store.practices().get(p);
        declared.add(new Practice(pr.code(), pr.name(), pr.latitude(), pr.longitude(), "Hub " + "CAB".charAt(p % 3)));
      }
      RollupTables t = Rollup.compute(level, rule, RULES, scores, store, Hubs.fromPracticesFile(declared));
      outputs.put("practices.csv", t.practicesCsv());
      outputs.put("hubs.csv", t.hubsCsv());
      outputs.put("footprint.csv", t.footprintCsv());
      outputs.put("rollup.json", t.json());
      RollupTables shared = t.suppressed(RollupTables.DEFAULT_SUPPRESSION_THRESHOLD);
      outputs.put("practices-suppressed.csv", shared.practicesCsv());
      outputs.put("hubs-suppressed.csv", shared.hubsCsv());
      // ... and the formed hubs (one, flagged: the fixture is far under 30,000) as the terminal shows them.
      RollupTables formed = Rollup.compute(level, rule, RULES, scores, store,
          HubFormation.form(store.practices(), HubFormation.registeredByPractice(store)));
      outputs.put("formed-hubs.txt", formed.toText());
    }
    boolean update = Boolean.getBoolean("golden.update");
    for (Map.Entry<String, String> e : outputs.entrySet()) {
      Path golden = GOLDEN.resolve(e.getKey());
      String actual = e.getValue();
      assertTrue(!actual.contains("/tmp") && !actual.contains("strata-rollup-test"), e.getKey() + " holds a path");
      if (update) {
        Files.createDirectories(GOLDEN);
        Files.writeString(golden, actual, StandardCharsets.UTF_8);
      }
      assertTrue(Files.exists(golden), golden + " is missing: run with -Dgolden.update=true and review it");
      assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, e.getKey());
    }
  }
}
