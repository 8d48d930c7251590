/**
 * Levels of need under a policy: {@link org.strata.level.Policy} (YAML, compiled before any data is read;
 * errors name file and line), condition kernels ({@link org.strata.level.MaskKernel}), exact per-scope
 * top-percent cuts by radix select ({@code TopKSelection}), practice floors, and
 * {@link org.strata.level.LevelAssigner} → {@link org.strata.level.LevelResult} (level, deciding rule,
 * reason bits). Reads {@code store} and {@code score}; {@code rollup} and {@code output} read it.
 */
package org.strata.level;
