/**
 * The ingest pipeline ({@link org.strata.ingest.Ingest}): CSV or Arrow records read byte by byte with line
 * recovery ({@link org.strata.ingest.CsvRecordReader}), validated row by row into column batches
 * ({@link org.strata.ingest.PatientRowParser}) or a {@link org.strata.ingest.Rejection} with a reason
 * code on a reading thread of its own ({@link org.strata.ingest.PatientBatchReader}), deduplicated through
 * the patient index, quarantined, held to the reject rate, and handed to the store's
 * {@code GenerationWriter}. Reads {@code org.strata.format} and {@code org.strata.store}.
 */
package org.strata.ingest;
