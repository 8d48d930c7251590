package org.strata.serve;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strata.output.PatientArrowOutput;
import org.strata.store.ArrowFileRows;

/**
 * A run's per-patient results ({@code patients.arrow}) held in memory for look-ups, about 50 bytes a patient:
 * found by NHS number through a sorted array of packed key and row (binary search, nothing allocated), or by
 * pseudonym through a hash map. Each practice's patients, highest risk first, are sorted on first request.
 */
final class PatientTable {
  private static final int ROW_BITS = 29; // NHS numbers < 2^34: key << 29 | row stays positive
  private static final String[] KNOWN = {"patient_id", "practice", "level", "deciding_rule", "reasons",
      "efi_category", "ltc_count", "cms", "admission_risk"};

  final int rows;
  final long[] nhs; // null for pseudonyms
  final String[] pseudonym; // null for NHS numbers
  final int[] practice;
  final int[] level;
  final int[] rule;
  final int[] reasons;
  final int[] efi;
  final int[] ltc;
  final double[] cms;
  final double[] risk;
  final Map<String, int[]> registered; // the policy's registered scores, by name
  final List<String> rules;
  private final long[] byKey;
  private final Map<String, Integer> byPseudonym;
  private final int[][] rowsOfPractice;
  private final int[][] ranked; // by practice slot
  private final int[][][] rankedAtLevel; // by practice slot, then level (0: all)

  private PatientTable(ArrowFileRows.Columns c, int practices) {
    rows = Math.toIntExact(c.rowCount());
    if (rows >= 1 << ROW_BITS) {
      throw new IllegalArgumentException(rows + " patients: the service holds at most " + ((1 << ROW_BITS) - 1));
    }
    Object id = c.columns().get("patient_id");
    nhs = id instanceof long[] l ? l : null;
    pseudonym = id instanceof String[] s ? s : null;
    practice = (int[]) c.columns().get("practice");
    level = (int[]) c.columns().get("level");
    rule = (int[]) c.columns().get("deciding_rule");
    reasons = (int[]) c.columns().get("reasons");
    efi = (int[]) c.columns().get("efi_category");
    ltc = (int[]) c.columns().get("ltc_count");
    cms = (double[]) c.columns().get("cms");
    risk = (double[]) c.columns().get("admission_risk");
    registered = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : c.columns().entrySet()) {
      if (!Arrays.asList(KNOWN).contains(e.getKey()) && e.getValue() instanceof int[] v) {
        registered.put(e.getKey(), v);
      }
    }
    String r = c.metadata().getOrDefault("strata.rules", "");
    rules = r.isEmpty() ? List.of() : List.of(r.split(",", -1));
    if (nhs != null) {
      byKey = new long[rows];
      for (int i = 0; i < rows; i++) {
        byKey[i] = nhs[i] << ROW_BITS | i;
      }
      Arrays.parallelSort(byKey);
      byPseudonym = null;
    } else {
      byKey = null;
      byPseudonym = new HashMap<>(rows * 2);
      for (int i = 0; i < rows; i++) {
        byPseudonym.put(pseudonym[i], i);
      }
    }
    // rows of each practice, in file order: a counting sort by practice ordinal (-1, unregistered, last)
    int[] count = new int[practices + 1];
    for (int i = 0; i < rows; i++) {
      count[slotOf(practice[i], practices)]++;
    }
    rowsOfPractice = new int[practices + 1][];
    for (int p = 0; p <= practices; p++) {
      rowsOfPractice[p] = new int[count[p]];
    }
    int[] filled = new int[practices + 1];
    for (int i = 0; i < rows; i++) {
      int p = slotOf(practice[i], practices);
      rowsOfPractice[p][filled[p]++] = i;
    }
    // every worklist made now, before the run is served: requests are answered on the server's I/O threads,
    // which must never stop to sort a practice
    ranked = new int[practices + 1][];
    rankedAtLevel = new int[practices + 1][5][];
    for (int p = 0; p <= practices; p++) {
      ranked[p] = rankByRisk(rowsOfPractice[p]);
      int[] n = new int[5];
      for (int row : ranked[p]) {
        n[level[row] >= 1 && level[row] <= 4 ? level[row] : 0]++;
      }
      for (int l = 1; l <= 4; l++) {
        rankedAtLevel[p][l] = new int[n[l]];
      }
      int[] at = new int[5];
      for (int row : ranked[p]) {
        int l = level[row];
        if (l >= 1 && l <= 4) {
          rankedAtLevel[p][l][at[l]++] = row;
        }
      }
      rankedAtLevel[p][0] = ranked[p];
    }
  }

  /** Rows, highest admission risk first, ties by the lower patient key. */
  private int[] rankByRisk(int[] mine) {
    Integer[] boxed = new Integer[mine.length];
    for (int i = 0; i < mine.length; i++) {
      boxed[i] = mine[i];
    }
    Comparator<Integer> byRisk = (a, b) -> Double.compare(risk[b], risk[a]);
    Comparator<Integer> byKeyThen = nhs != null
        ? Comparator.comparingLong(a -> nhs[a]) : Comparator.comparing(a -> pseudonym[a]);
    Arrays.sort(boxed, byRisk.thenComparing(byKeyThen));
    int[] out = new int[mine.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = boxed[i];
    }
    return out;
  }

  private static int slotOf(int practice, int practices) {
    return practice >= 0 && practice < practices ? practice : practices;
  }

  static PatientTable load(Path runDir, int practices) throws IOException {
    return new PatientTable(ArrowFileRows.readAll(runDir.resolve(PatientArrowOutput.FILE)), practices);
  }

  /** The row of an NHS number, or -1. */
  int rowOf(long nhsNumber) {
    if (byKey == null) {
      return -1;
    }
    int lo = 0;
    int hi = byKey.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long k = byKey[mid] >>> ROW_BITS;
      if (k < nhsNumber) {
        lo = mid + 1;
      } else if (k > nhsNumber) {
        hi = mid - 1;
      } else {
        return (int) (byKey[mid] & ((1L << ROW_BITS) - 1));
      }
    }
    return -1;
  }

  /** The row of a pseudonym, or -1. */
  int rowOf(String key) {
    Integer r = byPseudonym == null ? null : byPseudonym.get(key);
    return r == null ? -1 : r;
  }

  /** The patient key of a row, as the store keys it: a Long NHS number or a String pseudonym. */
  Object keyOf(int row) {
    return nhs != null ? (Object) nhs[row] : pseudonym[row];
  }

  /** A practice's rows at one level (0: every level), highest admission risk first (ties by the lower key). */
  int[] ranked(int practiceOrdinal, int level) {
    return rankedAtLevel[Math.min(Math.max(practiceOrdinal, 0), rankedAtLevel.length - 1)][level];
  }

  /** The rule names whose bits are set in a row's reasons, in priority order. */
  List<String> reasonsOf(int row) {
    List<String> out = new ArrayList<>();
    int bits = reasons[row];
    for (int i = 0; i < rules.size(); i++) {
      if ((bits >>> i & 1) != 0) {
        out.add(rules.get(i));
      }
    }
    return out;
  }

  /** The rule that decided a row's level, or null (level 4). */
  String decidingRuleOf(int row) {
    int r = rule[row];
    return r >= 0 && r < rules.size() ? rules.get(r) : null;
  }
}
