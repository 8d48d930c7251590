/**
 * A run's outputs, each one class behind {@link org.strata.output.RunOutput}: per-patient Arrow IPC and CSV
 * ({@link org.strata.output.PatientArrowOutput}, {@link org.strata.output.PatientCsvOutput}, written in one
 * shared pass by {@link org.strata.output.PatientRows}), the rollup CSVs and JSON, the suppressed shared
 * copies, and the run manifest, last. The per-patient files identify patients; shared outputs are the
 * suppressed rollups. {@link org.strata.output.RunOutputs#defaults()} is the list a run writes unless told
 * otherwise.
 */
package org.strata.output;
