package org.strata.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.strata.format.Conditions;
import org.strata.format.Flags;
import org.strata.score.AdmissionRiskKernel;
import org.strata.score.CambridgeWeights;
import org.strata.score.FrailtyKernel;
import org.strata.score.MultimorbidityKernel;
import org.strata.score.RiskModel;
import org.strata.score.ScoreBatch;
import org.strata.score.ScoreColumns;
import org.strata.score.Scorer;

/**
 * The score kernels over one 65,536-row batch (inputs ~1 MiB, each output array 64–256 KiB: L2-resident on
 * a 1 MiB-per-core L2), ns per row, each beside the baseline it has to beat:
 *
 * <ul>
 *   <li>frailty: three compares summed vs an if-else chain;
 *   <li>multimorbidity (CMS + LTC count): two 1,024-entry subset tables + POPCNT vs a per-row loop over the
 *       20 bits vs column at a time (20 passes, branch-free);
 *   <li>risk probability: the StrictMath-built interpolated table vs {@code Math.exp} vs {@code
 *       StrictMath.exp}; the integer predictor on its own; and all kernels as {@link Scorer} runs them.
 * </ul>
 *
 * Data: a fixed-seed synthetic batch with footprint-like mixes (age, conditions rising with age, frailty
 * mostly fit), unsorted, so branches see realistic unpredictability.
 *
 * <p>Brief run ({@code -f 1 -wi 2 -i 3}, 2-core AMD EPYC; ns/row ± 99.9% error; first JDK 17.0.15, then
 * Temurin 25):
 *
 * <pre>
 * allKernels                            6.28 ± 0.43   5.87 ± 3.00
 * frailtyBranchFree                     0.46 ± 0.41   0.58 ± 4.01   (no measurable difference from
 * frailtyIfElseBaseline                 0.52 ± 0.37   0.47 ± 0.52    if-else: C2 makes both branch-free)
 * multimorbiditySplitTable              0.82 ± 0.32   0.75 ± 0.18
 * multimorbidityColumnAtATimeBaseline   1.08 ± 0.10   0.95 ± 0.45
 * multimorbidityBitLoopBaseline        10.51 ± 0.96  14.73 ± 1.43
 * riskPredictor                         2.72 ± 0.13   2.73 ± 0.71
 * riskProbabilityTable                  1.85 ± 0.21   2.09 ± 0.06
 * riskProbabilityMathExpBaseline        4.80 ± 0.52   5.00 ± 0.91
 * riskProbabilityStrictMathExpBaseline  8.73 ± 1.61   8.72 ± 0.47
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class ScoreKernelBenchmark {
  static final int ROWS = 1 << 16;
  static final long SEED = 42L;

  ScoreBatch in;
  ScoreColumns out; // efiCategory and cmsX100 filled in setUp, as the risk kernel expects
  byte[] categories;
  int[] cmsX100;
  byte[] ltcCount;
  int[] predictorMicro;
  int[] riskX1e6;
  int[] weightsX100;
  MultimorbidityKernel multimorbidity;
  AdmissionRiskKernel risk;
  Scorer scorer;

  @Setup(Level.Trial)
  public void setUp() {
    in = syntheticBatch(ROWS, SEED);
    CambridgeWeights weights = CambridgeWeights.general();
    weightsX100 = weights.weightsX100();
    multimorbidity = new MultimorbidityKernel(weights);
    risk = new AdmissionRiskKernel(RiskModel.illustrative(), weights);
    scorer = new Scorer(RiskModel.illustrative(), weights);
    out = new ScoreColumns(ROWS);
    scorer.score(in, out);
    categories = new byte[ROWS];
    cmsX100 = new int[ROWS];
    ltcCount = new byte[ROWS];
    predictorMicro = out.riskPredictorMicro().clone();
    riskX1e6 = new int[ROWS];
  }

  // ---- frailty ----

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public byte[] frailtyBranchFree() {
    FrailtyKernel.categorise(in.efiDeficits(), ROWS, categories);
    return categories;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public byte[] frailtyIfElseBaseline() {
    final byte[] d = in.efiDeficits();
    final byte[] c = categories;
    for (int i = 0; i < ROWS; i++) {
      final int v = d[i];
      c[i] = v >= 13 ? (byte) 3 : v >= 9 ? (byte) 2 : v >= 5 ? (byte) 1 : (byte) 0;
    }
    return c;
  }

  // ---- multimorbidity: CMS × 100 and LTC count ----

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int[] multimorbiditySplitTable() {
    multimorbidity.score(in.conditions(), ROWS, cmsX100, ltcCount);
    return cmsX100;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int[] multimorbidityBitLoopBaseline() {
    final int[] cond = in.conditions();
    final int[] w = weightsX100;
    for (int i = 0; i < ROWS; i++) {
      final int m = cond[i];
      int cms = 0;
      int n = 0;
      for (int c = 0; c < Conditions.COUNT; c++) {
        if ((m >>> c & 1) != 0) {
          cms += w[c];
          n++;
        }
      }
      cmsX100[i] = cms;
      ltcCount[i] = (byte) n;
    }
    return cmsX100;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int[] multimorbidityColumnAtATimeBaseline() {
    final int[] cond = in.conditions();
    final int[] cms = cmsX100;
    final byte[] ltc = ltcCount;
    java.util.Arrays.fill(cms, 0, ROWS, 0);
    for (int c = 0; c < Conditions.COUNT; c++) { // 20 branch-free passes over the masks
      final int w = weightsX100[c];
      for (int i = 0; i < ROWS; i++) {
        cms[i] += w & -(cond[i] >>> c & 1);
      }
    }
    for (int i = 0; i < ROWS; i++) { // a byte accumulator in the same loop defeated C2 (70 ns/row)
      ltc[i] = (byte) Integer.bitCount(cond[i] & MultimorbidityKernel.CONDITION_MASK);
    }
    return cms;
  }

  // ---- admission risk ----

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int[] riskPredictor() {
    risk.predictors(in, out.efiCategory(), out.cmsX100(), predictorMicro);
    return predictorMicro;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int[] riskProbabilityTable() {
    AdmissionRiskKernel.probabilitiesX1e6(predictorMicro, ROWS, riskX1e6);
    return riskX1e6;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int[] riskProbabilityMathExpBaseline() {
    final int[] x = predictorMicro;
    final int[] p = riskX1e6;
    for (int i = 0; i < ROWS; i++) {
      p[i] = (int) Math.round(1e6 / (1 + Math.exp(-x[i] * 1e-6)));
    }
    return p;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int[] riskProbabilityStrictMathExpBaseline() {
    final int[] x = predictorMicro;
    final int[] p = riskX1e6;
    for (int i = 0; i < ROWS; i++) {
      p[i] = (int) Math.round(1e6 / (1 + StrictMath.exp(-x[i] * 1e-6)));
    }
    return p;
  }

  // ---- everything, as the Scorer runs it ----

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public ScoreColumns allKernels() {
    scorer.score(in, out);
    return out;
  }

  /** Footprint-like rows from a seed (not calibrated: just realistic mixes for branches and caches). */
  static ScoreBatch syntheticBatch(int rows, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    ScoreBatch b = new ScoreBatch(rows).rowCount(rows);
    // Rough prevalence of each condition in adults, bit order; scaled up with age below.
    double[] prevalence = {
      0.02, 0.12, 0.02, 0.03, 0.04, 0.01, 0.02, 0.03, 0.008, 0.07,
      0.008, 0.05, 0.009, 0.05, 0.009, 0.018, 0.065, 0.14, 0.035, 0.10
    };
    for (int i = 0; i < rows; i++) {
      double u = r.nextDouble();
      int age = u < 0.20 ? r.nextInt(18) : u < 0.82 ? 18 + r.nextInt(47) : u < 0.92 ? 65 + r.nextInt(10)
          : u < 0.975 ? 75 + r.nextInt(10) : 85 + r.nextInt(21);
      double ageFactor = age < 18 ? 0.15 : age < 50 ? 0.6 : age < 65 ? 1.3 : age < 75 ? 2.2 : 3.0;
      int mask = 0;
      for (int c = 0; c < Conditions.COUNT; c++) {
        if (r.nextDouble() < Math.min(0.9, prevalence[c] * ageFactor)) {
          mask |= 1 << c;
        }
      }
      int deficits = age < 50 ? r.nextInt(3) : (int) Math.min(36, Math.round(-Math.log(1 - r.nextDouble())
          * (age < 65 ? 2.0 : age < 75 ? 4.0 : age < 85 ? 6.0 : 8.0)));
      int flags = 0;
      if (age >= 80 && r.nextInt(8) == 0) {
        flags |= 1 << Flags.CARE_HOME;
      }
      if (r.nextInt(200) == 0) {
        flags |= 1 << Flags.PALLIATIVE_CARE;
      }
      if (r.nextInt(11) == 0) {
        flags |= 1 << Flags.CARER;
      }
      b.age()[i] = (byte) age;
      b.sex()[i] = (byte) (r.nextInt(5000) == 0 ? 0 : 1 + r.nextInt(2));
      b.imdDecile()[i] = (byte) (r.nextInt(50) == 0 ? -1 : 1 + r.nextInt(10));
      b.conditions()[i] = mask;
      b.flags()[i] = (byte) flags;
      b.efiDeficits()[i] = (byte) deficits;
      b.emergencyAdmissions()[i] = (byte) (r.nextDouble() < 0.06 * ageFactor ? 1 + r.nextInt(r.nextInt(4) + 1) : 0);
      b.aeAttendances()[i] = (short) (r.nextDouble() < 0.25 ? 1 + r.nextInt(r.nextInt(5) + 1) : 0);
      b.medicines()[i] = (byte) Math.min(100, (int) Math.round(-Math.log(1 - r.nextDouble()) * 2.8 * ageFactor));
    }
    return b;
  }
}
