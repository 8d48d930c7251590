package org.strata.score;

import java.util.List;

/**
 * Electronic Frailty Index category from the deficit count (Clegg A et al., Age Ageing 2016;45:353–60):
 * eFI = deficits / 36; fit 0–4, mild 5–8, moderate 9–12, severe 13–36 deficits.
 *
 * <p>The category compares integer counts, never the fraction: 13/36 = 0.3611 is severe, but rounded to two
 * decimals first (0.36) it would fail a "&gt; 0.36" test and be called moderate
 * ({@code efi_count_to_category.csv}). The category is computed at every age; the eFI is validated for
 * 65–95, so rules should pair it with an age condition.
 *
 * <pre>{@code
 * FrailtyKernel.score(batch, out);                   // out.efiCategory()[i] = 0..3
 * FrailtyKernel.category(13) == FrailtyKernel.SEVERE
 * }</pre>
 */
public final class FrailtyKernel {
  /** Deficits in the index. */
  public static final int DEFICITS = 36;
  public static final byte FIT = 0;
  public static final byte MILD = 1;
  public static final byte MODERATE = 2;
  public static final byte SEVERE = 3;
  /** Smallest deficit count of each category above fit. */
  public static final int MILD_FROM = 5;
  public static final int MODERATE_FROM = 9;
  public static final int SEVERE_FROM = 13;
  /** Category names by code. */
  public static final List<String> CATEGORY_NAMES = List.of("fit", "mild", "moderate", "severe");

  private FrailtyKernel() {}

  /** Writes {@code out.efiCategory()} for the batch's rows. */
  public static void score(ScoreBatch in, ScoreColumns out) {
    final int rows = in.rowCount();
    if (out.capacity() < rows) {
      throw new IllegalArgumentException("output capacity " + out.capacity() + " < " + rows + " rows");
    }
    categorise(in.efiDeficits(), rows, out.efiCategory());
  }

  /**
   * Category = how many thresholds the count reaches: three compares summed, no data-dependent branch
   * (frailty is unpredictable row to row, so an if-else chain mispredicts; see ScoreKernelBenchmark).
   */
  public static void categorise(byte[] deficits, int rows, byte[] categories) {
    for (int i = 0; i < rows; i++) {
      final int d = deficits[i];
      categories[i] = (byte) ((d >= MILD_FROM ? 1 : 0) + (d >= MODERATE_FROM ? 1 : 0) + (d >= SEVERE_FROM ? 1 : 0));
    }
  }

  /** The category of one deficit count. */
  public static byte category(int deficits) {
    return (byte) ((deficits >= MILD_FROM ? 1 : 0) + (deficits >= MODERATE_FROM ? 1 : 0)
        + (deficits >= SEVERE_FROM ? 1 : 0));
  }

  /** The eFI itself, deficits / 36, for display (decide categories with {@link #category}). */
  public static double efi(int deficits) {
    return deficits / (double) DEFICITS;
  }
}
