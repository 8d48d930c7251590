package org.strata.level;

import java.util.Arrays;

/** A growable list of row numbers, for the few rows a pass sets aside (tie groups, floor candidates). */
final class RowList {
  private int[] rows = new int[16];
  private int size;

  void add(int row) {
    if (size == rows.length) {
      rows = Arrays.copyOf(rows, size * 2);
    }
    rows[size++] = row;
  }

  int size() {
    return size;
  }

  int get(int i) {
    return rows[i];
  }

  /** The rows of every list, in list order. */
  static int[] concat(RowList[] lists) {
    int n = 0;
    for (RowList l : lists) {
      n += l.size;
    }
    int[] out = new int[n];
    int at = 0;
    for (RowList l : lists) {
      System.arraycopy(l.rows, 0, out, at, l.size);
      at += l.size;
    }
    return out;
  }
}
