package org.strata.store;

import org.strata.ingest.IdKind;
import org.strata.ingest.NhsNumber;
import org.strata.ingest.PatientBatch;
import org.strata.ingest.RejectReason;
import org.strata.ingest.Rejection;

/**
 * Gives each newly parsed patient its store row through the patient index, or says it is a duplicate
 * of a row already stored (naming the kept line). Checked row by row as rows arrive, so the quarantine
 * stays in line order whatever the batch size.
 */
final class Deduplicator {
  private final PatientIndex index;
  private final IdKind idKind;

  Deduplicator(PatientIndex index, IdKind idKind) {
    this.index = index;
    this.idKind = idKind;
  }

  /**
   * Registers the batch's last row as store row {@code row}; returns null, or the duplicate's rejection
   * after removing the row from the batch.
   */
  Rejection register(PatientBatch b, int row) {
    int i = b.rowCount() - 1;
    int line = b.sourceLine[i];
    boolean nhs = idKind == IdKind.NHS_NUMBER;
    int existing = nhs
        ? index.putIfAbsent(b.nhsNumber[i], row, line)
        : index.putIfAbsent(b.pseudonym[i], row, line);
    if (existing < 0) {
      return null;
    }
    int keptLine = nhs ? index.sourceLineOf(b.nhsNumber[i]) : index.sourceLineOf(b.pseudonym[i]);
    String masked = nhs ? NhsNumber.mask(Long.toString(b.nhsNumber[i])) : NhsNumber.mask(b.pseudonym[i]);
    b.truncate(i);
    return new Rejection(line, "patient_id", masked, RejectReason.DUPLICATE_PATIENT_ID, "kept_line=" + keptLine);
  }
}
