package org.strata.score;

import org.strata.format.Conditions;

/**
 * Cambridge Multimorbidity Score (general weights) and long-term-condition count from the 20-bit condition
 * mask.
 *
 * <p>LTC count = {@code Integer.bitCount} of the mask (one POPCNT). CMS × 100 = the sum of the integer
 * weights of the set bits, found with two 1,024-entry tables (the weight sums of every subset of conditions
 * 0–9 and of 10–19; 8 KiB, L1-resident): two loads and an add per row, whatever the number of conditions.
 * Integer sums are exact, so any order of summation gives the same value.
 *
 * <pre>{@code
 * MultimorbidityKernel k = new MultimorbidityKernel(CambridgeWeights.general());
 * k.score(batch, out);                      // out.cmsX100(), out.ltcCount()
 * }</pre>
 */
public final class MultimorbidityKernel {
  /** Bits of the mask that hold conditions. */
  public static final int CONDITION_MASK = (1 << Conditions.COUNT) - 1;

  private static final int HALF_BITS = Conditions.COUNT / 2;
  private static final int HALF_MASK = (1 << HALF_BITS) - 1;

  private final int[] lowX100 = new int[1 << HALF_BITS];
  private final int[] highX100 = new int[1 << HALF_BITS];

  public MultimorbidityKernel(CambridgeWeights weights) {
    for (int m = 0; m <= HALF_MASK; m++) {
      int lo = 0;
      int hi = 0;
      for (int c = 0; c < HALF_BITS; c++) {
        if ((m >>> c & 1) != 0) {
          lo += weights.weightX100(c);
          hi += weights.weightX100(HALF_BITS + c);
        }
      }
      lowX100[m] = lo;
      highX100[m] = hi;
    }
  }

  /** Writes {@code out.cmsX100()} and {@code out.ltcCount()} for the batch's rows. */
  public void score(ScoreBatch in, ScoreColumns out) {
    final int rows = in.rowCount();
    if (out.capacity() < rows) {
      throw new IllegalArgumentException("output capacity " + out.capacity() + " < " + rows + " rows");
    }
    score(in.conditions(), rows, out.cmsX100(), out.ltcCount());
  }

  /** Arrays in, arrays out: CMS × 100 and LTC count of {@code rows} masks. Bits above 19 are ignored. */
  public void score(int[] conditions, int rows, int[] cmsX100, byte[] ltcCount) {
    final int[] lo = lowX100;
    final int[] hi = highX100;
    for (int i = 0; i < rows; i++) {
      final int m = conditions[i];
      cmsX100[i] = lo[m & HALF_MASK] + hi[(m >>> HALF_BITS) & HALF_MASK];
      ltcCount[i] = (byte) Integer.bitCount(m & CONDITION_MASK);
    }
  }

  /** CMS × 100 of one mask. */
  public int cmsX100(int conditions) {
    return lowX100[conditions & HALF_MASK] + highX100[(conditions >>> HALF_BITS) & HALF_MASK];
  }
}
