package org.strata.level;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.datasets.FootprintGenerator;
import org.strata.datasets.FootprintSpec;
import org.strata.datasets.ProgressListener;
import org.strata.format.IdKind;
import org.strata.score.ScoreBatch;
import org.strata.score.ScoreColumns;
import org.strata.score.Scorer;
import org.strata.ingest.IngestProgress;
import org.strata.ingest.IngestRequest;
import org.strata.store.Store;
import org.strata.ingest.Ingest;

/**
 * The default policy, written out by hand row by row (plain Java over {@code Store.row} maps, sort-based
 * cuts and floors) against the compiled assigner, on synthetic footprints of several seeds and sizes.
 */
class LevelAssignerTest {

  static Path store(Path tmp, long patients, long seed, int batchRows) throws IOException {
    Path in = tmp.resolve("in");
    FootprintGenerator.generate(FootprintSpec.builder().patients(patients).seed(seed).threads(1).build(), in,
        ProgressListener.NONE);
    Path dir = tmp.resolve("store");
    Ingest.run(new IngestRequest(in.resolve("patients.csv"), in.resolve("practices.csv"), dir,
        IdKind.NHS_NUMBER, null, 0.0, batchRows), IngestProgress.NONE);
    return dir;
  }

  static int flag(Map<String, Object> row, String name) {
    return ((Number) row.get(name)).intValue();
  }

  static long num(Map<String, Object> row, String name) {
    return ((Number) row.get(name)).longValue();
  }

  /** The default policy, one row at a time. */
  static int[] reference(Store s, ScoreColumns scores) {
    int n = (int) s.rowCount();
    int[] reasons = new int[n];
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> r = s.row(i);
      rows.add(r);
      long age = num(r, "age");
      long efi = num(r, "efi_deficits");
      long ea = num(r, "emergency_admissions");
      int bits = 0;
      bits |= (flag(r, "palliative_care") == 1 ? 1 : 0) << 0;
      bits |= (efi >= 13 && age >= 65 ? 1 : 0) << 1;
      bits |= (flag(r, "care_home") == 1 ? 1 : 0) << 2;
      bits |= (ea >= 3 ? 1 : 0) << 3;
      bits |= (scores.ltcCount()[i] >= 2 ? 1 : 0) << 6;
      bits |= (efi >= 9 && efi <= 12 && age >= 65 ? 1 : 0) << 7;
      boolean key = flag(r, "dementia") == 1 || flag(r, "heart_failure") == 1 || flag(r, "copd") == 1
          || flag(r, "psychosis_bipolar") == 1 || flag(r, "learning_disability") == 1;
      bits |= (key ? 1 : 0) << 8;
      bits |= (flag(r, "housebound") == 1 ? 1 : 0) << 9;
      bits |= (num(r, "ae_attendances") >= 1 ? 1 : 0) << 11;
      bits |= (ea >= 1 ? 1 : 0) << 12;
      reasons[i] = bits;
    }
    int[] pred = scores.riskPredictorMicro();
    Comparator<Integer> byRisk = Comparator.<Integer>comparingInt(i -> pred[i]).reversed()
        .thenComparingLong(i -> Long.parseLong((String) rows.get(i).get("patient_id")));
    List<Integer> adults = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (num(rows.get(i), "age") >= 18) {
        adults.add(i);
      }
    }
    adults.sort(byRisk);
    long top2 = (adults.size() * 2L + 99) / 100;
    long top20 = (adults.size() * 20L + 99) / 100;
    for (int j = 0; j < adults.size(); j++) {
      if (j < top2) {
        reasons[adults.get(j)] |= 1 << 4;
      }
      if (j < top20) {
        reasons[adults.get(j)] |= 1 << 10;
      }
    }
    // practice floor: 2% of each practice's adults at level 1 (bits 0-4 so far)
    int practices = s.practices().size();
    for (int p = 0; p < practices; p++) {
      List<Integer> mine = new ArrayList<>();
      int level1 = 0;
      for (int i : adults) {
        if (p == s.practices().indexOf(practiceOf(s, rows.get(i)))) {
          if ((reasons[i] & 0b11111) != 0) {
            level1++;
          } else {
            mine.add(i);
          }
        }
      }
      long total = mine.size() + level1;
      long need = Math.max(0, (total * 2 + 99) / 100 - level1);
      mine.sort(byRisk);
      for (int j = 0; j < need && j < mine.size(); j++) {
        reasons[mine.get(j)] |= 1 << 5;
      }
    }
    return reasons;
  }

  static org.strata.format.Practice practiceOf(Store s, Map<String, Object> row) {
    Object code = row.get("practice_code");
    return code == null ? null : s.practices().stream().filter(p -> p.code().equals(code)).findFirst().orElseThrow();
  }

  @Test
  void compiledPolicyEqualsRowAtATimeReference(@TempDir Path tmp) throws IOException {
    // The last case's 10,000-row batches are read in slices of SLICE_ROWS from inside a batch.
    long[][] cases = {{3_000, 1, 1 << 20}, {5_000, 2, 777}, {4_000, 3, 1 << 12}, {20_000, 4, 10_000}};
    for (long[] c : cases) {
      Path dir = store(tmp.resolve("s" + c[1]), c[0], c[1], (int) c[2]);
      try (Store s = Store.open(dir)) {
        LevelResult r = LevelAssigner.assign(s, Policy.defaultPolicy(), null, 0);
        ScoreColumns scores = Scorer.create(Policy.defaultPolicy().riskModel()).scoreAll(s); // scored apart
        assertArrayEquals(scores.riskPredictorMicro(), r.riskPredictorMicro(), "predictors, seed " + c[1]);
        int[] expected = reference(s, scores);
        assertArrayEquals(expected, r.reasons(), "reasons, seed " + c[1]);
        long[] counts = new long[5];
        for (int i = 0; i < r.rowCount(); i++) {
          int bits = expected[i];
          int first = Integer.numberOfTrailingZeros(bits);
          int level = bits == 0 ? 4 : first <= 5 ? 1 : first <= 10 ? 2 : 3;
          assertEquals(level, r.level(i), "level of row " + i + ", seed " + c[1]);
          assertEquals(bits == 0 ? -1 : first, r.decidingRule(i), "deciding rule of row " + i);
          counts[level]++;
        }
        assertArrayEquals(counts, r.levelCounts(), "level counts, seed " + c[1]);
        ScoreBatch in = ScoreBatch.forStore(s);
        ScoreColumns batch = new ScoreColumns(in.capacity());
        for (int b = 0; b < s.batchCount(); b++) {
          int first = (int) s.batchFirstRow(b);
          r.scores(in.read(s, b), first, batch);
          int rows = s.batchRows(b);
          assertArrayEquals(Arrays.copyOfRange(scores.efiCategory(), first, first + rows),
              Arrays.copyOf(batch.efiCategory(), rows), "efi of batch " + b);
          assertArrayEquals(Arrays.copyOfRange(scores.ltcCount(), first, first + rows),
              Arrays.copyOf(batch.ltcCount(), rows), "ltc of batch " + b);
          assertArrayEquals(Arrays.copyOfRange(scores.cmsX100(), first, first + rows),
              Arrays.copyOf(batch.cmsX100(), rows), "cms of batch " + b);
          assertArrayEquals(Arrays.copyOfRange(scores.riskX1e6(), first, first + rows),
              Arrays.copyOf(batch.riskX1e6(), rows), "risk of batch " + b);
        }
        LevelResult again = LevelAssigner.assign(s, Policy.defaultPolicy(), null, 0);
        assertArrayEquals(r.reasons(), again.reasons(), "deterministic");
      }
    }
  }
}
