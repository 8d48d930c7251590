package org.strata.score;

import org.strata.format.PatientColumn;
import org.strata.store.Store;

/**
 * The primitive input columns the score kernels read, for one batch of rows: heap arrays sized once and
 * refilled batch after batch by bulk reads ({@link #read}). The arrays are live, not copies: a caller that
 * scores values that did not come from a store (a live look-up, a test, a benchmark) fills them and sets
 * {@link #rowCount(int)}.
 *
 * <pre>{@code
 * ScoreBatch in = ScoreBatch.forStore(store);
 * for (int b = 0; b < store.batchCount(); b++) {
 *   in.read(store, b);                 // nine bulk column reads
 *   scorer.score(in, out);
 * }
 * }</pre>
 *
 * Values are as stored ({@link PatientColumn}): {@code imdDecile} is -1 when not recorded, {@code
 * conditions} a bitmask in {@code Conditions.NAMES} order, {@code flags} a bitmask in {@code Flags} order.
 */
public final class ScoreBatch {
  private final byte[] age;
  private final byte[] sex;
  private final byte[] imdDecile;
  private final int[] conditions;
  private final byte[] flags;
  private final byte[] efiDeficits;
  private final byte[] emergencyAdmissions;
  private final short[] aeAttendances;
  private final byte[] medicines;
  private int rowCount;

  /** Empty arrays for up to {@code capacity} rows. */
  public ScoreBatch(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative: " + capacity);
    }
    age = new byte[capacity];
    sex = new byte[capacity];
    imdDecile = new byte[capacity];
    conditions = new int[capacity];
    flags = new byte[capacity];
    efiDeficits = new byte[capacity];
    emergencyAdmissions = new byte[capacity];
    aeAttendances = new short[capacity];
    medicines = new byte[capacity];
  }

  /** Arrays large enough for the store's largest batch. */
  public static ScoreBatch forStore(Store store) {
    return new ScoreBatch(store.maxBatchRows());
  }

  /** Fills the arrays with batch {@code batch} of {@code store}: one bulk read per column. */
  public ScoreBatch read(Store store, int batch) {
    return read(store, batch, 0, store.batchRows(batch));
  }

  /**
   * Fills the arrays with {@code rows} rows of batch {@code batch} from its row {@code from}: callers that
   * work in slices small enough to stay in the core's cache read a batch this way, slice by slice.
   */
  public ScoreBatch read(Store store, int batch, int from, int rows) {
    if (from < 0 || rows < 0 || (long) from + rows > store.batchRows(batch)) {
      throw new IllegalArgumentException("rows " + from + ".." + ((long) from + rows) + " are not within batch "
          + batch + " (" + store.batchRows(batch) + " rows)");
    }
    if (rows > capacity()) {
      throw new IllegalArgumentException(
          "reading " + rows + " rows of batch " + batch + ", more than this ScoreBatch's capacity " + capacity());
    }
    store.readBytes(PatientColumn.AGE, batch, from, age, 0, rows);
    store.readBytes(PatientColumn.SEX, batch, from, sex, 0, rows);
    // Null slots hold -1 in the data buffer (the writer copies the heap sentinel); the risk kernel also
    // treats any value outside 1..10 as not recorded, so a different writer's null filler is harmless.
    store.readBytes(PatientColumn.IMD_DECILE, batch, from, imdDecile, 0, rows);
    store.readInts(PatientColumn.CONDITIONS, batch, from, conditions, 0, rows);
    store.readBytes(PatientColumn.FLAGS, batch, from, flags, 0, rows);
    store.readBytes(PatientColumn.EFI_DEFICITS, batch, from, efiDeficits, 0, rows);
    store.readBytes(PatientColumn.EMERGENCY_ADMISSIONS, batch, from, emergencyAdmissions, 0, rows);
    store.readShorts(PatientColumn.AE_ATTENDANCES, batch, from, aeAttendances, 0, rows);
    store.readBytes(PatientColumn.MEDICINES, batch, from, medicines, 0, rows);
    rowCount = rows;
    return this;
  }

  /**
   * Fills the arrays with rows {@code from..from + rows} of a parsed batch (a caller that validated rows itself,
   * without a store: a Spark partition).
   */
  public ScoreBatch read(org.strata.format.PatientBatch b, int from, int rows) {
    if (from < 0 || rows < 0 || from + rows > b.rowCount() || rows > capacity()) {
      throw new IllegalArgumentException("rows " + from + ".." + (from + rows) + " of a batch of " + b.rowCount()
          + " into a ScoreBatch of " + capacity());
    }
    System.arraycopy(b.age, from, age, 0, rows);
    System.arraycopy(b.sex, from, sex, 0, rows);
    System.arraycopy(b.imdDecile, from, imdDecile, 0, rows);
    System.arraycopy(b.conditions, from, conditions, 0, rows);
    System.arraycopy(b.flags, from, flags, 0, rows);
    System.arraycopy(b.efiDeficits, from, efiDeficits, 0, rows);
    System.arraycopy(b.emergencyAdmissions, from, emergencyAdmissions, 0, rows);
    System.arraycopy(b.aeAttendances, from, aeAttendances, 0, rows);
    System.arraycopy(b.medicines, from, medicines, 0, rows);
    rowCount = rows;
    return this;
  }

  public int capacity() {
    return age.length;
  }

  /** Rows filled. */
  public int rowCount() {
    return rowCount;
  }

  /** Sets the rows filled, for callers that fill the arrays themselves. */
  public ScoreBatch rowCount(int rows) {
    if (rows < 0 || rows > capacity()) {
      throw new IllegalArgumentException("row count must be in 0.." + capacity() + ": " + rows);
    }
    rowCount = rows;
    return this;
  }

  /** Age in whole years, 0–120. */
  public byte[] age() {
    return age;
  }

  /** 1 male, 2 female, 0 not known. */
  public byte[] sex() {
    return sex;
  }

  /** 1 (most deprived) … 10; -1 not recorded. */
  public byte[] imdDecile() {
    return imdDecile;
  }

  /** Bit i = Cambridge condition i. */
  public int[] conditions() {
    return conditions;
  }

  /** Bit i = register flag i ({@code org.strata.format.Flags}). */
  public byte[] flags() {
    return flags;
  }

  /** eFI deficit count, 0–36. */
  public byte[] efiDeficits() {
    return efiDeficits;
  }

  /** Emergency admissions, last 12 months, 0–50. */
  public byte[] emergencyAdmissions() {
    return emergencyAdmissions;
  }

  /** A&amp;E attendances, last 12 months, 0–200. */
  public short[] aeAttendances() {
    return aeAttendances;
  }

  /** Distinct medicines, last 12 months, 0–100. */
  public byte[] medicines() {
    return medicines;
  }
}
