package org.strata.ingest;

import java.util.ArrayList;
import java.util.List;
import org.strata.format.IdKind;
import org.strata.format.PatientBatch;

/**
 * One span of the input as the parsing thread hands it over: the rows that passed validation as
 * {@link PatientBatch} columns, the rows that did not as {@link Rejection}s in line order, and whether the
 * span ends the file. Reused span after span; {@link #clear()} empties it.
 */
public final class ParsedBatch {
  private final PatientBatch columns;
  private final ArrayList<Rejection> rejections = new ArrayList<>();
  private boolean last;

  public ParsedBatch(int capacity, IdKind idKind) {
    this.columns = new PatientBatch(capacity, idKind);
  }

  /** The validated rows. */
  public PatientBatch columns() {
    return columns;
  }

  /** The rejected rows read while this batch was filled, in line order. */
  public List<Rejection> rejections() {
    return rejections;
  }

  void reject(Rejection r) {
    rejections.add(r);
  }

  void markLast() {
    last = true;
  }

  /** Whether this is the last batch of its file. */
  public boolean isLast() {
    return last;
  }

  /** Rows and rejections together: what bounds a batch's memory. */
  int records() {
    return columns.rowCount() + rejections.size();
  }

  /** Empties the batch for reuse: no rows, no rejections, not last. */
  public void clear() {
    columns.clear();
    rejections.clear();
    last = false;
  }
}
