package org.strata.rollup;

/**
 * Indirectly standardised ratios of observed to expected events, with Byar's approximation to the exact Poisson
 * interval, and the control limits of a funnel plot of proportions (docs/OUTPUTS.md, "The report").
 *
 * <p>Byar: lower = O (1 − 1/(9O) − z/(3√O))³ / E, upper = (O+1) (1 − 1/(9(O+1)) + z/(3√(O+1)))³ / E, lower 0
 * when O = 0 (Breslow and Day, 1987, as used by Public Health England's fingertips tools).
 */
public final class IndirectStandardisation {
  /** z of a two-sided 95% interval. */
  public static final double Z95 = 1.959963984540054;
  /** z of a two-sided 99.8% interval. */
  public static final double Z998 = 3.090232306167813;

  private IndirectStandardisation() {}

  /** A ratio and its intervals; NaN when nothing was expected. */
  public record Ratio(long observed, double expected, double ratio, double lower95, double upper95,
      double lower998, double upper998) {}

  /** The standardised ratio of {@code observed} events against {@code expected}. */
  public static Ratio of(long observed, double expected) {
    if (!(expected > 0)) {
      return new Ratio(observed, expected, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Ratio(observed, expected, observed / expected, lower(observed, Z95) / expected,
        upper(observed, Z95) / expected, lower(observed, Z998) / expected, upper(observed, Z998) / expected);
  }

  static double lower(long o, double z) {
    if (o == 0) {
      return 0;
    }
    double c = 1 - 1 / (9.0 * o) - z / (3 * Math.sqrt(o));
    return o * c * c * c;
  }

  static double upper(long o, double z) {
    double n = o + 1;
    double c = 1 - 1 / (9 * n) + z / (3 * Math.sqrt(n));
    return n * c * c * c;
  }

  /** A funnel plot's control limit for a proportion {@code p0} at size {@code n}: p0 ± z √(p0(1−p0)/n), in 0..1. */
  public static double funnelLimit(double p0, long n, double z) {
    double l = p0 + z * Math.sqrt(p0 * (1 - p0) / n);
    return Math.max(0, Math.min(1, l));
  }
}
