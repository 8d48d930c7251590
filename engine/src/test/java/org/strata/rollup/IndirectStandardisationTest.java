package org.strata.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Byar's interval against the exact Poisson limits (chi-squared quantiles, from published tables). */
class IndirectStandardisationTest {
  @Test
  void byarIsCloseToTheExactPoissonLimits() {
    // Exact 95% limits of a Poisson count: 10 -> 4.7954..18.3904; 100 -> 81.3625..121.6346; 0 -> 0..3.6889
    assertEquals(4.7954, IndirectStandardisation.lower(10, IndirectStandardisation.Z95), 0.01);
    assertEquals(18.3904, IndirectStandardisation.upper(10, IndirectStandardisation.Z95), 0.01);
    assertEquals(81.3625, IndirectStandardisation.lower(100, IndirectStandardisation.Z95), 0.01);
    assertEquals(121.6346, IndirectStandardisation.upper(100, IndirectStandardisation.Z95), 0.01);
    assertEquals(0, IndirectStandardisation.lower(0, IndirectStandardisation.Z95));
    assertEquals(3.6889, IndirectStandardisation.upper(0, IndirectStandardisation.Z95), 0.03);
    IndirectStandardisation.Ratio r = IndirectStandardisation.of(10, 5.0);
    assertEquals(2.0, r.ratio(), 1e-12);
    assertEquals(4.7954 / 5, r.lower95(), 0.002);
  }

  @Test
  void funnelLimitsNarrowWithListSizeAndStayWithinZeroAndOne() {
    double p0 = 0.02;
    assertEquals(p0 + 1.959963984540054 * Math.sqrt(p0 * 0.98 / 1000),
        IndirectStandardisation.funnelLimit(p0, 1000, IndirectStandardisation.Z95), 1e-12);
    assertEquals(0, IndirectStandardisation.funnelLimit(p0, 10, -IndirectStandardisation.Z998));
  }
}
