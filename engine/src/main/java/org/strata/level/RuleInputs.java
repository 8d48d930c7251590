package org.strata.level;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.strata.format.PatientBatch;
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

  /** Where a slice's columns are read from: a store's batch, or a parsed batch in memory. */
  interface Columns {
    void bytes(PatientColumn c, byte[] dst, int rows);

    void shorts(PatientColumn c, short[] dst, int rows);

    void ints(PatientColumn c, int[] dst, int rows);

    /** Rows from {@code from} of batch {@code b} of a store. */
    static Columns of(Store store, int b, int from) {
      return new Columns() {
        @Override
        public void bytes(PatientColumn c, byte[] dst, int rows) {
          store.readBytes(c, b, from, dst, 0, rows);
        }

        @Override
        public void shorts(PatientColumn c, short[] dst, int rows) {
          store.readShorts(c, b, from, dst, 0, rows);
        }

        @Override
        public void ints(PatientColumn c, int[] dst, int rows) {
          store.readInts(c, b, from, dst, 0, rows);
        }
      };
    }

    /** Rows from {@code from} of a parsed batch. */
    static Columns of(PatientBatch batch, int from) {
      return new Columns() {
        @Override
        public void bytes(PatientColumn c, byte[] dst, int rows) {
          System.arraycopy(batch.bytes(c), from, dst, 0, rows);
        }

        @Override
        public void shorts(PatientColumn c, short[] dst, int rows) {
          System.arraycopy(batch.shorts(c), from, dst, 0, rows);
        }

        @Override
        public void ints(PatientColumn c, int[] dst, int rows) {
          System.arraycopy(batch.ints(c), from, dst, 0, rows);
        }
      };
    }
  }

  /**
   * Loads {@code rows} rows of batch {@code b} of the store from its row {@code from}, and their scores
   * (in {@code scores} from {@code offset}).
   */
  void load(Store store, int b, int from, int rows, ScoreColumns scores, int offset) {
    load(Columns.of(store, b, from), rows, scores, offset);
  }

  /** Loads {@code rows} rows of {@code in}, and their scores (in {@code scores} from {@code offset}). */
  void load(Columns in, int rows, ScoreColumns scores, int offset) {
    for (Map.Entry<RuleColumn.Source, int[]> e : plain.entrySet()) {
      int[] dst = e.getValue();
      switch (e.getKey()) {
        case AGE -> widen(in, PatientColumn.AGE, rows, dst);
        case SEX -> widen(in, PatientColumn.SEX, rows, dst);
        case IMD_DECILE -> widen(in, PatientColumn.IMD_DECILE, rows, dst);
        case EFI_DEFICITS -> widen(in, PatientColumn.EFI_DEFICITS, rows, dst);
        case EMERGENCY_ADMISSIONS -> widen(in, PatientColumn.EMERGENCY_ADMISSIONS, rows, dst);
        case AE_ATTENDANCES -> widenShorts(in, PatientColumn.AE_ATTENDANCES, rows, dst);
        case ELECTIVE_ADMISSIONS -> widen(in, PatientColumn.ELECTIVE_ADMISSIONS, rows, dst);
        case OUTPATIENT_ATTENDANCES -> widenShorts(in, PatientColumn.OUTPATIENT_ATTENDANCES, rows, dst);
        case GP_CONTACTS -> widenShorts(in, PatientColumn.GP_CONTACTS, rows, dst);
        case BED_DAYS -> widenShorts(in, PatientColumn.BED_DAYS, rows, dst);
        case MEDICINES -> widen(in, PatientColumn.MEDICINES, rows, dst);
        case COST_PENCE -> in.ints(PatientColumn.COST_PENCE, dst, rows);
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
      in.ints(PatientColumn.CONDITIONS, ints, rows);
      unpack(ints, rows, conditionBits);
    }
    if (hasAny(flagBits)) {
      in.bytes(PatientColumn.FLAGS, bytes, rows);
      for (int i = 0; i < rows; i++) {
        ints[i] = bytes[i];
      }
      unpack(ints, rows, flagBits);
    }
  }

  private void widen(Columns in, PatientColumn col, int rows, int[] dst) {
    in.bytes(col, bytes, rows);
    widen(bytes, 0, rows, dst);
  }

  private static void widen(byte[] src, int offset, int rows, int[] dst) {
    for (int i = 0; i < rows; i++) {
      dst[i] = src[offset + i];
    }
  }

  private void widenShorts(Columns in, PatientColumn col, int rows, int[] dst) {
    in.shorts(col, shorts, rows);
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
