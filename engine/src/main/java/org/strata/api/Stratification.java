package org.strata.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import org.strata.format.IdKind;
import org.strata.format.NhsNumber;
import org.strata.level.LevelResult;
import org.strata.rollup.RollupTables;
import org.strata.score.ScoreBatch;
import org.strata.score.ScoreColumns;
import org.strata.store.Store;

/**
 * Every patient's level under one policy, with look-ups, worklists and rollups. Counts and rollups are
 * copied out when it is made; look-ups and worklists read the generation they were computed on, so they
 * work while the {@link Strata} that made this is open (afterwards they throw {@link IllegalStateException}).
 * Safe to share between threads.
 */
public final class Stratification {
  private static final String[] EFI = {"fit", "mild", "moderate", "severe"};

  private final Store store;
  private final LevelResult levels;
  private final List<Long> levelCounts;
  private final List<String> levelNames;
  private final UnitLevels footprint;
  private final List<UnitLevels> hubs;
  private final List<UnitLevels> practices;

  Stratification(Store store, LevelResult levels, RollupTables rollup) {
    this.store = store;
    this.levels = levels;
    long[] c = levels.levelCounts();
    this.levelCounts = List.of(c[1], c[2], c[3], c[4]);
    this.levelNames = List.copyOf(levels.levelNames().subList(1, 5));
    this.footprint = unit("footprint", rollup.footprint());
    this.hubs = units("hub", rollup.hubs());
    this.practices = units("practice", rollup.practices());
  }

  private static List<UnitLevels> units(String kind, List<RollupTables.Row> rows) {
    List<UnitLevels> out = new ArrayList<>(rows.size());
    for (RollupTables.Row r : rows) {
      out.add(unit(kind, r));
    }
    return List.copyOf(out);
  }

  private static UnitLevels unit(String kind, RollupTables.Row r) {
    return new UnitLevels(kind, r.code(), r.name(), r.registered(), r.unregistered(),
        List.of(r.level1(), r.level2(), r.level3(), r.level4()));
  }

  /** Patients at levels 1–4, in that order (index 0 is level 1). */
  public List<Long> levelCounts() {
    return levelCounts;
  }

  /** The policy's names of levels 1–4, in that order. */
  public List<String> levelNames() {
    return levelNames;
  }

  /** The whole footprint's row. */
  public UnitLevels footprint() {
    return footprint;
  }

  /** One row per hub, in hub order. */
  public List<UnitLevels> hubs() {
    return hubs;
  }

  /** One row per practice, by practice code. */
  public List<UnitLevels> practices() {
    return practices;
  }

  /**
   * One patient by NHS number (spaces allowed, e.g. "943 476 5919") or, in a pseudonymous store, pseudonym.
   *
   * @return empty when the patient is not in this generation
   * @throws IllegalArgumentException when {@code id} is not a valid NHS number (Modulus 11) in an NHS-number
   *     store; the message does not repeat it
   */
  public Optional<PatientLevel> patient(String id) throws IOException {
    int row;
    if (store.idKind() == IdKind.NHS_NUMBER) {
      long nhs = NhsNumber.parse(id);
      if (nhs == NhsNumber.INVALID) {
        throw new IllegalArgumentException("not a valid NHS number (10 digits with a Modulus 11 check digit)");
      }
      row = store.index().rowOf(nhs);
    } else {
      row = store.index().rowOf(id);
    }
    return row < 0 ? Optional.empty() : Optional.of(patientAt(row));
  }

  /**
   * Up to {@code limit} patients at {@code level}, highest admission risk first (ties: lower patient key
   * first) — the list a care coordinator works through. One pass over the footprint.
   */
  public List<PatientLevel> worklist(int level, int limit) {
    if (level < 1 || level > 4) {
      throw new IllegalArgumentException("level must be 1..4: " + level);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    // Min-heap of the best `limit` seen so far: its head is the weakest kept candidate.
    PriorityQueue<long[]> kept = new PriorityQueue<>(Math.max(1, limit), Stratification::compareWeakestFirst);
    final int[] predictor = levels.riskPredictorMicro();
    final int rows = levels.rowCount();
    for (int row = 0; row < rows; row++) {
      if (levels.level(row) != level) {
        continue;
      }
      long[] c = {predictor[row], store.patientKey(row), row};
      if (kept.size() < limit) {
        kept.add(c);
      } else if (limit > 0 && compareWeakestFirst(c, kept.peek()) > 0) {
        kept.poll();
        kept.add(c);
      }
    }
    List<long[]> best = new ArrayList<>(kept);
    best.sort((a, b) -> compareWeakestFirst(b, a));
    List<PatientLevel> out = new ArrayList<>(best.size());
    for (long[] c : best) {
      out.add(patientAt((int) c[2]));
    }
    return List.copyOf(out);
  }

  /** Orders candidates weakest first: lower risk, then higher key. */
  private static int compareWeakestFirst(long[] a, long[] b) {
    int byRisk = Long.compare(a[0], b[0]);
    return byRisk != 0 ? byRisk : Long.compare(b[1], a[1]);
  }

  private PatientLevel patientAt(int row) {
    int batch = store.batchOf(row);
    int from = (int) (row - store.batchFirstRow(batch));
    ScoreBatch in = new ScoreBatch(1).read(store, batch, from, 1);
    ScoreColumns out = new ScoreColumns(1);
    levels.scores(in, row, out);
    Map<String, Object> scores = new LinkedHashMap<>();
    scores.put("efi_category", EFI[out.efiCategory()[0]]);
    scores.put("ltc_count", (int) out.ltcCount()[0]);
    scores.put("cms", out.cmsX100()[0] / 100.0);
    scores.put("risk", out.riskX1e6()[0] / 1e6);
    for (org.strata.score.Score r : levels.registeredScores()) { // the registered scores the policy named
      scores.put(r.name(), out.registered(org.strata.score.Scores.indexOf(r))[0]);
    }
    int level = levels.level(row);
    int deciding = levels.decidingRule(row);
    List<String> reasons = new ArrayList<>();
    int bits = levels.reasons()[row];
    List<String> rules = levels.ruleNames();
    for (int r = 0; r < rules.size(); r++) {
      if ((bits >>> r & 1) != 0) {
        reasons.add(rules.get(r));
      }
    }
    Map<String, Object> stored = store.row(row);
    Object practice = stored.get("practice_code");
    return new PatientLevel(store.patientId(row), practice == null ? null : practice.toString(), level,
        levelNames.get(level - 1), deciding < 0 ? null : rules.get(deciding), reasons, scores);
  }
}
