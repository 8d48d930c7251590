/**
 * Hubs and rollups: which neighbourhood hub each practice belongs to ({@link org.strata.rollup.Hubs}, read
 * from the practices file or formed by {@link org.strata.rollup.HubFormation}), where the unregistered
 * population goes ({@link org.strata.rollup.UnregisteredPlacement}: the hub holding most registered
 * residents of their LSOA), and the practice, hub and footprint tables of levels, frailty, multimorbidity,
 * expected against observed emergency admissions and cost ({@link org.strata.rollup.Rollup} →
 * {@link org.strata.rollup.RollupTables}, written as CSV and JSON, exact or with small-number suppression).
 *
 * <p>Reads {@code org.strata.store} (batch-wise bulk reads of practice, LSOA, age, admissions and cost),
 * {@code org.strata.ingest} (the column model and practices), {@code org.strata.score} (a batch's scores)
 * and {@code org.strata.level} (the {@code LevelResult} whose levels it rolls up, batch by batch). The
 * output stage and the nightly run read this package.
 */
package org.strata.rollup;
