/**
 * Store generations on disk: {@link org.strata.store.GenerationWriter} writes validated batches into a
 * generation aside and publishes it atomically; {@link org.strata.store.Store} maps the current generation
 * read-only and hands columns out batch by batch; {@link org.strata.store.PatientIndex} is the one
 * Chronicle Map (patient key → row, source line, level history); {@code ArrowFileMapping} is the one class
 * that maps files. Knows nothing of input files. Reads {@code org.strata.format}; the stages downstream
 * read this package.
 */
package org.strata.store;
