package org.strata.events;

import java.util.Arrays;

/** A growable array of longs: (patient, code) pairs for a distinct count, sorted once at the end. */
final class LongList {
  private long[] values = new long[1 << 12];
  private int size;

  void add(long v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  int size() {
    return size;
  }

  /** Sorts the pairs and counts, for each high half (a patient ordinal below {@code n}), its distinct low halves. */
  int[] distinctPerHigh(int n) {
    Arrays.parallelSort(values, 0, size);
    int[] counts = new int[n];
    for (int i = 0; i < size; i++) {
      if (i == 0 || values[i] != values[i - 1]) {
        counts[(int) (values[i] >>> 32)]++;
      }
    }
    return counts;
  }
}
