package org.strata.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.cli.StrataCommandTest;
import org.strata.datasets.Fixtures;
import org.strata.datasets.FootprintGenerator;
import org.strata.datasets.FootprintSpec;
import org.strata.datasets.ProgressListener;
import org.strata.format.IdKind;
import org.strata.level.Policy;
import org.strata.ingest.IngestProgress;
import org.strata.ingest.IngestRequest;
import org.strata.store.Store;
import org.strata.ingest.Ingest;

/**
 * The fitter: its features are the kernel's (the dot-product guarantee), it recovers a known model from
 * simulated outcomes within 3 standard errors with a rising log-likelihood, its bits do not depend on the
 * store's batch layout, its c-statistic equals an O(n²) count, its deciles add up, and the command line
 * refuses a store without the outcome.
 */
class RiskModelFitterTest {
  private static final CambridgeWeights WEIGHTS = CambridgeWeights.general();
  /** Patients of the generated footprint the recovery test simulates outcomes on. */
  private static final int FOOTPRINT = 60_000;
  private static final long SIMULATION_SEED = 2016L;

  /** A known model, of published magnitudes, to simulate outcomes from. */
  private static final RiskModel TRUTH = RiskModel.of("truth for the recovery test", new double[] {
    -3.50, -0.30, 0.25, 0.55, 0.95, 1.40, 0.05, 0.25, 0.30, 0.60, 0.90, 0.55, 0.20, 0.50, 1.00, 0.25, 0.12,
    -0.08, -0.15, 0.40
  });

  @TempDir static Path shared;
  private static Path footprint; // generated CSVs
  private static Path store; // default batch size
  private static Path storeSmallBatches; // 333-row batches: same rows, other layout

  @BeforeAll
  static void generateAndIngest() throws IOException {
    footprint = shared.resolve("in");
    FootprintGenerator.generate(FootprintSpec.builder().patients(FOOTPRINT).seed(7).dirtyRate(0).threads(1).build(),
        footprint, ProgressListener.NONE);
    store = ingest(footprint, shared.resolve("store"), IngestRequest.DEFAULT_BATCH_ROWS);
    storeSmallBatches = ingest(footprint, shared.resolve("store-333"), 333);
  }

  private static Path ingest(Path in, Path dir, int batchRows) throws IOException {
    Ingest.run(new IngestRequest(in.resolve("patients.csv"), in.resolve("practices.csv"), dir,
        IdKind.NHS_NUMBER, null, 0.0, batchRows), IngestProgress.NONE);
    return dir;
  }

  // ---------------------------------------------------------------- features = the kernel's features

  /** Σ quantised coefficient × integer feature, as a long, for row {@code i}. */
  private static long dot(long[] q, int[] index, int[] value, byte[] count, int i) {
    long s = 0;
    for (int j = i * RiskFeatures.MAX_NONZERO; j < i * RiskFeatures.MAX_NONZERO + count[i]; j++) {
      s += q[index[j]] * value[j];
    }
    return s;
  }

  private static void assertFeaturesReproduceKernel(ScoreBatch in, RiskModel m, String at) {
    ScoreColumns out = new ScoreColumns(in.capacity()).rowCount(in.rowCount());
    new Scorer(m, WEIGHTS).score(in, out);
    int cap = in.capacity() * RiskFeatures.MAX_NONZERO;
    int[] index = new int[cap];
    int[] value = new int[cap];
    byte[] count = new byte[in.capacity()];
    RiskFeatures.sparse(in, out.efiCategory(), out.cmsX100(), index, value, count);
    long[] q = RiskFeatures.quantised(m);
    for (int i = 0; i < in.rowCount(); i++) {
      assertEquals(out.riskPredictorMicro()[i], dot(q, index, value, count, i), at + " row " + i);
      int base = i * RiskFeatures.MAX_NONZERO;
      for (int j = base + 1; j < base + count[i]; j++) {
        assertTrue(index[j - 1] < index[j], at + " row " + i + ": features in increasing order");
      }
    }
  }

