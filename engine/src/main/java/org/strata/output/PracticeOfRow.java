package org.strata.output;

import org.strata.format.PatientColumn;
import org.strata.store.Store;

/** A row's practice code (empty for the unregistered), for outputs that name a few patients. */
final class PracticeOfRow {
  private final Store store;
  private final short[] one = new short[1];

  PracticeOfRow(Store store) {
    this.store = store;
  }

  String code(int row) {
    int b = store.batchOf(row);
    store.readShorts(PatientColumn.PRACTICE, b, (int) (row - store.batchFirstRow(b)), one, 0, 1);
    return one[0] < 0 ? "" : store.practices().get(one[0]).code();
  }
}
