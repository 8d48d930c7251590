/**
 * The input contract (docs/INPUT.md) at the edge: CSV records read byte by byte with line recovery
 * ({@link org.strata.ingest.CsvRecordReader}), validated row by row into primitive column arrays
 * ({@link org.strata.ingest.PatientRowParser} → {@link org.strata.ingest.PatientBatch}) or a
 * {@link org.strata.ingest.Rejection} with a reason code, on a reading thread of its own
 * ({@link org.strata.ingest.PatientBatchReader}). Hands batches to the store; imports nothing of ours.
 */
package org.strata.ingest;
