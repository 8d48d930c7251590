package org.strata.level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyTest {

  static PolicyException bad(String yaml) {
    return assertThrows(PolicyException.class, () -> PolicyParser.parse("p.yaml", yaml));
  }

  static final String HEAD = "name: t\nlevels:\n  1:\n    rules:\n";

  @Test
  void defaultPolicyLoadsWithItsRulesInPriorityOrder() {
    Policy p = Policy.defaultPolicy();
    assertEquals("strata-default", p.name());
    assertEquals(List.of("palliative_care", "severe_frailty", "care_home", "emergency_admissions_3plus",
        "top_2pct_risk", "practice_floor_2pct", "multimorbidity", "moderate_frailty", "key_conditions",
        "housebound", "top_20pct_risk", "ae_attendance", "emergency_admission"), p.ruleNames());
    Rule top2 = p.rules().get(4);
    assertEquals(Rule.Kind.TOP_PERCENT, top2.kind());
    assertEquals(new BigDecimal("2"), top2.percent());
    assertEquals(Rule.Scope.FOOTPRINT, top2.scope());
    assertEquals("High need", p.levelNames().get(1));
    assertEquals("Mostly well", p.levelNames().get(4));
  }

  @Test
  void risingRiskIsSetByItsBlockAndCheckedWithItsLine() throws Exception {
    String rules = "      - name: old\n        when: age >= 90\n";
    assertEquals(RisingRisk.DEFAULT, PolicyParser.parse("p.yaml", HEAD + rules).risingRisk());
    assertEquals(new RisingRisk(15, 4), PolicyParser.parse("p.yaml",
        "rising_risk:\n  min_rise: 15\n  runs: 4\n" + HEAD + rules).risingRisk());
    PolicyException notANumber = bad("rising_risk:\n  min_rise: lots\n" + HEAD + rules);
    assertTrue(notANumber.getMessage().contains("p.yaml: line 2") && notANumber.getMessage().contains(
        "min_rise 'lots' is not a number"), notANumber.getMessage());
    PolicyException oneRun = bad("rising_risk:\n  runs: 1\n" + HEAD + rules);
    assertTrue(oneRun.getMessage().contains("runs must be at least 2"), oneRun.getMessage());
  }

  @Test
  void selectCountIsAnExactCeiling() {
    Rule r = new Rule(0, 1, "x", Rule.Kind.TOP_PERCENT, null, new BigDecimal("2"), Rule.Scope.FOOTPRINT,
        Rule.Eligible.ADULTS, 1);
    assertEquals(0, r.selectCount(0));
    assertEquals(1, r.selectCount(1));
    assertEquals(2, r.selectCount(100));
    assertEquals(3, r.selectCount(101));
    assertEquals(1_260_000, r.selectCount(63_000_000));
  }

  @Test
  void errorsNameFileLineAndProblem() {
    assertEquals("p.yaml: line 6: unknown column 'agee' (did you mean age?) in 'agee >= 65'",
        bad(HEAD + "      - name: a\n        when: agee >= 65\n").getMessage());
    assertEquals("p.yaml: line 6: unknown column 'hypertention' (did you mean hypertension?) in 'hypertention'",
        bad(HEAD + "      - name: a\n        when: hypertention\n").getMessage());
    String far = bad(HEAD + "      - name: a\n        when: frobnicate >= 1\n").getMessage();
    assertTrue(far.startsWith("p.yaml: line 6: unknown column 'frobnicate' (known: age, sex, imd_decile,"), far);
    assertTrue(far.contains(", hypertension, ") && far.endsWith(") in 'frobnicate >= 1'"), far);
    assertEquals("p.yaml: line 6: 'x' is not a value of age in 'age >= x and'",
        bad(HEAD + "      - name: a\n        when: age >= x and\n").getMessage());
    assertEquals("p.yaml: line 6: expected a column, 'not', 'any(' or '(' at the end in 'age >= 3 and'",
        bad(HEAD + "      - name: a\n        when: age >= 3 and\n").getMessage());
    assertEquals("p.yaml: line 6: '0.0000001' is not a value of risk (at most 6 decimals) in 'risk > 0.0000001'",
        bad(HEAD + "      - name: a\n        when: risk > 0.0000001\n").getMessage());
    assertEquals("p.yaml: line 6: rule 'a': percent must be above 0 and at most 100: 120",
        bad(HEAD + "      - name: a\n        top_percent: 120\n").getMessage());
    assertEquals("p.yaml: line 7: rule 'a': scope 'county' is not one of [footprint, hub, practice]",
        bad(HEAD + "      - name: a\n        top_percent: 2\n        scope: county\n").getMessage());
    assertEquals("p.yaml: line 6: unknown key 'wen' (allowed here: [name, top_percent, practice_floor, of, scope, description])",
        bad(HEAD + "      - name: a\n        wen: age > 3\n        top_percent: 2\n").getMessage());
    assertTrue(bad("name: t\nlevels: [1, 2\n").getMessage().startsWith("p.yaml: line "), "YAML syntax errors have a line");
    assertEquals("p.yaml: line 7: rule name 'a' is used twice",
        bad(HEAD + "      - name: a\n        when: age > 3\n      - name: a\n        when: age > 4\n").getMessage());
  }

  @Test
  void expressionsCoverTheLanguage() throws PolicyException {
    Policy p = PolicyParser.parse("p.yaml", HEAD
        + "      - name: a\n        when: not (age between 18 and 64) and sex == 'F' or efi_category in (moderate, severe)\n"
        + "      - name: b\n        when: any(copd, dementia) and cms >= 2.5 and cost_12m > 1000.50 and carer\n");
    assertEquals(2, p.rules().size());
    assertTrue(p.columns().contains(RuleColumn.named("cost_12m")));
  }

  @Test
  void duplicateKeysAndOutOfRangeConstantsAreErrors() {
    assertEquals("p.yaml: line 6: 'name' is given twice (a later one would silently replace it)",
        bad(HEAD + "      - name: a\n        name: b\n        when: age > 3\n").getMessage());
    assertEquals("p.yaml: line 6: '1' is given twice (a later one would silently replace it)",
        bad("name: t\nlevels:\n  1:\n    rules:\n      - {name: a, when: age > 3}\n"
            + "  1:\n    rules:\n      - {name: b, when: age > 4}\n").getMessage());
    assertEquals("p.yaml: line 6: '30000000' is out of range for cost_12m in 'cost_12m between 0 and 30000000'",
        bad(HEAD + "      - name: a\n        when: cost_12m between 0 and 30000000\n").getMessage());
  }
}
