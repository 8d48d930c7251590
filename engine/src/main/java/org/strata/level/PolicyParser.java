package org.strata.level;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.strata.score.RiskModel;

/** Reads a policy's YAML into a compiled {@link Policy}; every error names the file and line. */
final class PolicyParser {
  private final String file;

  private PolicyParser(String file) {
    this.file = file;
  }

  static Policy parse(String file, String text) throws PolicyException {
    return new PolicyParser(file).parse(text);
  }

  /**
   * Kernels for the policy's condition rules, compiled afresh for each worker (kernels own scratch space);
   * parsing compiled them once already, so a failure here is a bug.
   */
  static java.util.List<MaskKernel> recompileKernels(Policy policy) {
    java.util.List<MaskKernel> out = new java.util.ArrayList<>();
    java.util.Set<RuleColumn> ignored = new java.util.HashSet<>();
    for (Rule r : policy.rules()) {
      try {
        out.add(r.kind() == Rule.Kind.CONDITION
            ? ExpressionCompiler.compile(policy.source(), r.line(), r.condition(), ignored) : null);
      } catch (PolicyException e) {
        throw new IllegalStateException("a compiled policy failed to compile again: " + e.getMessage(), e);
      }
    }
    return out;
  }

  private Policy parse(String text) throws PolicyException {
    YamlTree.Node root = YamlTree.parse(file, text);
    Map<String, YamlTree.Node> top = map(root, "the policy");
    allowOnly(top, root.line(), "name", "version", "description", "risk_model", "rising_risk", "levels");
    String name = text(top, "name", root.line(), true);
    String version = text(top, "version", root.line(), false);
    RiskModel model = riskModel(top.get("risk_model"));
    RisingRisk rising = risingRisk(top.get("rising_risk"));
    YamlTree.Node levelsNode = top.get("levels");
    if (levelsNode == null) {
      throw new PolicyException(file, root.line(), "missing 'levels'");
    }
    Map<String, YamlTree.Node> levels = map(levelsNode, "'levels'");
    List<String> levelNames = new ArrayList<>(List.of("", "High need", "Ongoing care needs", "Episodic needs", "Mostly well"));
    List<Rule> rules = new ArrayList<>();
    Set<RuleColumn> columns = new LinkedHashSet<>();
    Set<String> ruleNames = new HashSet<>();
    for (Map.Entry<String, YamlTree.Node> e : levels.entrySet()) {
      int level = levelNumber(e.getKey(), e.getValue().line());
      Map<String, YamlTree.Node> lv = map(e.getValue(), "level " + level);
      allowOnly(lv, e.getValue().line(), "name", "rules", "description");
      if (lv.containsKey("name")) {
        levelNames.set(level, text(lv, "name", e.getValue().line(), true));
      }
      YamlTree.Node rulesNode = lv.get("rules");
      if (level == 4) {
        if (rulesNode != null) {
          throw new PolicyException(file, rulesNode.line(), "level 4 takes no rules: it is everyone else");
        }
        continue;
      }
      if (rulesNode == null || rulesNode.list() == null) {
        throw new PolicyException(file, e.getValue().line(), "level " + level + " needs a list of 'rules'");
      }
      for (YamlTree.Node r : rulesNode.list()) {
        rules.add(rule(r, level, rules.size(), columns, ruleNames));
      }
    }
    // priority order: level 1 rules first; stable within a level (file order)
    List<Rule> ordered = new ArrayList<>();
    for (int level = 1; level <= 3; level++) {
      for (int i = 0; i < rules.size(); i++) {
        Rule r = rules.get(i);
        if (r.level() == level) {
          ordered.add(new Rule(ordered.size(), r.level(), r.name(), r.kind(), r.condition(), r.percent(),
              r.scope(), r.eligible(), r.line()));
        }
      }
    }
    if (ordered.isEmpty()) {
      throw new PolicyException(file, levelsNode.line(), "no rules: every patient would be level 4");
    }
    if (ordered.size() > Policy.MAX_RULES) {
      throw new PolicyException(file, levelsNode.line(), ordered.size() + " rules; at most " + Policy.MAX_RULES);
    }
    return new Policy(name, version == null ? "" : version, file, text, levelNames, ordered, columns, model, rising);
  }

