package org.strata.level;

/**
 * Who counts as rising risk: a patient not in level 1 whose risk percentile rose by at least {@code minRise}
 * points between the earliest and the latest of their last {@code runs} runs. Case finding for level 2
 * ("risk stratification, supported by trigger tools and case finding") looks for exactly these people:
 * not yet high need, getting there. A policy sets it in a {@code rising_risk:} block.
 *
 * @param minRise percentile points (0–100)
 * @param runs how many of a results directory's runs, tonight's included, the rise is measured over (2 or more)
 */
public record RisingRisk(double minRise, int runs) {
  /** 20 points over the last 3 runs. */
  public static final RisingRisk DEFAULT = new RisingRisk(20, 3);

  public RisingRisk {
    if (!(minRise > 0 && minRise <= 100)) {
      throw new IllegalArgumentException("rising_risk: min_rise must be above 0 and at most 100, was " + minRise);
    }
    if (runs < 2) {
      throw new IllegalArgumentException("rising_risk: runs must be at least 2, was " + runs);
    }
  }
}
