package org.strata.history;

import org.strata.format.PatientColumn;
import org.strata.store.Store;

/**
 * Each store row's history slot, as the ingest's patient index gave it (the generation's {@link
 * PatientColumn#HISTORY_SLOT} column), read a run of rows at a time from the mapped store rather than held in an
 * array of its own: at 63M patients that array was 252 MB of heap, touched for the first time every run. Every slot
 * read is checked against the slots the index gave out.
 */
final class RowSlots {
  /** Rows read at a time by a pass over them: 256 KB of slots. */
  static final int CHUNK = 1 << 16;

  private final Store store;
  private final int slots;

  RowSlots(Store store, int slots) {
    this.store = store;
    this.slots = slots;
  }

  /** The store's rows. */
  int rows() {
    return Math.toIntExact(store.rowCount());
  }

  /** The slots of rows {@code from} to {@code from + count - 1}, into {@code dst[0..count)}. */
  void read(int from, int count, int[] dst) {
    walk(store, from, count, (b, inBatch, done, n) -> store.readInts(PatientColumn.HISTORY_SLOT, b, inBatch, dst, done,
        n));
    for (int i = 0; i < count; i++) {
      if (dst[i] < 0 || dst[i] >= slots) {
        throw new IllegalStateException(store.directory() + ": row " + (from + i) + " has history slot " + dst[i]
            + ", outside the " + slots + " its patient index gave out");
      }
    }
  }

  /** Column {@code c} of rows {@code from} to {@code from + count - 1}, into {@code dst[0..count)}. */
  static void readShorts(Store store, PatientColumn c, int from, int count, short[] dst) {
    walk(store, from, count, (b, inBatch, done, n) -> store.readShorts(c, b, inBatch, dst, done, n));
  }

  /** Column {@code c} of rows {@code from} to {@code from + count - 1}, into {@code dst[0..count)}. */
  static void readInts(Store store, PatientColumn c, int from, int count, int[] dst) {
    walk(store, from, count, (b, inBatch, done, n) -> store.readInts(c, b, inBatch, dst, done, n));
  }

  /** A run of rows within one batch: {@code n} rows from {@code inBatch} of batch {@code b}, to {@code dst[done..]}. */
  private interface Piece {
    void read(int b, int inBatch, int done, int n);
  }

  private static void walk(Store store, int from, int count, Piece piece) {
    int done = 0;
    while (done < count) {
      int row = from + done;
      int b = store.batchOf(row);
      int inBatch = (int) (row - store.batchFirstRow(b));
      int n = Math.min(count - done, store.batchRows(b) - inBatch);
      piece.read(b, inBatch, done, n);
      done += n;
    }
  }
}
