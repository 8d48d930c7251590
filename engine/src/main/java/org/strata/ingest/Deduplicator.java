package org.strata.ingest;

import org.strata.store.PatientIndex;

import java.io.IOException;
import java.util.List;
import org.strata.format.IdKind;
import org.strata.format.NhsNumber;
import org.strata.format.PatientBatch;
import org.strata.ingest.QuarantineWriter;
import org.strata.ingest.RejectReason;
import org.strata.ingest.Rejection;

/**
 * Gives each patient of a batch its store row and history slot through the patient index, or rejects it as
 * a duplicate of
 * a row already stored (naming the kept line), compacting the batch so only stored rows remain. The
 * batch's own rejections and the duplicates are written to the quarantine merged in line order, so the
 * quarantine reads like the input whatever the batch size.
 */
final class Deduplicator {
  private final PatientIndex index;
  private final IdKind idKind;
  private int nextRow;

  Deduplicator(PatientIndex index, IdKind idKind) {
    this.index = index;
    this.idKind = idKind;
  }

  void apply(ParsedBatch parsed, QuarantineWriter quarantine) throws IOException {
    List<Rejection> earlier = parsed.rejections();
    PatientBatch b = parsed.columns();
    int r = 0;
    int kept = 0;
    final int n = b.rowCount();
    final boolean nhs = idKind == IdKind.NHS_NUMBER;
    for (int i = 0; i < n; i++) {
      int line = b.sourceLine[i];
      int slot;
      try {
        slot = nhs ? index.admit(b.nhsNumber[i], nextRow, line) : index.admit(b.pseudonym[i], nextRow, line);
      } catch (IllegalStateException e) { // Chronicle Map full: the row estimate was far too low
        throw new IOException("the patient index is full after " + nextRow
            + " patients (its size is estimated from the file before reading); please report this", e);
      }
      if (slot >= 0) {
        b.historySlot[i] = slot;
        if (kept != i) {
          b.moveRow(i, kept);
        }
        kept++;
        nextRow++;
        continue;
      }
      while (r < earlier.size() && earlier.get(r).line() < line) {
        quarantine.write(earlier.get(r++));
      }
      int keptLine = nhs ? index.sourceLineOf(b.nhsNumber[i]) : index.sourceLineOf(b.pseudonym[i]);
      String masked = nhs ? NhsNumber.mask(Long.toString(b.nhsNumber[i])) : NhsNumber.mask(b.pseudonym[i]);
      quarantine.write(new Rejection(line, "patient_id", masked, RejectReason.DUPLICATE_PATIENT_ID, "kept_line=" + keptLine));
    }
    while (r < earlier.size()) {
      quarantine.write(earlier.get(r++));
    }
    b.truncate(kept);
  }
}
