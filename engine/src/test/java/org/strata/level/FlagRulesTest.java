package org.strata.level;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.store.Store;

/**
 * Conditions and register flags in every form a rule may name them — bare, {@code == 0/1}, {@code != 0/1},
 * {@code any}/{@code all} over conditions, flags or both, under {@code not}, beside a comparison, and as numbers
 * ({@code >=}, {@code in}, {@code between}): each rule's matches against plain Java on every row of a generated
 * footprint, its batches cut mid-slice.
 */
class FlagRulesTest {
  private record Case(String when, Predicate<Map<String, Object>> plain) {}

  private static boolean on(Map<String, Object> r, String name) {
    return LevelAssignerTest.flag(r, name) == 1;
  }

  private static final List<Case> CASES = List.of(
      new Case("care_home", r -> on(r, "care_home")),
      new Case("care_home == 0", r -> !on(r, "care_home")),
      new Case("care_home != 0", r -> on(r, "care_home")),
      new Case("care_home != 1", r -> !on(r, "care_home")),
      new Case("copd == 1", r -> on(r, "copd")),
      new Case("any(copd, dementia, care_home)", r -> on(r, "copd") || on(r, "dementia") || on(r, "care_home")),
      new Case("all(hypertension, diabetes)", r -> on(r, "hypertension") && on(r, "diabetes")),
      new Case("all(hypertension, housebound)", r -> on(r, "hypertension") && on(r, "housebound")),
      new Case("not any(copd, hypertension)", r -> !on(r, "copd") && !on(r, "hypertension")),
      new Case("not all(hypertension, care_home)", r -> !(on(r, "hypertension") && on(r, "care_home"))),
      new Case("not all(hypertension, asthma)", r -> !(on(r, "hypertension") && on(r, "asthma"))),
      new Case("any(hypertension) and age >= 65", r -> on(r, "hypertension") && LevelAssignerTest.num(r, "age") >= 65),
      new Case("not (care_home == 1 or hypertension == 0)", r -> !on(r, "care_home") && on(r, "hypertension")),
      new Case("hypertension >= 1 or palliative_care between 1 and 1", r -> on(r, "hypertension") || on(r, "palliative_care")),
      new Case("hypertension in (0) and not housebound", r -> !on(r, "hypertension") && !on(r, "housebound")));

  @Test
  void everyFormOfAFlagRuleMatchesPlainJava(@TempDir Path tmp) throws IOException {
    StringBuilder yaml = new StringBuilder("name: flags\nlevels:\n  1:\n    rules:\n");
    for (int k = 0; k < CASES.size(); k++) {
      yaml.append("      - name: r").append(k).append("\n        when: ").append(CASES.get(k).when()).append('\n');
    }
    Policy policy = PolicyParser.parse("flags.yaml", yaml.toString());
    try (Store s = Store.open(LevelAssignerTest.store(tmp, 12_000, 6, 5_000))) {
      LevelResult r = LevelAssigner.assign(s, policy, null, 0);
      int[] matched = new int[CASES.size()];
      for (int row = 0; row < s.rowCount(); row++) {
        Map<String, Object> values = s.row(row);
        for (int k = 0; k < CASES.size(); k++) {
          boolean expected = CASES.get(k).plain().test(values);
          assertEquals(expected, (r.reasons()[row] >>> k & 1) == 1, "rule '" + CASES.get(k).when() + "', row " + row);
          matched[k] += expected ? 1 : 0;
        }
      }
      for (int k = 0; k < CASES.size(); k++) { // neither side can pass by matching nobody or everybody
        int m = matched[k];
        org.junit.jupiter.api.Assertions.assertTrue(m > 0 && m < s.rowCount(), CASES.get(k).when() + ": " + m);
      }
    }
  }
}
