package org.strata.level;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.strata.format.NearestName;

/**
 * The money terms of a whole-population contract ({@code strata run --budget budget.yaml}), read and checked like
 * a policy (errors name the file, the line and the value):
 *
 * <pre>
 * total_budget_gbp: 185000000          # the whole-population budget for the year
 * improvement_top_slice_pct: 2         # held back for the improvement payment
 * gain_loss_share_pct: 50              # the provider's share of emergency admissions avoided (or exceeded)
 * emergency_admission_price_gbp: 1650  # the agreed price of one emergency admission
 * </pre>
 *
 * @param totalBudgetPence the whole-population budget, in pence
 * @param topSlicePct the improvement top-slice, percent of the budget (0–100)
 * @param gainLossSharePct the provider's share of the gain or loss, percent (0–100)
 * @param admissionPricePence the price of an emergency admission, in pence
 */
public record BudgetTerms(long totalBudgetPence, BigDecimal topSlicePct, BigDecimal gainLossSharePct,
    long admissionPricePence) {
  private static final List<String> KEYS = List.of("total_budget_gbp", "improvement_top_slice_pct",
      "gain_loss_share_pct", "emergency_admission_price_gbp");

  /** Reads and checks a budget file. */
  public static BudgetTerms read(Path file) throws IOException, PolicyException {
    String name = file.getFileName().toString();
    if (Files.isDirectory(file)) {
      throw new PolicyException(name, 0, file + " is a directory, not a budget file");
    }
    String text;
    try {
      text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new PolicyException(name, 0, "no such budget file: " + file);
    }
    YamlTree.Node root = YamlTree.parse(name, text);
    Map<String, YamlTree.Node> m = root.map();
    if (m == null) {
      throw new PolicyException(name, root.line(), "a budget file is a mapping of " + String.join(", ", KEYS));
    }
    for (Map.Entry<String, YamlTree.Node> e : m.entrySet()) {
      if (!KEYS.contains(e.getKey())) {
        String near = NearestName.of(e.getKey(), KEYS);
        throw new PolicyException(name, e.getValue().line(), "unknown key '" + e.getKey() + "'"
            + (near == null ? "; the keys are " + String.join(", ", KEYS) : " (did you mean " + near + "?)"));
      }
    }
    return new BudgetTerms(pence(name, m, KEYS.get(0), false), pct(name, m, KEYS.get(1)), pct(name, m, KEYS.get(2)),
        pence(name, m, KEYS.get(3), true));
  }

  private static BigDecimal number(String file, Map<String, YamlTree.Node> m, String key) throws PolicyException {
    YamlTree.Node n = m.get(key);
    if (n == null || n.text() == null) {
      throw new PolicyException(file, n == null ? 0 : n.line(), "'" + key + "' is missing: a budget file gives "
          + String.join(", ", KEYS));
    }
    try {
      return new BigDecimal(n.text().strip().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new PolicyException(file, n.line(), key + ": '" + n.text() + "' is not a number");
    }
  }

  private static long pence(String file, Map<String, YamlTree.Node> m, String key, boolean mayBeZero)
      throws PolicyException {
    BigDecimal gbp = number(file, m, key);
    int line = m.get(key).line();
    if (gbp.signum() < 0 || (!mayBeZero && gbp.signum() == 0)) {
      throw new PolicyException(file, line, key + ": " + gbp.toPlainString() + " must be more than 0");
    }
    if (gbp.stripTrailingZeros().scale() > 2) {
      throw new PolicyException(file, line, key + ": " + gbp.toPlainString() + " has fractions of a penny");
    }
    if (gbp.compareTo(BigDecimal.valueOf(1_000_000_000_000L)) > 0) {
      throw new PolicyException(file, line, key + ": " + gbp.toPlainString() + " is more than £1 trillion");
    }
    return gbp.movePointRight(2).longValueExact();
  }

  private static BigDecimal pct(String file, Map<String, YamlTree.Node> m, String key) throws PolicyException {
    BigDecimal p = number(file, m, key);
    if (p.signum() < 0 || p.compareTo(BigDecimal.valueOf(100)) > 0) {
      throw new PolicyException(file, m.get(key).line(), key + ": " + p.toPlainString() + " must be 0 to 100");
    }
    return p;
  }
}
