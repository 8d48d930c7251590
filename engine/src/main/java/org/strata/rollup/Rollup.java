package org.strata.rollup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.strata.format.PatientColumn;
import org.strata.format.Practice;
import org.strata.level.LevelResult;
import org.strata.parallel.Workers;
import org.strata.score.Score;
import org.strata.score.ScoreBatch;
import org.strata.score.ScoreColumns;
import org.strata.score.Scores;
import org.strata.store.BatchSlice;
import org.strata.store.Store;
import org.strata.store.StoreManifest;

/**
 * Rolls levels and scores up to practices, hubs and the footprint: one pass over the store's practice,
 * LSOA, age, emergency-admission and cost columns, batch by batch, with each batch's levels and scores
 * taken from the {@link LevelResult}.
 *
 * <pre>{@code
 * RollupTables t = Rollup.compute(LevelAssigner.assign(store, policy, null, 0), store, hubs);
 * t.write(outDir);                    // practices.csv, hubs.csv, footprint.csv, rollup.json
 * t.suppressed(5).write(sharedDir);   // the variant that may leave the analytics team
 * System.out.print(t.toText());
 * }</pre>
 *
 * <p>Every row of the store lands in exactly one cell: its practice when registered, else the hub its LSOA
 * is placed in ({@link UnregisteredPlacement}), else the unassigned cell. The row loop adds into one flat
 * {@code long[]} of {@value #STRIDE} counters per cell and a flat array of deciding-rule counts per (cell,
 * level, rule); practices, hubs and the footprint are then sums of cells. So every table's totals equal the
 * store's row count by construction, and nobody is dropped.
 */
public final class Rollup {
  /** Rows a rollup worker takes at a time (its buffers are about 45 bytes a row: 3 MB). */
  static final int UNIT_ROWS = 1 << 16;

  /** Most deciding rules a policy may name. */
  public static final int MAX_RULES = 64;
  /** Levels of need. */
  public static final int LEVELS = 4;

  // Counters of a cell, in the flat array: four level counts, then the sums.
  static final int L1 = 0;
  static final int AGED_65 = 4;
  static final int FRAIL_MODERATE = 5;
  static final int FRAIL_SEVERE = 6;
  static final int LTC_2 = 7;
  static final int RISK_X1E6 = 8;
  static final int ADMISSIONS = 9;
  static final int COST_PENCE = 10;
  static final int COST_RECORDED = 11;
  static final int STRIDE = 12;

  private static final int TOP_REASONS = 3;

  /** How a warning about a footprint under 100,000 starts (HubFormation's or the rollup's, not both). */
  static final String FOOTPRINT_WARNING = "footprint under 100,000:";

  /** The flag of the unassigned row. */
  static final String UNASSIGNED_NOTE =
      "unregistered people with no LSOA, or in an LSOA where no registered patient lives";

  private Rollup() {}

  /**
   * Computes the rollup tables of a stratification of {@code store}: each batch's frailty category, LTC
   * count and admission risk are computed again from the store and the kept risk predictor ({@link
   * LevelResult#scores}), its levels and deciding rules from the reasons, so no whole-footprint array is
   * made. Batches are shared out between the cores, each adding into counters of its own, summed at the
   * end: sums of whole numbers, so the tables do not depend on which core took which batch.
   *
   * @param levels the levels assigned over {@code store}
   * @param store the store the levels were assigned over
   * @param hubs practice → hub, covering the store's practices
   */
  public static RollupTables compute(LevelResult levels, Store store, Hubs hubs) {
    return compute(levels, store, hubs, rows -> { });
  }

