package org.strata.ingest;

import java.nio.file.Path;
import java.time.LocalDate;
import org.strata.format.IdKind;

/**
 * What to ingest and how strictly.
 *
 * <pre>{@code
 * IngestResult r = Ingest.run(new IngestRequest(patients, practices, storeDir,
 *     IdKind.NHS_NUMBER, null, IngestRequest.DEFAULT_MAX_REJECT_RATE, IngestRequest.DEFAULT_BATCH_ROWS));
 * }</pre>
 *
 * @param referenceDate date at which ages are computed from {@code date_of_birth}; null = not given
 * @param maxRejectRate fail when rejected rows / rows read exceeds this (0–1)
 * @param batchRows rows per Arrow record batch (each is mapped on its own when read)
 * @param strictColumns fail on a header column Strata does not know, instead of ignoring it with a warning
 * @param derived columns derived from event files and appended to every patient record, or null (a flat extract)
 */
public record IngestRequest(
    Path patients,
    Path practices,
    Path store,
    IdKind idKind,
    LocalDate referenceDate,
    double maxRejectRate,
    int batchRows,
    boolean strictColumns,
    DerivedColumns derived) {
  public static final double DEFAULT_MAX_REJECT_RATE = 0.01;
  /** 1M rows: a record batch of ~40 MB, a few dozen mappings for a national store. */
  public static final int DEFAULT_BATCH_ROWS = 1 << 20;

  public IngestRequest {
    if (patients == null || practices == null || store == null || idKind == null) {
      throw new IllegalArgumentException("patients, practices, store and idKind are required");
    }
    if (!(maxRejectRate >= 0 && maxRejectRate <= 1)) {
      throw new IllegalArgumentException("max reject rate must be in 0..1: " + maxRejectRate);
    }
    if (batchRows < 1) {
      throw new IllegalArgumentException("batch rows must be positive: " + batchRows);
    }
  }

  /** A flat extract: every column is in the patients file. */
  public IngestRequest(Path patients, Path practices, Path store, IdKind idKind, LocalDate referenceDate,
      double maxRejectRate, int batchRows, boolean strictColumns) {
    this(patients, practices, store, idKind, referenceDate, maxRejectRate, batchRows, strictColumns, null);
  }

  /** A request that ignores unknown columns with a warning. */
  public IngestRequest(Path patients, Path practices, Path store, IdKind idKind, LocalDate referenceDate,
      double maxRejectRate, int batchRows) {
    this(patients, practices, store, idKind, referenceDate, maxRejectRate, batchRows, false, null);
  }
}
