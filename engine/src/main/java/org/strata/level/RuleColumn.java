package org.strata.level;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.strata.format.Conditions;
import org.strata.format.Flags;
import org.strata.score.Score;
import org.strata.score.Scores;

/**
 * A column a rule may name, as the rule engine sees it: an integer per patient at a fixed decimal
 * {@link #scale} (cost in pence, risk in millionths, the Cambridge score in hundredths), possibly
 * missing ({@code -1}). Comparisons with a missing value are false, as in SQL.
 *
 * @param name the name used in policy expressions
 * @param source where the batch values come from
 * @param index the condition or flag bit for {@link Source#CONDITION}/{@link Source#FLAG}
 * @param scale how many units of the stored integer make 1 in an expression
 * @param nullable whether -1 means "not recorded"
 */
public record RuleColumn(String name, Source source, int index, long scale, boolean nullable) {

  /** Where a rule column's values come from. */
  public enum Source {
    AGE, SEX, IMD_DECILE, EFI_DEFICITS, EMERGENCY_ADMISSIONS, AE_ATTENDANCES, ELECTIVE_ADMISSIONS,
    OUTPATIENT_ATTENDANCES, GP_CONTACTS, BED_DAYS, MEDICINES, COST_PENCE, CONDITION, FLAG,
    LTC_COUNT, CMS_X100, EFI_CATEGORY, RISK_X1E6,
    /** A score of the registry ({@link Scores}); {@code index} is its position there. */
    REGISTERED
  }

  private static final Map<String, RuleColumn> ALL = build();

  private static Map<String, RuleColumn> build() {
    Map<String, RuleColumn> m = new LinkedHashMap<>();
    put(m, "age", Source.AGE, 1, false);
    put(m, "sex", Source.SEX, 1, false);
    put(m, "imd_decile", Source.IMD_DECILE, 1, true);
    put(m, "efi_deficits", Source.EFI_DEFICITS, 1, false);
    put(m, "emergency_admissions", Source.EMERGENCY_ADMISSIONS, 1, false);
    put(m, "ae_attendances", Source.AE_ATTENDANCES, 1, false);
    put(m, "elective_admissions", Source.ELECTIVE_ADMISSIONS, 1, false);
    put(m, "outpatient_attendances", Source.OUTPATIENT_ATTENDANCES, 1, false);
    put(m, "gp_contacts", Source.GP_CONTACTS, 1, false);
    put(m, "bed_days", Source.BED_DAYS, 1, false);
    put(m, "medicines", Source.MEDICINES, 1, false);
    put(m, "cost_12m", Source.COST_PENCE, 100, true);
    for (int c = 0; c < Conditions.COUNT; c++) {
      m.put(Conditions.NAMES.get(c), new RuleColumn(Conditions.NAMES.get(c), Source.CONDITION, c, 1, false));
    }
    for (int f = 0; f < Flags.NAMES.size(); f++) {
      m.put(Flags.NAMES.get(f), new RuleColumn(Flags.NAMES.get(f), Source.FLAG, f, 1, false));
    }
    put(m, "ltc_count", Source.LTC_COUNT, 1, false);
    put(m, "cms", Source.CMS_X100, 100, false);
    put(m, "efi_category", Source.EFI_CATEGORY, 1, false);
    put(m, "risk", Source.RISK_X1E6, 1_000_000, false);
    return m;
  }

  private static void put(Map<String, RuleColumn> m, String name, Source s, long scale, boolean nullable) {
    m.put(name, new RuleColumn(name, s, -1, scale, nullable));
  }

  /** The column of that name (a stored column, a built-in score or a registered one), or null. */
  public static RuleColumn named(String name) {
    RuleColumn c = ALL.get(name.toLowerCase(Locale.ROOT));
    if (c != null) {
      return c;
    }
    Score s = Scores.named(name);
    return s == null ? null : new RuleColumn(s.name(), Source.REGISTERED, Scores.indexOf(s), s.scale(), false);
  }

  /** Every column name, for error messages and docs. */
  public static Iterable<String> names() {
    List<String> all = new ArrayList<>(ALL.keySet());
    Scores.REGISTERED.forEach(s -> all.add(s.name()));
    return all;
  }

  /** The registered score this column reads, or null for any other column. */
  public Score score() {
    return source == Source.REGISTERED ? Scores.REGISTERED.get(index) : null;
  }

  /** Whether values are 0/1 (a condition or register flag): such a column may stand alone as a test. */
  public boolean isFlag() {
    return source == Source.CONDITION || source == Source.FLAG;
  }

  /**
   * A constant written in an expression, in this column's stored units; symbolic values are allowed
   * for {@code sex} (M, F, U) and {@code efi_category} (fit, mild, moderate, severe). Returns null when
   * the value does not fit the column (too many decimals, unknown symbol).
   */
  Long constant(String text, boolean quoted) {
    if (quoted || !Character.isDigit(text.charAt(0)) && text.charAt(0) != '-' && text.charAt(0) != '.') {
      String t = text.toLowerCase(Locale.ROOT);
      if (source == Source.SEX) {
        return switch (t) {
          case "m", "male" -> 1L;
          case "f", "female" -> 2L;
          case "u", "unknown" -> 0L;
          default -> null;
        };
      }
      if (source == Source.REGISTERED) {
        return score().symbols().get(t);
      }
      if (source == Source.EFI_CATEGORY) {
        return switch (t) {
          case "fit" -> 0L;
          case "mild" -> 1L;
          case "moderate" -> 2L;
          case "severe" -> 3L;
          default -> null;
        };
      }
      return null;
    }
    try {
      BigDecimal v = new BigDecimal(text).multiply(BigDecimal.valueOf(scale));
      return v.stripTrailingZeros().scale() > 0 ? null : v.longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }
}
