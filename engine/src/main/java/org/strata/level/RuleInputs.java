package org.strata.level;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.strata.format.PatientColumn;
import org.strata.score.ScoreColumns;
import org.strata.store.Store;

/**
 * The columns a compiled policy reads, for one slice of rows, widened to int arrays: loaded once per slice
 * for exactly the columns the policy names (decided at compile time), then read by every rule's kernel.
 */
final class RuleInputs {
  private final Map<RuleColumn.Source, int[]> plain = new EnumMap<>(RuleColumn.Source.class);
  private final int[][] conditionBits;
  private final int[][] flagBits;
  private final int[][] registered = new int[org.strata.score.Scores.REGISTERED.size()][];
  private final byte[] bytes;
  private final short[] shorts;
  private final int[] ints;

  RuleInputs(Set<RuleColumn> used, int capacity) {
    conditionBits = new int[32][];
    flagBits = new int[8][];
    for (RuleColumn c : used) {
      switch (c.source()) {
        case CONDITION -> conditionBits[c.index()] = new int[capacity];
        case FLAG -> flagBits[c.index()] = new int[capacity];
        case REGISTERED -> registered[c.index()] = new int[capacity];
        default -> plain.put(c.source(), new int[capacity]);
      }
    }
    bytes = new byte[capacity];
    shorts = new short[capacity];
    ints = new int[capacity];
  }

  /** The values of {@code c} for the loaded batch. */
  int[] values(RuleColumn c) {
    return switch (c.source()) {
      case CONDITION -> conditionBits[c.index()];
      case FLAG -> flagBits[c.index()];
      case REGISTERED -> registered[c.index()];
      default -> plain.get(c.source());
    };
  }

  /**
   * Loads {@code rows} rows of batch {@code b} of the store from its row {@code from}, and their scores
   * (in {@code scores} from {@code offset}).
   */
  void load(Store store, int b, int from, int rows, ScoreColumns scores, int offset) {
    for (Map.Entry<RuleColumn.Source, int[]> e : plain.entrySet()) {
      int[] dst = e.getValue();
      switch (e.getKey()) {
        case AGE -> widen(store, PatientColumn.AGE, b, from, rows, dst);
        case SEX -> widen(store, PatientColumn.SEX, b, from, rows, dst);
        case IMD_DECILE -> widen(store, PatientColumn.IMD_DECILE, b, from, rows, dst);
        case EFI_DEFICITS -> widen(store, PatientColumn.EFI_DEFICITS, b, from, rows, dst);
        case EMERGENCY_ADMISSIONS -> widen(store, PatientColumn.EMERGENCY_ADMISSIONS, b, from, rows, dst);
        case AE_ATTENDANCES -> widenShorts(store, PatientColumn.AE_ATTENDANCES, b, from, rows, dst);
        case ELECTIVE_ADMISSIONS -> widen(store, PatientColumn.ELECTIVE_ADMISSIONS, b, from, rows, dst);
        case OUTPATIENT_ATTENDANCES -> widenShorts(store, PatientColumn.OUTPATIENT_ATTENDANCES, b, from, rows, dst);
        case GP_CONTACTS -> widenShorts(store, PatientColumn.GP_CONTACTS, b, from, rows, dst);
        case BED_DAYS -> widenShorts(store, PatientColumn.BED_DAYS, b, from, rows, dst);
        case MEDICINES -> widen(store, PatientColumn.MEDICINES, b, from, rows, dst);
        case COST_PENCE -> store.readInts(PatientColumn.COST_PENCE, b, from, dst, 0, rows);
        case LTC_COUNT -> widen(scores.ltcCount(), offset, rows, dst);
        case EFI_CATEGORY -> widen(scores.efiCategory(), offset, rows, dst);
        case CMS_X100 -> System.arraycopy(scores.cmsX100(), offset, dst, 0, rows);
        case RISK_X1E6 -> System.arraycopy(scores.riskX1e6(), offset, dst, 0, rows);
        default -> throw new IllegalStateException(e.getKey().toString());
      }
    }
    for (int k = 0; k < registered.length; k++) {
      if (registered[k] != null) {
        System.arraycopy(scores.registered(k), offset, registered[k], 0, rows);
      }
    }
    if (hasAny(conditionBits)) {
      store.readInts(PatientColumn.CONDITIONS, b, from, ints, 0, rows);
      unpack(ints, rows, conditionBits);
    }
    if (hasAny(flagBits)) {
      store.readBytes(PatientColumn.FLAGS, b, from, bytes, 0, rows);
      for (int i = 0; i < rows; i++) {
        ints[i] = bytes[i];
      }
      unpack(ints, rows, flagBits);
    }
  }

  private void widen(Store store, PatientColumn col, int b, int from, int rows, int[] dst) {
    store.readBytes(col, b, from, bytes, 0, rows);
    widen(bytes, 0, rows, dst);
  }

  private static void widen(byte[] src, int offset, int rows, int[] dst) {
    for (int i = 0; i < rows; i++) {
      dst[i] = src[offset + i];
    }
  }

  private void widenShorts(Store store, PatientColumn col, int b, int from, int rows, int[] dst) {
    store.readShorts(col, b, from, shorts, 0, rows);
    for (int i = 0; i < rows; i++) {
      dst[i] = shorts[i];
    }
  }

  private static void unpack(int[] packed, int rows, int[][] bits) {
    for (int k = 0; k < bits.length; k++) {
      int[] dst = bits[k];
      if (dst == null) {
        continue;
      }
      for (int i = 0; i < rows; i++) {
        dst[i] = (packed[i] >>> k) & 1;
      }
    }
  }

  private static boolean hasAny(int[][] a) {
    for (int[] x : a) {
      if (x != null) {
        return true;
      }
    }
    return false;
  }
}
