package org.strata.format;

/**
 * Up to {@link #capacity()} validated patient rows as primitive arrays, one per {@link PatientColumn}:
 * what ingest hands to the store's writer. Reused batch after batch; {@link #clear()} resets the row count.
 */
public final class PatientBatch {
  private final int capacity;
  private int rows;

  /** NHS numbers (NHS-number stores). */
  public final long[] nhsNumber;
  /** Pseudonyms (pseudonymous stores); null otherwise. */
  public final String[] pseudonym;

  public final short[] practice;
  public final int[] lsoa;
  public final byte[] age;
  public final byte[] sex;
  public final byte[] imdDecile;
  public final int[] conditions;
  public final byte[] flags;
  public final byte[] efiDeficits;
  public final byte[] emergencyAdmissions;
  public final short[] aeAttendances;
  public final byte[] electiveAdmissions;
  public final short[] outpatientAttendances;
  public final short[] gpContacts;
  public final short[] bedDays;
  public final byte[] medicines;
  public final int[] costPence;
  public final byte[] emergencyAdmissionsNext12m;
  public final int[] sourceLine;
  /** The patient's place in the store's level history, given by the patient index at ingest. */
  public final int[] historySlot;

  public PatientBatch(int capacity, IdKind idKind) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
    this.nhsNumber = new long[capacity];
    this.pseudonym = idKind == IdKind.PSEUDONYM ? new String[capacity] : null;
    this.practice = new short[capacity];
    this.lsoa = new int[capacity];
    this.age = new byte[capacity];
    this.sex = new byte[capacity];
    this.imdDecile = new byte[capacity];
    this.conditions = new int[capacity];
    this.flags = new byte[capacity];
    this.efiDeficits = new byte[capacity];
    this.emergencyAdmissions = new byte[capacity];
    this.aeAttendances = new short[capacity];
    this.electiveAdmissions = new byte[capacity];
    this.outpatientAttendances = new short[capacity];
    this.gpContacts = new short[capacity];
    this.bedDays = new short[capacity];
    this.medicines = new byte[capacity];
    this.costPence = new int[capacity];
    this.emergencyAdmissionsNext12m = new byte[capacity];
    this.sourceLine = new int[capacity];
    this.historySlot = new int[capacity];
  }

  public int capacity() {
    return capacity;
  }

  public int rowCount() {
    return rows;
  }

  public boolean isFull() {
    return rows == capacity;
  }

  /** Empties the batch for reuse. */
  public void clear() {
    rows = 0;
  }

  /** Commits the row being filled at index {@link #rowCount()}. */
  public void commitRow() {
    rows++;
  }

  /** Keeps only the first {@code n} rows. */
  public void truncate(int n) {
    if (n < 0 || n > rows) {
      throw new IllegalArgumentException("truncate " + n + " of " + rows + " rows");
    }
    rows = n;
  }

  /** Copies row {@code from} to row {@code to} (compaction after duplicates are removed; from &gt; to). */
  public void moveRow(int from, int to) {
    nhsNumber[to] = nhsNumber[from];
    if (pseudonym != null) {
      pseudonym[to] = pseudonym[from];
    }
    practice[to] = practice[from];
    lsoa[to] = lsoa[from];
    age[to] = age[from];
    sex[to] = sex[from];
    imdDecile[to] = imdDecile[from];
    conditions[to] = conditions[from];
    flags[to] = flags[from];
    efiDeficits[to] = efiDeficits[from];
    emergencyAdmissions[to] = emergencyAdmissions[from];
    aeAttendances[to] = aeAttendances[from];
    electiveAdmissions[to] = electiveAdmissions[from];
    outpatientAttendances[to] = outpatientAttendances[from];
    gpContacts[to] = gpContacts[from];
    bedDays[to] = bedDays[from];
    medicines[to] = medicines[from];
    costPence[to] = costPence[from];
    emergencyAdmissionsNext12m[to] = emergencyAdmissionsNext12m[from];
    sourceLine[to] = sourceLine[from];
    historySlot[to] = historySlot[from];
  }

  /** The live array of a one-byte column ({@link PatientColumn#type}); throws for a column of another width. */
  public byte[] bytes(PatientColumn c) {
    return switch (c) {
      case AGE -> age;
      case SEX -> sex;
      case IMD_DECILE -> imdDecile;
      case FLAGS -> flags;
      case EFI_DEFICITS -> efiDeficits;
      case EMERGENCY_ADMISSIONS -> emergencyAdmissions;
      case ELECTIVE_ADMISSIONS -> electiveAdmissions;
      case MEDICINES -> medicines;
      case EMERGENCY_ADMISSIONS_NEXT_12M -> emergencyAdmissionsNext12m;
      default -> throw new IllegalArgumentException(c + " is not a one-byte column");
    };
  }

  /** The live array of a two-byte column. */
  public short[] shorts(PatientColumn c) {
    return switch (c) {
      case PRACTICE -> practice;
      case AE_ATTENDANCES -> aeAttendances;
      case OUTPATIENT_ATTENDANCES -> outpatientAttendances;
      case GP_CONTACTS -> gpContacts;
      case BED_DAYS -> bedDays;
      default -> throw new IllegalArgumentException(c + " is not a two-byte column");
    };
  }

  /** The live array of a four-byte column. */
  public int[] ints(PatientColumn c) {
    return switch (c) {
      case LSOA -> lsoa;
      case CONDITIONS -> conditions;
      case COST_PENCE -> costPence;
      case SOURCE_LINE -> sourceLine;
      case HISTORY_SLOT -> historySlot;
      default -> throw new IllegalArgumentException(c + " is not a four-byte column");
    };
  }
}
