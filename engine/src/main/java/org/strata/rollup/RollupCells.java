package org.strata.rollup;

import java.io.Serializable;
import java.util.List;
import org.strata.format.Practice;
import org.strata.store.StoreManifest;

/**
 * The rollup's cell counters, filled row by row by a caller that holds the footprint in pieces (a Spark
 * partition), summed with {@link #add(RollupCells)}, and made into the same {@link RollupTables} — the same
 * practices.csv, hubs.csv, footprint.csv and rollup.json — as {@link Rollup#compute} gives on one machine. A
 * row's cell is its practice when registered, else its LSOA's hub ({@link #hubCell}), else {@link #unassignedCell}.
 * The layout is {@link Rollup}'s: {@value Rollup#STRIDE} counters per cell, then deciding-rule counts per
 * (cell, level, rule + 1).
 */
public final class RollupCells implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int practices;
  private final int hubs;
  private final int rules;
  private final long[] counters;
  private final long[] deciding;

  /** Empty counters for {@code practices} practices, {@code hubs} hubs and a policy of {@code ruleCount} rules. */
  public RollupCells(int practices, int hubs, int ruleCount) {
    this.practices = practices;
    this.hubs = hubs;
    this.rules = ruleCount + 1; // slot 0: no deciding rule
    int cells = practices + hubs + 1;
    this.counters = new long[cells * Rollup.STRIDE];
    this.deciding = new long[cells * Rollup.LEVELS * rules];
  }

  /** The cell of an unregistered person placed in hub {@code hub}. */
  public int hubCell(int hub) {
    return practices + hub;
  }

  /** The cell of an unregistered person who could not be placed. */
  public int unassignedCell() {
    return practices + hubs;
  }

  /**
   * Counts one person: {@code level} 1–4, {@code decidingRule} -1 (none) or a rule index, {@code efiCategory}
   * 0–3, {@code costPence} -1 when not recorded.
   */
  public void add(int cell, int level, int decidingRule, int age, int efiCategory, int ltcCount, int riskX1e6,
      int emergencyAdmissions, int costPence) {
    final int at = cell * Rollup.STRIDE;
    final int lv = level - 1;
    counters[at + lv]++;
    deciding[(cell * Rollup.LEVELS + lv) * rules + decidingRule + 1]++;
    counters[at + Rollup.AGED_65] += age >= 65 ? 1 : 0;
    counters[at + Rollup.FRAIL_MODERATE] += efiCategory == 2 ? 1 : 0;
    counters[at + Rollup.FRAIL_SEVERE] += efiCategory == 3 ? 1 : 0;
    counters[at + Rollup.LTC_2] += ltcCount >= 2 ? 1 : 0;
    counters[at + Rollup.RISK_X1E6] += riskX1e6;
    counters[at + Rollup.ADMISSIONS] += emergencyAdmissions;
    counters[at + Rollup.COST_PENCE] += costPence >= 0 ? costPence : 0;
    counters[at + Rollup.COST_RECORDED] += costPence >= 0 ? 1 : 0;
  }

  /** Adds {@code other}'s counts into these (same shape); returns this. */
  public RollupCells add(RollupCells other) {
    if (other.counters.length != counters.length || other.deciding.length != deciding.length) {
      throw new IllegalArgumentException("rollup cells of another shape");
    }
    for (int k = 0; k < counters.length; k++) {
      counters[k] += other.counters[k];
    }
    for (int k = 0; k < deciding.length; k++) {
      deciding[k] += other.deciding[k];
    }
    return this;
  }

  /**
   * The tables. {@code hasCost}: the extract has a {@code cost_12m} column (cost columns are blank otherwise);
   * {@code ingest}: the counts footprint.csv reports.
   */
  public RollupTables tables(List<String> ruleNames, List<Practice> practiceList, Hubs hubTable, boolean hasCost,
      long rowCount, StoreManifest.IngestCounts ingest) {
    if (ruleNames.size() + 1 != rules || practiceList.size() != practices || hubTable.hubCount() != hubs) {
      throw new IllegalArgumentException("rollup cells of another shape than the rules, practices and hubs given");
    }
    return Rollup.tables(this, ruleNames, practiceList, hubTable, hasCost, rowCount, ingest);
  }

  long[] counters() {
    return counters;
  }

  long[] decidingRules() {
    return deciding;
  }
}
