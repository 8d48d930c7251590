package org.strata.level;

import java.math.BigDecimal;

/**
 * One rule of a policy: a patient matching it qualifies for {@link #level()}. Three kinds:
 * a condition over columns and scores; a top-percent cut on admission risk among the eligible of a
 * scope; and a practice floor (at least a share of each practice's adults at this level).
 *
 * @param index position in priority order (level 1 rules first, in file order); the reason bit
 * @param percent for cuts and floors, the share in percent (e.g. 2 or 2.5)
 * @param line the policy file line the rule starts on
 */
public record Rule(
    int index, int level, String name, Kind kind, String condition, BigDecimal percent, Scope scope,
    Eligible eligible, int line) {

  /** What kind of rule. */
  public enum Kind { CONDITION, TOP_PERCENT, PRACTICE_FLOOR }

  /** Over whom a top-percent cut is counted. */
  public enum Scope { FOOTPRINT, HUB, PRACTICE }

  /** Who can be selected by a cut or floor. */
  public enum Eligible {
    /** age ≥ 18 */
    ADULTS,
    EVERYONE
  }

  /** How many of {@code eligible} people a share of {@link #percent} selects: ceil(percent × n / 100), exactly. */
  public long selectCount(long eligibleCount) {
    BigDecimal k = percent.multiply(BigDecimal.valueOf(eligibleCount)).divide(BigDecimal.valueOf(100));
    return k.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
  }

  /** A short description for reports: the condition, or the cut. */
  public String describe() {
    return switch (kind) {
      case CONDITION -> condition;
      case TOP_PERCENT -> "admission risk in the top " + percent.toPlainString() + "% of "
          + eligible.name().toLowerCase(java.util.Locale.ROOT) + " of the " + scope.name().toLowerCase(java.util.Locale.ROOT);
      case PRACTICE_FLOOR -> "at least " + percent.toPlainString() + "% of each practice's "
          + eligible.name().toLowerCase(java.util.Locale.ROOT) + " (highest risk promoted)";
    };
  }
}