  /** {@code rising_risk: {min_rise: 20, runs: 3}}; either key may be left out. */
  private RisingRisk risingRisk(YamlTree.Node n) throws PolicyException {
    if (n == null) {
      return RisingRisk.DEFAULT;
    }
    Map<String, YamlTree.Node> m = map(n, "'rising_risk'");
    allowOnly(m, n.line(), "min_rise", "runs", "description");
    double minRise = RisingRisk.DEFAULT.minRise();
    int runs = RisingRisk.DEFAULT.runs();
    YamlTree.Node x = m.get("min_rise");
    if (x != null) {
      try {
        minRise = Double.parseDouble(x.text());
      } catch (NumberFormatException | NullPointerException e) {
        throw new PolicyException(file, x.line(), "rising_risk: min_rise '" + x.text() + "' is not a number");
      }
    }
    YamlTree.Node k = m.get("runs");
    if (k != null) {
      try {
        runs = Integer.parseInt(k.text());
      } catch (NumberFormatException | NullPointerException e) {
        throw new PolicyException(file, k.line(), "rising_risk: runs '" + k.text() + "' is not a whole number");
      }
    }
    try {
      return new RisingRisk(minRise, runs);
    } catch (IllegalArgumentException e) {
      throw new PolicyException(file, n.line(), e.getMessage());
    }
  }

  private Rule rule(YamlTree.Node node, int level, int index, Set<RuleColumn> columns, Set<String> names)
      throws PolicyException {
    Map<String, YamlTree.Node> r = map(node, "a rule");
    String name = text(r, "name", node.line(), true);
    if (!name.matches("[A-Za-z0-9_.+%-]{1,48}")) {
      throw new PolicyException(file, node.line(), "rule name '" + name + "' must be 1-48 letters, digits or _.+%-");
    }
    if (!names.add(name)) {
      throw new PolicyException(file, node.line(), "rule name '" + name + "' is used twice");
    }
    boolean hasWhen = r.containsKey("when");
    boolean hasTop = r.containsKey("top_percent");
    boolean hasFloor = r.containsKey("practice_floor");
    if ((hasWhen ? 1 : 0) + (hasTop ? 1 : 0) + (hasFloor ? 1 : 0) != 1) {
      throw new PolicyException(file, node.line(),
          "rule '" + name + "' needs exactly one of 'when', 'top_percent' or 'practice_floor'");
    }
    if (hasWhen) {
      allowOnly(r, node.line(), "name", "when", "description");
      YamlTree.Node when = r.get("when");
      String condition = when.text();
      if (condition == null) {
        throw new PolicyException(file, when.line(), "rule '" + name + "': 'when' must be a condition text");
      }
      // Compiled now for its errors (file, line) and the columns it reads; each worker compiles its own copy.
      ExpressionCompiler.compile(file, when.line(), condition, columns);
      return new Rule(index, level, name, Rule.Kind.CONDITION, condition, null, null, null, node.line());
    }
    allowOnly(r, node.line(), "name", "top_percent", "practice_floor", "of", "scope", "description");
    YamlTree.Node pctNode = hasTop ? r.get("top_percent") : r.get("practice_floor");
    BigDecimal pct = percent(pctNode, name);
    Rule.Eligible eligible = enumValue(r.get("of"), Rule.Eligible.class, Rule.Eligible.ADULTS, name, "of");
    if (hasFloor) {
      if (r.containsKey("scope")) {
        throw new PolicyException(file, r.get("scope").line(), "rule '" + name + "': a practice floor is per practice; no 'scope'");
      }
      return new Rule(index, level, name, Rule.Kind.PRACTICE_FLOOR, null, pct, Rule.Scope.PRACTICE, eligible, node.line());
    }
    Rule.Scope scope = enumValue(r.get("scope"), Rule.Scope.class, Rule.Scope.FOOTPRINT, name, "scope");
    return new Rule(index, level, name, Rule.Kind.TOP_PERCENT, null, pct, scope, eligible, node.line());
  }