  /** As {@link #compute(LevelResult, Store, Hubs)}, telling {@code rowsDone} of each slice counted (from several threads). */
  public static RollupTables compute(LevelResult levels, Store store, Hubs hubs, LongConsumer rowsDone) {
    final long rows = store.rowCount();
    if (levels.rowCount() != rows) {
      throw new IllegalArgumentException("the store has " + rows + " rows but there are " + levels.rowCount()
          + " levels");
    }
    checkShape(levels.ruleNames(), store, hubs);
    List<Score> counted = levels.registeredScores().stream().filter(s -> s.rollupCount() != null).toList();
    return accumulate(levels.ruleNames(), counted, store, hubs, rowsDone, () -> new RowValues() {
      final ScoreBatch in = new ScoreBatch(UNIT_ROWS);
      final ScoreColumns out = new ScoreColumns(UNIT_ROWS);
      final byte[] level = new byte[UNIT_ROWS];
      final byte[] deciding = new byte[UNIT_ROWS];

      @Override
      public int load(BatchSlice slice) {
        levels.scores(in.read(store, slice.batch(), slice.from(), slice.rows()), slice.firstRow(), out);
        levels.levels((int) slice.firstRow(), slice.rows(), level, deciding);
        return 0;
      }

      @Override
      public byte[] level() {
        return level;
      }

      @Override
      public byte[] decidingRule() {
        return deciding;
      }

      @Override
      public ScoreColumns scores() {
        return out;
      }
    });
  }

  /**
   * Computes the rollup tables from whole-footprint arrays (row r = store row r): small hand-made inputs
   * in tests, checked row by row.
   *
   * @param level level 1–4 of every store row
   * @param decidingRule index into {@code ruleNames} of the rule that decided each row's level; -1 when no
   *     rule did (level 4)
   * @param ruleNames the policy's rule names, at most {@value #MAX_RULES}
   * @param scores the whole footprint's scores ({@code rowCount() == store.rowCount()})
   * @param store the store the levels were assigned over
   * @param hubs practice → hub, covering the store's practices
   */
  static RollupTables compute(byte[] level, byte[] decidingRule, List<String> ruleNames, ScoreColumns scores,
      Store store, Hubs hubs) {
    checkInputs(level, decidingRule, ruleNames, scores, store, hubs);
    return accumulate(ruleNames, List.of(), store, hubs, rows -> { }, () -> new RowValues() {
      @Override
      public int load(BatchSlice slice) {
        return (int) slice.firstRow();
      }

      @Override
      public byte[] level() {
        return level;
      }

      @Override
      public byte[] decidingRule() {
        return decidingRule;
      }

      @Override
      public ScoreColumns scores() {
        return scores;
      }
    });
  }

  /**
   * A batch's levels, deciding rules and scores, as one worker of {@link #accumulate} sees them: either
   * arrays over the whole footprint or arrays refilled batch by batch.
   */
  interface RowValues {
    /** Makes a slice's rows available; returns the index of the first of them in the arrays. */
    int load(BatchSlice slice);

    byte[] level();

    byte[] decidingRule();

    /** Frailty category, LTC count and admission risk are read. */
    ScoreColumns scores();
  }

