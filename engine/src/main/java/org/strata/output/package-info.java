/**
 * Per-patient results files ({@link org.strata.output.PatientResultsWriter}: Arrow IPC and CSV, one row
 * per patient with level, deciding rule, reasons and scores). These identify patients; shared outputs are
 * the suppressed rollups of {@code org.strata.rollup}.
 */
package org.strata.output;
