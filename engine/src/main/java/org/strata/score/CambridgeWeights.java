package org.strata.score;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.strata.format.Conditions;

/**
 * The general-outcome weights of the Cambridge Multimorbidity Score, in fixed-point hundredths.
 *
 * <p>Source: Payne RA, Mendonca SC, Elliott MN, et al. Development and validation of the Cambridge
 * Multimorbidity Score. CMAJ 2020;192:E107–14 (general outcome weights: death, primary-care consultations
 * and unplanned admissions combined). The table is the {@code datasets} module's reference file
 * {@value #RESOURCE} ({@code condition,general_weight,mortality_weight}); its SHA-256 is {@link
 * #fingerprint()}, for run manifests, and {@link #VERSION} names the table's version.
 *
 * <pre>{@code
 * CambridgeWeights w = CambridgeWeights.general();       // loaded and validated once
 * int dementiaX100 = w.weightX100(Conditions.bitOf("dementia"));   // 250 = 2.50
 * }</pre>
 *
 * <p>Loading checks that the 20 rows name {@link Conditions#NAMES} in bit order (a reordered or renamed
 * table would silently weight the wrong condition) and that every weight has at most two decimals and lies
 * in ±{@value #MAX_ABS_WEIGHT}, so that {@code cmsX100} is an exact integer.
 */
public final class CambridgeWeights {
  /** Classpath location of the weight table (shipped in the datasets jar). */
  public static final String RESOURCE = "/org/strata/datasets/reference/cambridge_multimorbidity_weights.csv";
  /** The citation of the weights. */
  public static final String SOURCE =
      "Payne RA et al. Development and validation of the Cambridge Multimorbidity Score. "
          + "CMAJ 2020;192:E107-14 (general outcome weights)";
  /** Version of the table as Strata uses it: the 2020 publication, general outcome column. */
  public static final String VERSION = "payne2020-general";
  /** Largest accepted |weight| (the published general weights are at most 2.50). */
  public static final int MAX_ABS_WEIGHT = 10;

  private static final String HEADER = "condition,general_weight,mortality_weight";

  private final int[] weightsX100;
  private final String fingerprint;

  private CambridgeWeights(int[] weightsX100, String fingerprint) {
    this.weightsX100 = weightsX100;
    this.fingerprint = fingerprint;
  }

  /** The published general-outcome weights, loaded from {@link #RESOURCE} on first use. */
  public static CambridgeWeights general() {
    return Holder.GENERAL;
  }

  private static final class Holder {
    static final CambridgeWeights GENERAL = load();

    private static CambridgeWeights load() {
      try (InputStream in = CambridgeWeights.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the class path (strata-datasets jar)");
        }
        return parse(RESOURCE, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
    }
  }

  /**
   * Parses a weight table. Package-private: tests feed it broken tables.
   *
   * @throws IllegalArgumentException naming the table, line, expected and found value
   */
  static CambridgeWeights parse(String name, byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    String[] lines = text.split("\r?\n", -1);
    int last = lines.length;
    while (last > 0 && lines[last - 1].isBlank()) {
      last--; // trailing blank lines
    }
    if (last == 0 || !lines[0].strip().equals(HEADER)) {
      throw new IllegalArgumentException(
          name + " line 1: expected header '" + HEADER + "', found '" + (last == 0 ? "" : lines[0].strip()) + "'");
    }
    if (last - 1 != Conditions.COUNT) {
      throw new IllegalArgumentException(
          name + ": expected " + Conditions.COUNT + " conditions, found " + (last - 1));
    }
    int[] w = new int[Conditions.COUNT];
    for (int c = 0; c < Conditions.COUNT; c++) {
      int lineNo = c + 2;
      String[] f = lines[c + 1].split(",", -1);
      if (f.length != 3) {
        throw new IllegalArgumentException(name + " line " + lineNo + ": expected 3 fields, found " + f.length);
      }
      String condition = f[0].strip();
      String expected = Conditions.NAMES.get(c);
      if (!condition.equals(expected)) {
        throw new IllegalArgumentException(name + " line " + lineNo + ": expected condition '" + expected
            + "', found '" + condition + "' (rows must follow Conditions.NAMES, the bit order of the store)");
      }
      w[c] = weightX100(name, lineNo, condition, f[1].strip());
    }
    return new CambridgeWeights(w, sha256(bytes));
  }

  private static int weightX100(String name, int lineNo, String condition, String value) {
    BigDecimal d;
    try {
      d = new BigDecimal(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " line " + lineNo + ": general_weight of " + condition + " is not a number: '" + value + "'");
    }
    if (d.abs().compareTo(BigDecimal.valueOf(MAX_ABS_WEIGHT)) > 0) {
      throw new IllegalArgumentException(name + " line " + lineNo + ": general_weight of " + condition
          + " must lie in -" + MAX_ABS_WEIGHT + ".." + MAX_ABS_WEIGHT + ": " + value);
    }
    try {
      return d.movePointRight(2).intValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(name + " line " + lineNo + ": general_weight of " + condition
          + " must have at most 2 decimals (the CMS is kept in exact hundredths): " + value);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** Weight of condition {@code bit} ({@link Conditions#NAMES} order) in hundredths: 2.50 → 250. */
  public int weightX100(int bit) {
    return weightsX100[bit];
  }

  /** All 20 weights in hundredths, bit order (a copy). */
  public int[] weightsX100() {
    return weightsX100.clone();
  }

  /** Largest possible {@code cmsX100}: the sum of the positive weights. */
  public int maxCmsX100() {
    int s = 0;
    for (int w : weightsX100) {
      s += Math.max(w, 0);
    }
    return s;
  }

  /** Smallest possible {@code cmsX100}: the sum of the negative weights (0 for the general weights). */
  public int minCmsX100() {
    int s = 0;
    for (int w : weightsX100) {
      s += Math.min(w, 0);
    }
    return s;
  }

  /** SHA-256 (hex) of the table's bytes, for a run manifest. */
  public String fingerprint() {
    return fingerprint;
  }
}