  @Test
  void featuresTimesQuantisedCoefficientsAreTheKernelsPredictorOnEveryFixtureRow(@TempDir Path tmp)
      throws IOException {
    Path fixtureStore = ingest(Fixtures.copySmall(tmp.resolve("in")), tmp.resolve("store"),
        IngestRequest.DEFAULT_BATCH_ROWS);
    SplittableRandom r = new SplittableRandom(11);
    List<RiskModel> models = List.of(TRUTH, RiskModel.illustrative(), RandomBatches.model(r), RandomBatches.model(r));
    for (Path dir : List.of(fixtureStore, store)) {
      try (Store s = Store.open(dir)) {
        ScoreBatch in = ScoreBatch.forStore(s);
        for (int b = 0; b < s.batchCount(); b++) {
          in.read(s, b);
          for (RiskModel m : models) {
            assertFeaturesReproduceKernel(in, m, dir.getFileName() + " batch " + b + " model " + m.label());
          }
        }
      }
    }
  }

  @Test
  void featuresReproduceTheKernelOnEdgeHeavyRandomBatches() {
    for (long seed = 1; seed <= 150; seed++) {
      SplittableRandom r = new SplittableRandom(seed * 31);
      RiskModel m = seed % 2 == 0 ? RiskModel.illustrative() : RandomBatches.model(r);
      assertFeaturesReproduceKernel(RandomBatches.batch(seed), m, "seed " + seed);
    }
  }

  // ---------------------------------------------------------------- recovery of a known model

  /**
   * Outcomes drawn from {@link #TRUTH} (exact logistic of the double predictor), one per store row, in row
   * order from one seeded stream; every 97th row not recorded.
   */
  private static byte[] simulate(Path dir, long seed) throws IOException {
    try (Store s = Store.open(dir)) {
      byte[] y = new byte[(int) s.rowCount()];
      SplittableRandom r = new SplittableRandom(seed);
      ScoreBatch in = ScoreBatch.forStore(s);
      for (int b = 0; b < s.batchCount(); b++) {
        in.read(s, b);
        int first = (int) s.batchFirstRow(b);
        for (int i = 0; i < in.rowCount(); i++) {
          double p = 1 / (1 + Math.exp(-ReferenceScorer.predictor(TRUTH, in, i)));
          double u = r.nextDouble();
          y[first + i] = (byte) ((first + i) % 97 == 0 ? -1 : u < p ? 1 + r.nextInt(3) : 0);
        }
      }
      return y;
    }
  }

  private static RiskModelFitter.Outcomes from(byte[] y) {
    return (s, batch, dst) -> System.arraycopy(y, (int) s.batchFirstRow(batch), dst, 0, s.batchRows(batch));
  }

  private static FitReport fit(Path dir, byte[] y) throws IOException {
    try (Store s = Store.open(dir)) {
      return RiskModelFitter.fit(s, from(y), RiskModel.illustrative(), WEIGHTS);
    }
  }

  @Test
  void recoversAKnownModelWithinThreeStandardErrorsAndTheLikelihoodNeverFalls() throws IOException {
    byte[] y = simulate(store, SIMULATION_SEED);
    FitReport r = fit(store, y);
    String at = "simulation seed " + SIMULATION_SEED + "\n" + r.toText();

    long skipped = 0;
    long events = 0;
    for (byte v : y) {
      skipped += v < 0 ? 1 : 0;
      events += v >= 1 ? 1 : 0;
    }
    assertEquals(FOOTPRINT, r.rows(), at);
    assertEquals(skipped, r.skipped(), at);
    assertEquals(FOOTPRINT - skipped, r.used(), at);
    assertEquals(events, r.events(), at);

    assertTrue(r.converged(), at);
    assertTrue(r.iterations() <= RiskModelFitter.MAX_ITERATIONS, at);
    double[] ll = r.logLikelihoods();
    assertEquals(r.iterations(), ll.length, at);
    assertTrue(ll[0] >= r.nullLogLikelihood() - RiskModelFitter.slack(ll[0]), at + ": starts at the null model");
    for (int i = 1; i < ll.length; i++) {
      assertTrue(ll[i] >= ll[i - 1] - RiskModelFitter.slack(ll[i - 1]),
          at + ": log-likelihood fell at step " + (i + 1) + ": " + ll[i - 1] + " -> " + ll[i]);
    }
    assertTrue(ll[ll.length - 1] > ll[0], at);

    double[] truth = TRUTH.coefficients();
    double[] fitted = r.fitted().coefficients();
    double[] se = r.standardErrors();
    for (int k = 0; k < truth.length; k++) {
      assertTrue(r.featureRows()[k] > 0, at + ": " + RiskModel.FEATURES.get(k) + " has patients");
      assertTrue(se[k] > 0 && se[k] < 0.5, at + ": " + RiskModel.FEATURES.get(k) + " se " + se[k]);
      assertTrue(Math.abs(fitted[k] - truth[k]) <= 3 * se[k], at + ": " + RiskModel.FEATURES.get(k) + " fitted "
          + fitted[k] + ", truth " + truth[k] + ", se " + se[k]);
    }
    assertTrue(r.cStatistic() > 0.6 && r.cStatistic() < 1, at);
    assertTrue(r.fitted().label().startsWith("fitted by strata fit on g000001, "), r.fitted().label());
    assertFalse(r.fitted().isIllustrative());
  }