  /** The row loop over every batch, split across the cores; {@code values} makes one view per worker. */
  private static RollupTables accumulate(List<String> ruleNames, List<Score> counted, Store store, Hubs hubs,
      LongConsumer rowsDone, Supplier<RowValues> values) {
    final int nc = counted.size();
    final int[] countedIndex = counted.stream().mapToInt(Scores::indexOf).toArray();
    final int[] countedFrom = counted.stream().mapToInt(Score::countedFrom).toArray();
    final int practiceCount = store.practices().size();
    final int hubCount = hubs.hubCount();
    final int unassignedCell = practiceCount + hubCount;
    final int cells = unassignedCell + 1;
    final int rules = ruleNames.size() + 1; // slot 0: no deciding rule
    final boolean hasCost = hasCost(store);

    // Where an unregistered person of each LSOA goes, decided once before the row loop.
    final int[] hubOfLsoa = UnregisteredPlacement.compute(store, hubs).hubOfLsoa();
    final int[] cellOfLsoa = UnregisteredPlacement.unitOfLsoa(hubOfLsoa, practiceCount, hubCount);
    // Work units of UNIT_ROWS, so each worker's buffers stay small whatever the batch size and core count.
    final List<BatchSlice> units = store.slices(UNIT_ROWS);
    final int workers = Workers.forItems(units.size());
    final long[][] acc = new long[workers][];
    final long[][] reasons = new long[workers][];
    final long[][] scoreCounts = new long[workers][];
    Workers.drain(workers, units.size(), "strata-rollup-", w -> {
      final long[] a = new long[cells * STRIDE];
      final long[] rs = new long[cells * LEVELS * rules];
      final long[] sc = new long[cells * nc];
      acc[w] = a;
      reasons[w] = rs;
      scoreCounts[w] = sc;
      final RowValues v = values.get();
      final short[] practice = new short[UNIT_ROWS];
      final int[] lsoa = new int[UNIT_ROWS];
      final byte[] age = new byte[UNIT_ROWS];
      final byte[] admissions = new byte[UNIT_ROWS];
      final int[] cost = new int[UNIT_ROWS];
      final int[] cell = new int[UNIT_ROWS];
      return u -> {
        final BatchSlice slice = units.get(u);
        final int b = slice.batch();
        final int from = slice.from();
        final int rows = slice.rows();
        final int base = v.load(slice);
        store.readShorts(PatientColumn.PRACTICE, b, from, practice, 0, rows);
        store.readInts(PatientColumn.LSOA, b, from, lsoa, 0, rows);
        store.readBytes(PatientColumn.AGE, b, from, age, 0, rows);
        store.readBytes(PatientColumn.EMERGENCY_ADMISSIONS, b, from, admissions, 0, rows);
        for (int i = 0; i < rows; i++) {
          final int p = practice[i];
          final int l = lsoa[i];
          cell[i] = p >= 0 ? p : l >= 0 ? cellOfLsoa[l] : unassignedCell;
        }
        final byte[] level = v.level();
        final byte[] decidingRule = v.decidingRule();
        final byte[] efi = v.scores().efiCategory();
        final byte[] ltc = v.scores().ltcCount();
        final int[] risk = v.scores().riskX1e6();
        for (int i = 0; i < rows; i++) {
          final int r = base + i;
          final int c = cell[i];
          final int at = c * STRIDE;
          final int lv = level[r] - 1;
          a[at + lv]++;
          rs[(c * LEVELS + lv) * rules + decidingRule[r] + 1]++;
          a[at + AGED_65] += age[i] >= 65 ? 1 : 0;
          final int e = efi[r];
          a[at + FRAIL_MODERATE] += e == 2 ? 1 : 0;
          a[at + FRAIL_SEVERE] += e == 3 ? 1 : 0;
          a[at + LTC_2] += ltc[r] >= 2 ? 1 : 0;
          a[at + RISK_X1E6] += risk[r];
          a[at + ADMISSIONS] += admissions[i];
        }
        for (int k = 0; k < nc; k++) {
          final int[] counts = v.scores().registered(countedIndex[k]);
          final int threshold = countedFrom[k];
          for (int i = 0; i < rows; i++) {
            sc[cell[i] * nc + k] += counts[base + i] >= threshold ? 1 : 0;
          }
        }
        if (hasCost) {
          store.readInts(PatientColumn.COST_PENCE, b, from, cost, 0, rows);
          for (int i = 0; i < rows; i++) {
            final int x = cost[i];
            final int at = cell[i] * STRIDE;
            a[at + COST_PENCE] += x >= 0 ? x : 0;
            a[at + COST_RECORDED] += x >= 0 ? 1 : 0;
          }
        }
        rowsDone.accept(rows);
      };
    });
    for (int w = 1; w < workers; w++) {
      add(acc[0], acc[w]);
      add(reasons[0], reasons[w]);
      add(scoreCounts[0], scoreCounts[w]);
    }
    List<String> countNames = counted.stream().map(Score::rollupCount).toList();
    return tables(new Cells(acc[0], reasons[0], rules, scoreCounts[0], countNames), ruleNames, store.practices(),
        hubs, hasCost, store.rowCount(), store.manifest().ingest(), hubOfLsoa);
  }

  /** Whether the store was ingested with a cost column. */
  static boolean hasCost(Store store) {
    return store.manifest().ingest() != null && store.manifest().ingest().hasCost();
  }

