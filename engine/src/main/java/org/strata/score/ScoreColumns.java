package org.strata.score;

/**
 * The scores of a batch (or of a whole store, from {@link Scorer#scoreAll}), one primitive array per score,
 * row {@code i} matching row {@code i} of the {@link ScoreBatch}. The arrays are live, not copies.
 *
 * <table>
 * <caption>Score columns</caption>
 * <tr><th>array</th><th>type</th><th>meaning</th></tr>
 * <tr><td>{@link #efiCategory()}</td><td>byte</td><td>0 fit, 1 mild, 2 moderate, 3 severe ({@link
 *     FrailtyKernel})</td></tr>
 * <tr><td>{@link #ltcCount()}</td><td>byte</td><td>how many of the 20 Cambridge conditions, 0–20</td></tr>
 * <tr><td>{@link #cmsX100()}</td><td>int</td><td>Cambridge Multimorbidity Score × 100, exact</td></tr>
 * <tr><td>{@link #riskPredictorMicro()}</td><td>int</td><td>linear predictor of the admission model in
 *     millionths of a logit; rank on this</td></tr>
 * <tr><td>{@link #riskX1e6()}</td><td>int</td><td>probability of an emergency admission in the next 12
 *     months, in millionths; sum for expected admissions</td></tr>
 * </table>
 *
 * <p>and one int array per registered score a run uses ({@link #registered}).
 *
 * <pre>{@code
 * ScoreColumns out = new ScoreColumns(store.maxBatchRows());
 * scorer.score(in, out);
 * long expectedAdmissionsX1e6 = 0;
 * for (int i = 0; i < out.rowCount(); i++) expectedAdmissionsX1e6 += out.riskX1e6()[i];
 * }</pre>
 */
public final class ScoreColumns {
  private final byte[] efiCategory;
  private final byte[] ltcCount;
  private final int[] cmsX100;
  private final int[] riskPredictorMicro;
  private final int[] riskX1e6;
  private final int[][] registered = new int[Scores.REGISTERED.size()][];
  private int rowCount;

  /** Empty arrays for up to {@code capacity} rows. */
  public ScoreColumns(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative: " + capacity);
    }
    efiCategory = new byte[capacity];
    ltcCount = new byte[capacity];
    cmsX100 = new int[capacity];
    riskPredictorMicro = new int[capacity];
    riskX1e6 = new int[capacity];
  }

  public int capacity() {
    return efiCategory.length;
  }

  /** Rows holding scores. */
  public int rowCount() {
    return rowCount;
  }

  /** Sets the rows holding scores ({@link Scorer} does this). */
  public ScoreColumns rowCount(int rows) {
    if (rows < 0 || rows > capacity()) {
      throw new IllegalArgumentException("row count must be in 0.." + capacity() + ": " + rows);
    }
    rowCount = rows;
    return this;
  }

  /** Copies rows {@code 0..src.rowCount()} of {@code src} to rows {@code at..} of this. */
  void copyFrom(ScoreColumns src, int at) {
    final int n = src.rowCount;
    System.arraycopy(src.efiCategory, 0, efiCategory, at, n);
    System.arraycopy(src.ltcCount, 0, ltcCount, at, n);
    System.arraycopy(src.cmsX100, 0, cmsX100, at, n);
    System.arraycopy(src.riskPredictorMicro, 0, riskPredictorMicro, at, n);
    System.arraycopy(src.riskX1e6, 0, riskX1e6, at, n);
  }

  public byte[] efiCategory() {
    return efiCategory;
  }

  public byte[] ltcCount() {
    return ltcCount;
  }

  public int[] cmsX100() {
    return cmsX100;
  }

  public int[] riskPredictorMicro() {
    return riskPredictorMicro;
  }

  public int[] riskX1e6() {
    return riskX1e6;
  }

  /** The values of registered score {@code k} ({@link Scores#indexOf}), allocated on first use. */
  public int[] registered(int k) {
    if (registered[k] == null) {
      registered[k] = new int[capacity()];
    }
    return registered[k];
  }
}
