package org.strata.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.datasets.Fixtures;
import org.strata.format.IdKind;
import org.strata.format.PatientColumn;
import org.strata.ingest.IngestProgress;
import org.strata.ingest.IngestRequest;
import org.strata.store.Store;
import org.strata.ingest.Ingest;

/**
 * End to end on the committed 2,000-patient fixture: ingest, score, and check the footprint looks like a
 * footprint (eFI shares among 65+, mean LTC count, mean risk, risk discriminating next year's admissions),
 * that scoring twice gives the same arrays, and that batch size does not change a single score.
 */
class ScorerFixtureTest {

  private static Path ingest(Path in, Path store, int batchRows) throws IOException {
    Ingest.run(new IngestRequest(in.resolve("patients.csv"), in.resolve("practices.csv"), store,
        IdKind.NHS_NUMBER, null, 0.0, batchRows), IngestProgress.NONE);
    return store;
  }

  private static byte[] column(Store store, PatientColumn c) {
    byte[] all = new byte[(int) store.rowCount()];
    for (int b = 0; b < store.batchCount(); b++) {
      store.readBytes(c, b, 0, all, (int) store.batchFirstRow(b), store.batchRows(b));
    }
    return all;
  }

  @Test
  void fixtureScoresArePlausibleReproducibleAndBatchIndependent(@TempDir Path tmp) throws IOException {
    Path in = Fixtures.copySmall(tmp.resolve("in"));
    Path big = ingest(in, tmp.resolve("store"), IngestRequest.DEFAULT_BATCH_ROWS);
    Path small = ingest(in, tmp.resolve("store-333"), 333);
    Scorer scorer = Scorer.create(RiskModel.illustrative());

    ScoreColumns s;
    byte[] age;
    byte[] nextYear;
    try (Store store = Store.open(big)) {
      assertEquals(Fixtures.PATIENTS, store.rowCount());
      s = scorer.scoreAll(store);
      age = column(store, PatientColumn.AGE);
      nextYear = column(store, PatientColumn.EMERGENCY_ADMISSIONS_NEXT_12M);
      ScoreColumns again = Scorer.create(RiskModel.illustrative()).scoreAll(store);
      assertSame(s, again);
    }
    try (Store store = Store.open(big)) {
      assertSame(s, scorer.scoreAll(store)); // reopened
    }
    try (Store store = Store.open(small)) {
      assertTrue(store.batchCount() > 5);
      assertSame(s, scorer.scoreAll(store));
    }

    int n = s.rowCount();
    int[] frailty = new int[4];
    int older = 0;
    long ltc = 0;
    long riskX1e6 = 0;
    for (int i = 0; i < n; i++) {
      if (age[i] >= 65) {
        older++;
        frailty[s.efiCategory()[i]]++;
      }
      ltc += s.ltcCount()[i];
      riskX1e6 += s.riskX1e6()[i];
    }
    double severe = frailty[3] / (double) older;
    double moderate = frailty[2] / (double) older;
    double meanLtc = ltc / (double) n;
    double meanRisk = riskX1e6 / 1e6 / n;
    double c = cStatistic(s.riskPredictorMicro(), nextYear, n);
    String summary = String.format(java.util.Locale.ROOT,
        "65+ %d: fit %d mild %d moderate %d severe %d; mean LTC %.3f; mean risk %.4f; c %.3f",
        older, frailty[0], frailty[1], frailty[2], frailty[3], meanLtc, meanRisk, c);
    System.out.println("fixture scores: " + summary);
    assertTrue(older > 200 && older < 600, summary);
    assertTrue(severe > 0.005 && severe < 0.10, "severe frailty among 65+ (target 3.5%): " + summary);
    assertTrue(moderate > 0.04 && moderate < 0.25, "moderate frailty among 65+ (target 10-16%): " + summary);
    assertTrue(frailty[0] + frailty[1] > older / 2, "most 65+ fit or mildly frail: " + summary);
    assertTrue(meanLtc > 0.4 && meanLtc < 1.5, "mean LTC count: " + summary);
    assertTrue(meanRisk > 0.02 && meanRisk < 0.20, "mean admission risk (about 7-9% have one a year): " + summary);
    assertTrue(c > 0.55, "even the hand-set model ranks next year's admissions better than chance: " + summary);
  }

  private static void assertSame(ScoreColumns a, ScoreColumns b) {
    assertEquals(a.rowCount(), b.rowCount());
    assertArrayEquals(a.efiCategory(), b.efiCategory());
    assertArrayEquals(a.ltcCount(), b.ltcCount());
    assertArrayEquals(a.cmsX100(), b.cmsX100());
    assertArrayEquals(a.riskPredictorMicro(), b.riskPredictorMicro());
    assertArrayEquals(a.riskX1e6(), b.riskX1e6());
  }

  /** Probability that a random admitted patient outranks a random non-admitted one (ties count half). */
  private static double cStatistic(int[] predictor, byte[] outcome, int n) {
    long pairs = 0;
    long wins2 = 0;
    for (int i = 0; i < n; i++) {
      if (outcome[i] <= 0) {
        continue;
      }
      for (int j = 0; j < n; j++) {
        if (outcome[j] != 0) {
          continue;
        }
        pairs++;
        wins2 += predictor[i] > predictor[j] ? 2 : predictor[i] == predictor[j] ? 1 : 0;
      }
    }
    return wins2 / 2.0 / pairs;
  }
}
