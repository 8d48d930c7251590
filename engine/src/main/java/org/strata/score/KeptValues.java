package org.strata.score;

/**
 * One registered score's value for every patient of a footprint, kept once computed so that rules, rollups and
 * outputs read the same values without scoring again: a byte a patient when the score's range allows (one
 * 63M-patient footprint: 63 MB), else an int.
 */
public final class KeptValues {
  private final byte[] bytes;
  private final int[] ints;

  /** Room for {@code rows} patients' values of {@code score}. */
  public KeptValues(Score score, int rows) {
    boolean narrow = score.max() <= Byte.MAX_VALUE;
    bytes = narrow ? new byte[rows] : null;
    ints = narrow ? null : new int[rows];
  }

  /** Stores {@code src[0..rows)} as the values of rows {@code at..at + rows}. */
  public void put(int at, int[] src, int rows) {
    if (bytes != null) {
      for (int i = 0; i < rows; i++) {
        bytes[at + i] = (byte) src[i];
      }
    } else {
      System.arraycopy(src, 0, ints, at, rows);
    }
  }

  /** The values of rows {@code at..at + rows} into {@code dst[0..rows)}. */
  public void get(int at, int rows, int[] dst) {
    if (bytes != null) {
      for (int i = 0; i < rows; i++) {
        dst[i] = bytes[at + i];
      }
    } else {
      System.arraycopy(ints, at, dst, 0, rows);
    }
  }

  /** The value of one row. */
  public int get(int row) {
    return bytes != null ? bytes[row] : ints[row];
  }
}