  private BigDecimal percent(YamlTree.Node n, String rule) throws PolicyException {
    String t = n.text();
    try {
      BigDecimal p = new BigDecimal(t == null ? "" : t.strip().replace("%", ""));
      if (p.signum() <= 0 || p.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw new PolicyException(file, n.line(), "rule '" + rule + "': percent must be above 0 and at most 100: " + t);
      }
      return p;
    } catch (NumberFormatException e) {
      throw new PolicyException(file, n.line(), "rule '" + rule + "': '" + t + "' is not a percentage");
    }
  }

  private <E extends Enum<E>> E enumValue(YamlTree.Node n, Class<E> type, E dflt, String rule, String key)
      throws PolicyException {
    if (n == null) {
      return dflt;
    }
    String t = n.text() == null ? "" : n.text().strip().toUpperCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(t)) {
        return e;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      allowed.add(e.name().toLowerCase(Locale.ROOT));
    }
    throw new PolicyException(file, n.line(), "rule '" + rule + "': " + key + " '" + n.text() + "' is not one of " + allowed);
  }

  private RiskModel riskModel(YamlTree.Node n) throws PolicyException {
    if (n == null || "illustrative".equalsIgnoreCase(n.text())) {
      return RiskModel.illustrative();
    }
    Map<String, YamlTree.Node> m = map(n, "'risk_model'");
    allowOnly(m, n.line(), "label", "coefficients");
    String label = text(m, "label", n.line(), true);
    YamlTree.Node cn = m.get("coefficients");
    if (cn == null) {
      throw new PolicyException(file, n.line(), "risk_model needs 'coefficients' (or write risk_model: illustrative)");
    }
    Map<String, YamlTree.Node> c = map(cn, "'coefficients'");
    double[] v = new double[RiskModel.FEATURES.size()];
    for (int i = 0; i < v.length; i++) {
      String f = RiskModel.FEATURES.get(i);
      YamlTree.Node x = c.get(f);
      if (x == null) {
        throw new PolicyException(file, cn.line(), "risk_model coefficient '" + f + "' is missing (all of "
            + RiskModel.FEATURES + " are needed)");
      }
      try {
        v[i] = Double.parseDouble(x.text());
      } catch (NumberFormatException | NullPointerException e) {
        throw new PolicyException(file, x.line(), "risk_model coefficient '" + f + "': '" + x.text() + "' is not a number");
      }
    }
    for (String k : c.keySet()) {
      if (!RiskModel.FEATURES.contains(k)) {
        throw new PolicyException(file, c.get(k).line(), "unknown risk_model coefficient '" + k + "' (known: " + RiskModel.FEATURES + ")");
      }
    }
    try {
      return new RiskModel(label, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12],
          v[13], v[14], v[15], v[16], v[17], v[18], v[19]);
    } catch (IllegalArgumentException e) {
      throw new PolicyException(file, cn.line(), "risk_model: " + e.getMessage());
    }
  }

  private int levelNumber(String key, int line) throws PolicyException {
    try {
      int l = Integer.parseInt(key.strip());
      if (l >= 1 && l <= 4) {
        return l;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new PolicyException(file, line, "levels are 1, 2, 3 and 4, not '" + key + "'");
  }

  private Map<String, YamlTree.Node> map(YamlTree.Node n, String what) throws PolicyException {
    if (n.map() == null) {
      throw new PolicyException(file, n.line(), what + " must be a mapping of keys to values");
    }
    return n.map();
  }

  private String text(Map<String, YamlTree.Node> m, String key, int line, boolean required) throws PolicyException {
    YamlTree.Node n = m.get(key);
    if (n == null || n.text() == null || n.text().isBlank()) {
      if (required) {
        throw new PolicyException(file, n == null ? line : n.line(), "'" + key + "' is required");
      }
      return null;
    }
    return n.text().strip();
  }

  private void allowOnly(Map<String, YamlTree.Node> m, int line, String... keys) throws PolicyException {
    List<String> allowed = List.of(keys);
    for (Map.Entry<String, YamlTree.Node> e : m.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw new PolicyException(file, e.getValue().line(), "unknown key '" + e.getKey() + "' (allowed here: " + allowed + ")");
      }
    }
  }
}
