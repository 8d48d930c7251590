/**
 * The store's format: what ingest fills and the store writes and maps — the patient columns
 * ({@link org.strata.format.PatientColumn}, their stored types and bit layouts in
 * {@link org.strata.format.Conditions} and {@link org.strata.format.Flags}), a generation's files and
 * Arrow schemas ({@link org.strata.format.StoreSchemas}, with the format version), the column batch handed
 * from ingest to the store ({@link org.strata.format.PatientBatch}), the identifiers
 * ({@link org.strata.format.IdKind}, {@link org.strata.format.NhsNumber}) and the bad-input exception every
 * stage reports with. Imports nothing of ours.
 */
package org.strata.format;