  private static void checkInputs(byte[] level, byte[] decidingRule, List<String> ruleNames, ScoreColumns scores,
      Store store, Hubs hubs) {
    final long rows = store.rowCount();
    if (level.length != rows || decidingRule.length != rows || scores.rowCount() != rows) {
      throw new IllegalArgumentException("the store has " + rows + " rows but there are " + level.length
          + " levels, " + decidingRule.length + " deciding rules and " + scores.rowCount() + " scores");
    }
    checkShape(ruleNames, store, hubs);
    final int n = (int) rows;
    final int maxRule = ruleNames.size() - 1;
    int badLevel = -1;
    int badRule = -1;
    for (int i = 0; i < n; i++) {
      final int lv = level[i];
      final int dr = decidingRule[i];
      badLevel = (lv < 1 || lv > LEVELS) && badLevel < 0 ? i : badLevel;
      badRule = (dr < -1 || dr > maxRule) && badRule < 0 ? i : badRule;
    }
    if (badLevel >= 0) {
      throw new IllegalArgumentException("level must be 1.." + LEVELS + ": row " + badLevel + " has "
          + level[badLevel]);
    }
    if (badRule >= 0) {
      throw new IllegalArgumentException("deciding rule must be -1.." + maxRule + ": row " + badRule + " has "
          + decidingRule[badRule]);
    }
  }

  /** Checks what every input shares: the rule count, and hubs covering the store's practices. */
  private static void checkShape(List<String> ruleNames, Store store, Hubs hubs) {
    if (ruleNames.size() > MAX_RULES) {
      throw new IllegalArgumentException("at most " + MAX_RULES + " rules: " + ruleNames.size());
    }
    if (hubs.practiceCount() != store.practices().size()) {
      throw new IllegalArgumentException("hubs cover " + hubs.practiceCount() + " practices, the store has "
          + store.practices().size());
    }
  }

  /** The summed counters of every cell: level and score counters, deciding-rule counts, registered-score counts. */
  private record Cells(long[] acc, long[] reasons, int rules, long[] scoreCounts, List<String> countNames) {
    /** One cell as one vector: counters, then deciding-rule counts, then registered-score counts. */
    long[] vector(int cell) {
      final int nc = countNames.size();
      long[] v = new long[STRIDE + LEVELS * rules + nc];
      System.arraycopy(acc, cell * STRIDE, v, 0, STRIDE);
      System.arraycopy(reasons, cell * LEVELS * rules, v, STRIDE, LEVELS * rules);
      System.arraycopy(scoreCounts, cell * nc, v, STRIDE + LEVELS * rules, nc);
      return v;
    }
  }

  /**
   * The tables from cell counters summed elsewhere ({@link RollupCells}: a cluster's partitions): the same rows,
   * flags and warnings as {@link #compute} gives for the same footprint.
   */
  static RollupTables tables(RollupCells cells, List<String> ruleNames, List<Practice> practices, Hubs hubs,
      boolean hasCost, long rowCount, StoreManifest.IngestCounts ingest) {
    return tables(new Cells(cells.counters(), cells.decidingRules(), ruleNames.size() + 1, new long[0], List.of()),
        ruleNames, practices, hubs, hasCost, rowCount, ingest, new int[0]);
  }

