package org.strata.events;

import java.util.Arrays;

/**
 * An open-addressing map from long keys to non-negative ints: a SNOMED CT concept id or an NHS number to a
 * dense index. The event loop looks up two keys per row (the patient and the code), a hundred million times
 * per extract; a boxed {@code HashMap<Long, Integer>} allocates on every look-up. Linear probing over a
 * power-of-two table kept at most half full; {@link Long#MIN_VALUE} marks an empty slot and cannot be a key.
 */
final class LongIntMap {
  static final int ABSENT = -1;
  private static final long EMPTY = Long.MIN_VALUE;
  private long[] keys;
  private int[] values;
  private int size;
  private int mask;

  LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
    keys = new long[cap];
    Arrays.fill(keys, EMPTY);
    values = new int[cap];
    mask = cap - 1;
  }

  /** The value of {@code key}, or {@link #ABSENT}. */
  int get(long key) {
    int i = slot(key);
    while (true) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == EMPTY) {
        return ABSENT;
      }
      i = (i + 1) & mask;
    }
  }

  /** Puts {@code key → value} unless the key is present; returns the value now held. */
  int putIfAbsent(long key, int value) {
    if (key == EMPTY) {
      throw new IllegalArgumentException("Long.MIN_VALUE cannot be a key");
    }
    int i = slot(key);
    while (true) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == EMPTY) {
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > keys.length) {
          grow();
        }
        return value;
      }
      i = (i + 1) & mask;
    }
  }

  /** Adds {@code delta} to the key's value (0 when absent). */
  void add(long key, int delta) {
    int i = slot(key);
    while (true) {
      long k = keys[i];
      if (k == key) {
        values[i] += delta;
        return;
      }
      if (k == EMPTY) {
        putIfAbsent(key, delta);
        return;
      }
      i = (i + 1) & mask;
    }
  }

  int size() {
    return size;
  }

  /** Calls {@code action} for every entry, in table order. */
  void forEach(Entry action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != EMPTY) {
        action.accept(keys[i], values[i]);
      }
    }
  }

  interface Entry {
    void accept(long key, int value);
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L; // Fibonacci hashing: NHS numbers and concept ids share low digits
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    values = new int[keys.length];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        putIfAbsent(oldKeys[i], oldValues[i]);
      }
    }
  }
}
