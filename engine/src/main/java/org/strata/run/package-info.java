/**
 * The nightly batch ({@link org.strata.run.NightlyRun}): the only package that imports every stage —
 * policy, hubs, scores and levels, rollups, outputs, run manifest — and publishes a results directory
 * only when the whole run succeeded.
 */
package org.strata.run;