  private static RollupTables tables(Cells cells, List<String> ruleNames, List<Practice> practices, Hubs hubs,
      boolean hasCost, long rowCount, StoreManifest.IngestCounts ingest, int[] hubOfLsoa) {
    final int rules = cells.rules();
    final int practiceCount = practices.size();
    final int hubCount = hubs.hubCount();
    final int cellCount = practiceCount + hubCount + 1;
    final int width = STRIDE + LEVELS * rules + cells.countNames().size();
    // Every output row as one vector: counters then deciding-rule counts.
    final long[][] hubSum = new long[hubCount][width];
    final long[] footprint = new long[width];
    final long[] hubRegistered = new long[hubCount];
    List<RollupTables.Row> practiceRows = new ArrayList<>(practiceCount);
    for (int p = 0; p < practiceCount; p++) {
      long[] v = cells.vector(p);
      int h = hubs.hubOf(p);
      add(hubSum[h], v);
      hubRegistered[h] += levelTotal(v);
      Practice pr = practices.get(p);
      practiceRows.add(row(RollupTables.Kind.PRACTICE, pr.code(), pr.name(), hubs.name(h), 1, levelTotal(v), 0,
          v, ruleNames, cells, null));
    }
    practiceRows.sort((a, b) -> a.code().compareTo(b.code()));
    List<RollupTables.Row> hubRows = new ArrayList<>(hubCount + 1);
    for (int h = 0; h < hubCount; h++) {
      long[] unreg = cells.vector(practiceCount + h);
      add(hubSum[h], unreg);
      add(footprint, hubSum[h]);
      String flag = Hubs.rangeProblem(hubRegistered[h], levelTotal(hubSum[h]), hubs.problem(h));
      hubRows.add(row(RollupTables.Kind.HUB, hubs.name(h), hubs.name(h), hubs.name(h), hubs.practicesIn(h),
          hubRegistered[h], levelTotal(unreg), hubSum[h], ruleNames, cells, flag));
    }
    long[] unassigned = cells.vector(cellCount - 1);
    add(footprint, unassigned);
    RollupTables.Row unassignedRow = null;
    if (levelTotal(unassigned) > 0) {
      unassignedRow = row(RollupTables.Kind.UNASSIGNED, Hubs.UNASSIGNED, Hubs.UNASSIGNED, Hubs.UNASSIGNED, 0, 0,
          levelTotal(unassigned), unassigned, ruleNames, cells, UNASSIGNED_NOTE);
    }
    long registered = 0;
    for (long r : hubRegistered) {
      registered += r;
    }
    long total = levelTotal(footprint);
    List<String> warnings = new ArrayList<>(hubs.warnings());
    boolean warned = false;
    for (String w : warnings) {
      warned |= w.startsWith(FOOTPRINT_WARNING);
    }
    if (total < Hubs.MIN_FOOTPRINT && !warned) {
      warnings.add(String.format(Locale.ROOT, FOOTPRINT_WARNING + " %,d people, registered and unregistered"
          + " (an integrated care provider serves at least 100,000)", total));
    }
    RollupTables.Row footprintRow = row(RollupTables.Kind.FOOTPRINT, "footprint", "footprint", null,
        practiceCount, registered, total - registered, footprint, ruleNames, cells, null);
    if (total != rowCount) {
      throw new AssertionError("rollup counted " + total + " rows of " + rowCount);
    }
    return new RollupTables(practiceRows, hubRows, unassignedRow, footprintRow, hubCount, hasCost, warnings, 0,
        ingest, hubOfLsoa);
  }

  private static void add(long[] into, long[] v) {
    for (int k = 0; k < v.length; k++) {
      into[k] += v[k];
    }
  }

  private static long levelTotal(long[] v) {
    return v[L1] + v[L1 + 1] + v[L1 + 2] + v[L1 + 3];
  }

  private static RollupTables.Row row(RollupTables.Kind kind, String code, String name, String hub, int practices,
      long registered, long unregistered, long[] v, List<String> ruleNames, Cells cells, String flag) {
    final int rules = cells.rules();
    List<List<RollupTables.Reason>> top = new ArrayList<>(LEVELS);
    for (int lv = 0; lv < LEVELS; lv++) {
      int from = STRIDE + lv * rules + 1; // skip slot 0, "no deciding rule"
      List<RollupTables.Reason> best = new ArrayList<>(TOP_REASONS);
      boolean[] used = new boolean[rules - 1];
      for (int k = 0; k < TOP_REASONS; k++) {
        int pick = -1;
        for (int rule = 0; rule < rules - 1; rule++) {
          if (!used[rule] && v[from + rule] > 0 && (pick < 0 || v[from + rule] > v[from + pick])) {
            pick = rule; // strict: ties go to the earlier rule (higher priority)
          }
        }
        if (pick < 0) {
          break;
        }
        used[pick] = true;
        best.add(new RollupTables.Reason(ruleNames.get(pick), v[from + pick]));
      }
      top.add(List.copyOf(best));
    }
    return new RollupTables.Row(kind, code, name, hub, practices, registered, unregistered,
        v[L1], v[L1 + 1], v[L1 + 2], v[L1 + 3], v[AGED_65], v[FRAIL_MODERATE], v[FRAIL_SEVERE], v[LTC_2],
        v[RISK_X1E6], v[ADMISSIONS], v[COST_PENCE], v[COST_RECORDED], List.copyOf(top), flag, counts(v, cells));
  }

  private static Map<String, Long> counts(long[] v, Cells cells) {
    Map<String, Long> m = new LinkedHashMap<>();
    final int at = STRIDE + LEVELS * cells.rules();
    for (int k = 0; k < cells.countNames().size(); k++) {
      m.put(cells.countNames().get(k), v[at + k]);
    }
    return Collections.unmodifiableMap(m);
  }
}
