package org.strata.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Calibration's bisection, whose steps the machine's exponential may settle, against bisecting with StrictMath alone. */
class CalibrationTest {
  /** The plain reference: every step decided by the StrictMath mean, as calibration did before the fast path. */
  private static double strictOnly(double[] score, boolean[] included, double target) {
    double lo = -40;
    double hi = 40;
    for (int iteration = 0; iteration < 45; iteration++) {
      double mid = (lo + hi) / 2;
      double sum = 0;
      long n = 0;
      for (int i = 0; i < score.length; i++) {
        if (included == null || included[i]) {
          sum += 1.0 / (1.0 + StrictMath.exp(-(mid + score[i])));
          n++;
        }
      }
      if (sum / n < target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  @Test
  void anInterceptOnASampleIsBitForBitTheStrictBisections() {
    for (long seed = 1; seed <= 40; seed++) {
      SplittableRandom rng = new SplittableRandom(seed);
      int n = 1 + rng.nextInt(seed % 4 == 0 ? 200_000 : 3_000);
      double spread = 0.1 + rng.nextDouble() * 8;
      double[] score = new double[n];
      boolean[] included = seed % 3 == 0 ? new boolean[n] : null;
      for (int i = 0; i < n; i++) {
        score[i] = (rng.nextDouble() - 0.5) * spread + (rng.nextDouble() < 0.01 ? 30 * rng.nextDouble() : 0);
        if (included != null) {
          included[i] = i == 0 || rng.nextDouble() < 0.7;
        }
      }
      // targets across the range prevalences take: rare registers to common ones
      double target = StrictMath.pow(10, -4 + 3.9 * rng.nextDouble());
      assertEquals(Double.doubleToLongBits(strictOnly(score, included, target)),
          Double.doubleToLongBits(Calibration.interceptOnSample(score, included, target)),
          "seed " + seed + ", " + n + " scores, target " + target);
    }
  }

  @Test
  void aTargetOnTheStrictMeanItselfIsDecidedTheStrictWay() {
    // a target equal to a step's strict mean is where a rounding difference would show: the strict mean decides it
    double[] score = new double[5_000];
    SplittableRandom rng = new SplittableRandom(7);
    for (int i = 0; i < score.length; i++) {
      score[i] = rng.nextDouble() * 4 - 6;
    }
    double sum = 0;
    for (double s : score) {
      sum += 1.0 / (1.0 + StrictMath.exp(-(0.0 + s)));
    }
    double target = sum / score.length; // the strict mean at the first step, mid = 0
    assertEquals(Double.doubleToLongBits(strictOnly(score, null, target)),
        Double.doubleToLongBits(Calibration.interceptOnSample(score, null, target)));
  }
}
