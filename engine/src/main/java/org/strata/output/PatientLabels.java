package org.strata.output;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.strata.rollup.Hubs;
import org.strata.rollup.UnregisteredPlacement;
import org.strata.score.FrailtyKernel;
import org.strata.score.Score;
import org.strata.score.Scores;
import org.strata.store.Store;

/**
 * What the per-patient outputs that write names rather than ordinals ({@code patients.csv}, {@code
 * patients.parquet}) look up for each row, as UTF-8 bytes made once per run: practice codes, rule names, eFI
 * category names, hub names, level names, and the registered scores the policy names.
 */
final class PatientLabels {
  final byte[][] practiceCodes;
  final byte[][] ruleNames;
  final byte[][] efiNames;
  final byte[][] hubNames;
  /** Indexed by level, 1–4 (index 0 unused, as in the policy's list). */
  final byte[][] levelNames;
  /** The registered scores the policy names, in the order their columns follow the built-in scores. */
  final List<Score> registered;
  /** Each registered score's index in the run's {@code ScoreColumns}. */
  final int[] registeredIndex;
  private final int[] hubOfPractice;
  private final int[] hubOfLsoa;

  PatientLabels(RunContents run) {
    Store store = run.store();
    practiceCodes = new byte[store.practices().size()][];
    for (int p = 0; p < practiceCodes.length; p++) {
      practiceCodes[p] = utf8(store.practices().get(p).code());
    }
    List<String> rules = run.levels().ruleNames();
    ruleNames = new byte[rules.size()][];
    for (int i = 0; i < ruleNames.length; i++) {
      ruleNames[i] = utf8(rules.get(i));
    }
    efiNames = new byte[FrailtyKernel.CATEGORY_NAMES.size()][];
    for (int c = 0; c < efiNames.length; c++) {
      efiNames[c] = utf8(FrailtyKernel.CATEGORY_NAMES.get(c));
    }
    Hubs hubs = run.hubs();
    hubNames = new byte[hubs.hubCount()][];
    for (int h = 0; h < hubNames.length; h++) {
      hubNames[h] = utf8(hubs.name(h));
    }
    levelNames = new byte[run.levels().levelNames().size()][];
    for (int l = 0; l < levelNames.length; l++) {
      levelNames[l] = utf8(run.levels().levelNames().get(l));
    }
    registered = run.levels().registeredScores();
    registeredIndex = registered.stream().mapToInt(Scores::indexOf).toArray();
    hubOfPractice = hubs.hubOfPractice();
    hubOfLsoa = run.rollup().hubOfLsoa(); // where the rollups counted the unregistered
  }

  /**
   * The hub row {@code i} of the slice was counted in: its practice's, or for the unregistered the hub their
   * LSOA was placed in; {@link UnregisteredPlacement#UNPLACED} for none.
   */
  int hub(PatientSlice batch, int i) {
    final short p = batch.practice[i];
    if (p >= 0) {
      return hubOfPractice[p];
    }
    final int l = batch.lsoa[i];
    return l >= 0 ? hubOfLsoa[l] : UnregisteredPlacement.UNPLACED;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