  @Test
  void sameStoreSameBitsWhateverTheBatchLayout() throws IOException {
    byte[] y = simulate(store, SIMULATION_SEED + 1);
    FitReport a = fit(store, y);
    FitReport b = fit(storeSmallBatches, y);
    FitReport again = fit(store, y);
    try (Store s = Store.open(storeSmallBatches)) {
      assertTrue(s.batchCount() > 100, "the other layout has many small batches");
    }
    assertArrayEquals(a.fitted().coefficients(), again.fitted().coefficients());
    assertArrayEquals(a.logLikelihoods(), again.logLikelihoods());
    assertArrayEquals(a.fitted().coefficients(), b.fitted().coefficients());
    assertArrayEquals(a.standardErrors(), b.standardErrors());
    assertArrayEquals(a.logLikelihoods(), b.logLikelihoods());
    assertEquals(a.cStatistic(), b.cStatistic());
    assertEquals(a.toText(), b.toText());
    assertEquals(a.toYaml(), b.toYaml());
  }

  @Test
  void theYamlBlockPastedIntoAPolicyIsTheFittedModel(@TempDir Path tmp) throws IOException {
    FitReport r;
    try (Store s = Store.open(store)) {
      r = RiskModelFitter.fit(s, RiskModel.illustrative()); // the stored outcome
    }
    String yaml = r.toYaml();
    assertFalse(yaml.contains(shared.toString()), "no absolute paths: " + yaml);
    String policy;
    try (InputStream in = Policy.class.getResourceAsStream(Policy.DEFAULT_RESOURCE)) {
      policy = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(policy.contains("\nrisk_model: illustrative\n"));
    Path file = tmp.resolve("fitted-policy.yaml");
    Files.writeString(file, policy.replace("\nrisk_model: illustrative\n", "\n" + yaml));
    RiskModel pasted = Policy.load(file).riskModel();
    assertEquals(r.fitted(), pasted, yaml);
    assertTrue(pasted.label().contains(String.format(java.util.Locale.ROOT, "c-statistic %.4f", r.cStatistic())));
  }

  @Test
  void eachNewtonStepIsToldAsItEnds(@TempDir Path tmp) throws IOException {
    Path fixtureStore = ingest(Fixtures.copySmall(tmp.resolve("in")), tmp.resolve("store"),
        IngestRequest.DEFAULT_BATCH_ROWS);
    java.util.List<Integer> steps = new java.util.ArrayList<>();
    FitReport r;
    try (Store s = Store.open(fixtureStore)) {
      r = RiskModelFitter.fit(s, RiskModel.illustrative(), steps::add);
    }
    java.util.List<Integer> expected = new java.util.ArrayList<>();
    for (int i = 1; i <= r.iterations(); i++) {
      expected.add(i);
    }
    assertEquals(expected, steps);
  }

  @Test
  void aFeatureNoPatientHasStaysAtZeroAndIsReportedNotEstimable(@TempDir Path tmp) throws IOException {
    Path fixtureStore = ingest(Fixtures.copySmall(tmp.resolve("in")), tmp.resolve("store"),
        IngestRequest.DEFAULT_BATCH_ROWS);
    FitReport r;
    try (Store s = Store.open(fixtureStore)) {
      r = RiskModelFitter.fit(s, RiskModel.illustrative());
    }
    int absent = 0;
    for (int k = 0; k < RiskModel.FEATURES.size(); k++) {
      if (r.featureRows()[k] == 0) {
        absent++;
        assertEquals(0.0, r.fitted().coefficients()[k], RiskModel.FEATURES.get(k) + "\n" + r.toText());
      }
    }
    // the 2,000-patient fixture's LSOAs cover IMD quintiles 1, 3 and 5 only
    assertTrue(absent > 0, "expected a feature no fixture patient has:\n" + r.toText());
    assertTrue(r.converged(), r.toText());
    assertTrue(r.toText().contains("not estimable: no patient has it"), r.toText());
    new AdmissionRiskKernel(r.fitted(), WEIGHTS); // and the fitted model scores
  }

  // ---------------------------------------------------------------- c-statistic and deciles

  /** The O(n²) definition: over event × non-event pairs, 1 if the event ranks higher, ½ on a tie. */
  private static double naiveC(int[] x, boolean[] event, int n) {
    long pairs = 0;
    long wins2 = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (event[i] && !event[j]) {
          pairs++;
          wins2 += x[i] > x[j] ? 2 : x[i] == x[j] ? 1 : 0;
        }
      }
    }
    return pairs == 0 ? Double.NaN : wins2 / (2.0 * pairs);
  }

  @Test
  void cStatisticEqualsThePairCountOnRandomTiedData() {
    for (long seed = 1; seed <= 300; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      int n = seed % 37 == 0 ? r.nextInt(3) : 1 + r.nextInt(600);
      int range = switch ((int) (seed % 4)) {
        case 0 -> 1; // everyone tied
        case 1 -> 1 + r.nextInt(20); // heavy ties
        case 2 -> 1_000_000;
        default -> Integer.MAX_VALUE; // spans the int range, so the sign bit matters
      };
      double prevalence = r.nextDouble();
      int[] x = new int[n];
      boolean[] event = new boolean[n];
      RiskModelFitter.PredictorHistogram h = new RiskModelFitter.PredictorHistogram();
      for (int i = 0; i < n; i++) {
        x[i] = range == Integer.MAX_VALUE ? r.nextInt() : r.nextInt(range) - range / 2;
        event[i] = r.nextDouble() < prevalence;
        h.add(x[i], event[i]);
      }
      assertEquals(naiveC(x, event, n), h.cStatistic(), 0.0, "seed " + seed + " n " + n + " range " + range);

      long events = 0;
      for (boolean e : event) {
        events += e ? 1 : 0;
      }
      List<FitReport.Decile> deciles = h.deciles();
      assertEquals(10, deciles.size(), "seed " + seed);
      long rows = 0;
      long ev = 0;
      FitReport.Decile last = null;
      for (FitReport.Decile d : deciles) {
        rows += d.rows();
        ev += d.events();
        if (d.rows() > 0) {
          if (last != null) { // mean risks compared exactly: sum / rows, cross-multiplied
            assertTrue(d.riskSumX1e6() * last.rows() >= last.riskSumX1e6() * d.rows(),
                "seed " + seed + ": deciles rise in risk: " + last + " then " + d);
          }
          last = d;
        }
      }
      assertEquals(n, rows, "seed " + seed + ": deciles hold every row");
      assertEquals(events, ev, "seed " + seed + ": and every event");
      if (range > 1_000 && n >= 100) { // few ties: about a tenth each
        for (FitReport.Decile d : deciles) {
          assertTrue(Math.abs(d.rows() - n / 10.0) <= 2, "seed " + seed + " decile " + d);
        }
      }
    }
  }

  @Test
  void histogramGrowsPastItsFirstTable() {
    RiskModelFitter.PredictorHistogram h = new RiskModelFitter.PredictorHistogram();
    for (int i = 0; i < 100_000; i++) {
      h.add(i * 7919 - 300_000_000, (i & 1) == 0);
      h.add(i * 7919 - 300_000_000, false);
    }
    assertEquals(100_000, h.distinct());
    assertEquals(200_000, h.rows());
    assertEquals(50_000, h.events());
    assertEquals(naive(h), h.cStatistic(), 0.0);
  }

  /** The same c walked by hand: value i holds one event and one non-event for even i, two non-events for odd i. */
  private static double naive(RiskModelFitter.PredictorHistogram h) {
    long wins2 = 0;
    long nonBelow = 0;
    for (int i = 0; i < 100_000; i++) {
      long nonHere = (i & 1) == 0 ? 1 : 2;
      long eventsHere = (i & 1) == 0 ? 1 : 0;
      wins2 += eventsHere * (2 * nonBelow + nonHere);
      nonBelow += nonHere;
    }
    return wins2 / (2.0 * h.events() * (h.rows() - h.events()));
  }

  @Test
  void reportCalibrationCoversEveryUsedPatient() throws IOException {
    byte[] y = simulate(store, SIMULATION_SEED + 2);
    FitReport r = fit(store, y);
    long rows = 0;
    long events = 0;
    long riskX1e6 = 0;
    for (FitReport.Decile d : r.calibration()) {
      rows += d.rows();
      events += d.events();
      riskX1e6 += d.riskSumX1e6();
    }
    assertEquals(r.used(), rows, r.toText());
    assertEquals(r.events(), events, r.toText());
    assertEquals(r.meanRiskX1e6(), riskX1e6 / (double) r.used(), 1e-9);
    // maximum likelihood with an intercept: mean predicted ≈ observed (exact for the MLE, up to the table)
    assertEquals(r.prevalence(), r.meanRiskX1e6() / 1e6, 2e-4, r.toText());
    String text = r.toText();
    assertTrue(text.contains("calibration by decile of fitted risk"), text);
    assertFalse(text.contains(shared.toString()), "no absolute paths");
  }

  // ---------------------------------------------------------------- the command line

  static StrataCommandTest.Run cli(String... args) {
    return StrataCommandTest.run(args);
  }

  @Test
  void commandLineRefusesAStoreWithoutTheOutcome(@TempDir Path tmp) throws IOException {
    Path in = Fixtures.copySmall(tmp.resolve("in"));
    Path patients = in.resolve("patients.csv");
    List<String> stripped = new ArrayList<>();
    for (String line : Files.readAllLines(patients)) {
      stripped.add(line.substring(0, line.lastIndexOf(','))); // the outcome is the last column
    }
    assertTrue(stripped.get(0).endsWith(",cost_12m"), stripped.get(0));
    Files.write(patients, stripped);
    Path noOutcome = ingest(in, tmp.resolve("store"), IngestRequest.DEFAULT_BATCH_ROWS);

    StrataCommandTest.Run r = cli("fit", "--store", noOutcome.toString());
    assertEquals(2, r.exit(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("strata: "), r.err());
    assertTrue(r.err().contains("does not record emergency_admissions_next_12m"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    assertEquals("", r.out());

    try (Store s = Store.open(noOutcome)) { // and the library says why, for callers that skip the manifest
      String msg = assertThrows(IllegalArgumentException.class,
          () -> RiskModelFitter.fit(s, RiskModel.illustrative())).getMessage();
      assertTrue(msg.contains("nothing to fit"), msg);
    }

    StrataCommandTest.Run other = cli("fit", "--store", store.toString(), "--outcome", "cost_12m");
    assertEquals(2, other.exit(), other.err());
    assertEquals("strata: --outcome 'cost_12m' is not supported: only emergency_admissions_next_12m\n", other.err());
  }

  @Test
  void commandLineFitsAndWritesTheYamlBlock(@TempDir Path tmp) throws IOException {
    Path yaml = tmp.resolve("fitted.yaml");
    StrataCommandTest.Run r = cli("fit", "--store", store.toString(), "--outcome", "emergency_admissions_next_12m", "--yaml",
        yaml.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("Risk model fitted on g000001: outcome emergency_admissions_next_12m >= 1"), r.out());
    assertTrue(r.out().contains("compared with"), r.out());
    assertTrue(Files.readString(yaml).contains("\nrisk_model:\n  label: \"fitted by strata fit on g000001, 60,000 patients,"),
        Files.readString(yaml));
  }
}
