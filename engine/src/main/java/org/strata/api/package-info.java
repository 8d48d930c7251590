/**
 * The embedding API — the one package the engine's module exports. {@link org.strata.api.Strata} opens a
 * store's current generation under a lease; {@link org.strata.api.Strata#stratify} assigns every patient a
 * level with a {@link org.strata.api.StrataPolicy}; the {@link org.strata.api.Stratification} it returns
 * answers look-ups by NHS number ({@link org.strata.api.PatientLevel}), worklists, and the rollups
 * ({@link org.strata.api.UnitLevels}). Every value handed out is immutable or a copy: nothing refers to
 * mapped memory, so results stay valid after the generation is closed.
 *
 * <pre>{@code
 * try (Strata strata = Strata.open(Path.of("demo/store"))) {
 *   Stratification s = strata.stratify(StrataPolicy.defaultPolicy());
 *   PatientLevel p = s.worklist(1, 1).get(0);
 *   System.out.println(p.level() + " " + p.decidingRule() + " " + p.reasons() + " " + p.scores());
 * }
 * }</pre>
 */
package org.strata.api;
