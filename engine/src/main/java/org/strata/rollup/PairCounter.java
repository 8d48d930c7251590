package org.strata.rollup;

import java.util.Arrays;

/**
 * Counts per non-negative {@code long} key in an open-addressing table of primitive arrays (linear probing,
 * at most half full): no boxing, one probe sequence per addition. Used where a dense array of every
 * possible key would be too big, e.g. (LSOA, hub) pairs at national scale.
 */
final class PairCounter {
  private static final long EMPTY = -1L;

  private long[] keys;
  private int[] counts;
  private int size;
  private int mask;

  PairCounter(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[cap];
    Arrays.fill(keys, EMPTY);
    counts = new int[cap];
    mask = cap - 1;
  }

  /** Adds {@code count} to {@code key}'s count. */
  void add(long key, int count) {
    assert key >= 0 : key;
    int i = slot(key, mask);
    final long[] k = keys;
    while (true) {
      final long at = k[i];
      if (at == key) {
        counts[i] += count;
        return;
      }
      if (at == EMPTY) {
        k[i] = key;
        counts[i] = count;
        if (++size * 2 > k.length) {
          grow();
        }
        return;
      }
      i = (i + 1) & mask;
    }
  }

  int size() {
    return size;
  }

  /** Slots of the table, some empty ({@link #keyAt} &lt; 0). */
  int capacity() {
    return keys.length;
  }

  long keyAt(int slot) {
    return keys[slot];
  }

  int countAt(int slot) {
    return counts[slot];
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldCounts = counts;
    int cap = oldKeys.length * 2;
    keys = new long[cap];
    Arrays.fill(keys, EMPTY);
    counts = new int[cap];
    mask = cap - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      long key = oldKeys[j];
      if (key != EMPTY) {
        int i = slot(key, mask);
        while (keys[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        keys[i] = key;
        counts[i] = oldCounts[j];
      }
    }
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L; // Fibonacci hashing: spreads consecutive keys
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
