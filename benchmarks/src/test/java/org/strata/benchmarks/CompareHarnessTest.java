package org.strata.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The correctness check CI runs: Strata's nightly batch and the default policy in DuckDB SQL agree on every
 * patient's level, deciding rule and integer risk predictor, and on every hub's and practice's level counts;
 * and a planted difference is found.
 */
class CompareHarnessTest {

  @Test
  void strataAndDuckDbAgreeOnEveryPatientAndHub(@TempDir Path input, @TempDir Path work) throws Exception {
    generate(30_000, input);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    CompareHarness.Result r = CompareHarness.compare(input, 2, work, new PrintStream(log, true, StandardCharsets.UTF_8),
        null);
    String out = log.toString(StandardCharsets.UTF_8);
    assertEquals(30_000, r.rows(), out);
    assertEquals(0, r.patientDifferences(), out);
    assertEquals(0, r.predictorDifferences(), out);
    assertEquals(0, r.rollupDifferences(), out);
    assertTrue(r.hubsCompared() >= 1 && r.practicesCompared() >= 2, out);
    for (int level = 1; level <= 4; level++) {
      assertTrue(r.levelCounts()[level] > 0, "level " + level + " is empty: " + out);
    }
    String table = CompareHarness.table(r);
    assertTrue(table.contains("| **end to end from CSV** (target ≥ 3×) |"), table);
  }

  @Test
  void aPlantedDifferenceIsFoundAndMasked(@TempDir Path input, @TempDir Path work) throws Exception {
    generate(5_000, input);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    CompareHarness.Result r = CompareHarness.compare(input, 1, work, new PrintStream(log, true, StandardCharsets.UTF_8),
        "UPDATE results SET level = 4, deciding_rule = NULL"
            + " WHERE patient_id = (SELECT min(patient_id) FROM results WHERE level = 2)");
    String out = log.toString(StandardCharsets.UTF_8);
    assertEquals(1, r.patientDifferences(), out);
    assertTrue(r.rollupDifferences() >= 2, out); // its practice and its hub
    assertTrue(out.matches("(?s).*DIFFERENCE patient \\*{6}\\d{4} \\(store row \\d+\\): Strata level 2 .*"), out);
    assertTrue(out.lines().filter(l -> l.startsWith("DIFFERENCE")).noneMatch(l -> l.matches(".*\\d{10}.*")),
        "an NHS number was printed unmasked: " + out);
  }

  @Test
  void theSqlTemplateIsFilledFromTheQuantisedModel() {
    String sql = CompareHarness.fill(CompareHarness.sqlTemplate(), Path.of("/x/patients.csv"), Path.of("/out"));
    String code = sql.lines().filter(l -> !l.strip().startsWith("--")).collect(java.util.stream.Collectors.joining("\n"));
    assertTrue(!code.contains("{{"), code);
    org.strata.score.RiskModel m = org.strata.score.RiskModel.illustrative();
    long interceptMicro = Math.round(m.intercept() * 1e6);
    long cmsPer001 = Math.round(m.perCmsPoint() * 1e4);
    assertTrue(sql.contains(Long.toString(interceptMicro)), "intercept " + m.intercept() + " as micro-logits");
    assertTrue(sql.contains(cmsPer001 + " * cms_x100"), m.perCmsPoint() + " per CMS point = " + cmsPer001 + " per 0.01 point");
    assertTrue(sql.contains("dementia * 250"), "dementia weight 2.50 x 100");
    assertEquals(java.util.List.of("load", "score", "cuts", "levels", "rollup", "write"),
        java.util.List.copyOf(CompareHarness.phases(sql).keySet()));
  }

  private static void generate(long patients, Path dir) throws Exception {
    org.strata.datasets.FootprintGenerator.generate(
        org.strata.datasets.FootprintSpec.builder().patients(patients).seed(2016).threads(2).build(), dir,
        org.strata.datasets.ProgressListener.NONE);
  }
}
