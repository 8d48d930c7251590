/**
 * Threading, in one small place: {@link org.strata.parallel.Workers} runs one task per worker and joins
 * every one before returning (tasks read mapped memory the caller may unmap next);
 * {@link org.strata.parallel.RowSlices} cuts a row range into per-core slices on it. Imports nothing of ours.
 */
package org.strata.parallel;
