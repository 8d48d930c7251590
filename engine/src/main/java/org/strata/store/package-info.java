/**
 * Store generations on disk: {@link org.strata.store.StoreWriter} ingests into Arrow IPC files written
 * aside and published atomically; {@link org.strata.store.Store} maps the current generation read-only
 * and hands columns out batch by batch; {@link org.strata.store.PatientIndex} is the one Chronicle Map
 * (patient key → row, source line, level history); {@code ArrowFileMapping} is the one class that maps
 * files. Reads {@code org.strata.ingest}; the stages downstream read this package.
 */
package org.strata.store;
