/**
 * Scores, one store batch at a time: the electronic Frailty Index category ({@link
 * org.strata.score.FrailtyKernel}), the Cambridge Multimorbidity Score and long-term-condition count
 * ({@link org.strata.score.MultimorbidityKernel}, weights from {@link org.strata.score.CambridgeWeights}),
 * and the emergency-admission risk ({@link org.strata.score.AdmissionRiskKernel}, coefficients in a
 * {@link org.strata.score.RiskModel}). {@link org.strata.score.Scorer} runs them over a whole {@link
 * org.strata.store.Store}.
 *
 * <p>Data flow: {@link org.strata.score.ScoreBatch} (primitive input arrays, bulk-read from the store) →
 * kernels (plain loops, no allocation, the model chosen before the loop) → {@link
 * org.strata.score.ScoreColumns} (primitive output arrays). Every score is an integer: the frailty category
 * and LTC count are small counts, the CMS is fixed-point hundredths ({@code cmsX100}, exact because the
 * published weights have two decimals), the risk linear predictor is fixed-point millionths of a logit
 * ({@code riskPredictorMicro}) summed in integer arithmetic, and the probability is millionths
 * ({@code riskX1e6}) from a logistic table built with {@link java.lang.StrictMath}. So the same store and
 * the same model give the same bits on every JDK and in every engine that follows these rules, and
 * percentile cuts rank on {@code riskPredictorMicro} with no floating-point ties to argue about.
 *
 * <p>Reads {@code org.strata.store} and {@code org.strata.ingest} (the column model); the levels stage
 * downstream reads this package.
 */
package org.strata.score;
