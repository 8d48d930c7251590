package org.strata.format;

/**
 * The validated patient columns, as ingest hands them on and the store keeps them: compact types, the
 * 20 Cambridge conditions as one bitmask, the six register flags as another, practice and LSOA as
 * ordinals into their dictionaries. Optional values that were not recorded hold {@link #MISSING} (-1)
 * in the heap arrays and are null in the Arrow file.
 *
 * <p>The order here is the store's column order; changing it changes the file format
 * ({@code StoreManifest.FORMAT_VERSION}).
 */
public enum PatientColumn {
  /** NHS number as a 10-digit long, or a pseudonym (UTF-8). */
  PATIENT_ID("patient_id", StoredType.INT64, false),
  /** Ordinal into the practices dictionary; -1 for the unregistered population. */
  PRACTICE("practice", StoredType.INT16, false),
  /** Ordinal into the LSOA dictionary; -1 when not recorded. */
  LSOA("lsoa", StoredType.INT32, true),
  AGE("age", StoredType.INT8, false),
  /** 1 male, 2 female, 0 not known/not specified. */
  SEX("sex", StoredType.INT8, false),
  /** 1 = most deprived … 10; -1 not recorded. */
  IMD_DECILE("imd_decile", StoredType.INT8, true),
  /** Bit i set = Cambridge condition i ({@link Conditions#NAMES} order). */
  CONDITIONS("conditions", StoredType.INT32, false),
  /** Bit i set = register flag i ({@link Flags#NAMES} order). */
  FLAGS("flags", StoredType.INT8, false),
  EFI_DEFICITS("efi_deficits", StoredType.INT8, false),
  EMERGENCY_ADMISSIONS("emergency_admissions", StoredType.INT8, false),
  AE_ATTENDANCES("ae_attendances", StoredType.INT16, false),
  ELECTIVE_ADMISSIONS("elective_admissions", StoredType.INT8, false),
  OUTPATIENT_ATTENDANCES("outpatient_attendances", StoredType.INT16, false),
  GP_CONTACTS("gp_contacts", StoredType.INT16, false),
  BED_DAYS("bed_days", StoredType.INT16, false),
  MEDICINES("medicines", StoredType.INT8, false),
  /** Cost of the last 12 months in pence; -1 not recorded. */
  COST_PENCE("cost_12m_pence", StoredType.INT32, true),
  /** Outcome for model fitting; -1 not recorded. */
  EMERGENCY_ADMISSIONS_NEXT_12M("emergency_admissions_next_12m", StoredType.INT8, true),
  /** 1-based line of the input file the row came from (for tracing, never shared). */
  SOURCE_LINE("source_line", StoredType.INT32, false),
  /**
   * The patient's place in the store's level history, stable across generations: given by the patient
   * index at ingest, so a run records history without a look-up (never shared).
   */
  HISTORY_SLOT("history_slot", StoredType.INT32, false);

  /** Heap sentinel for "not recorded" in nullable columns. */
  public static final int MISSING = -1;

  private static final PatientColumn[] VALUES = values();

  private final String storedName;
  private final StoredType type;
  private final boolean nullable;

  PatientColumn(String storedName, StoredType type, boolean nullable) {
    this.storedName = storedName;
    this.type = type;
    this.nullable = nullable;
  }

  /** The column's name in the Arrow file. */
  public String storedName() {
    return storedName;
  }

  /** The stored type; {@link #PATIENT_ID} is {@link StoredType#UTF8} for pseudonymous stores. */
  public StoredType type(IdKind idKind) {
    return this == PATIENT_ID && idKind == IdKind.PSEUDONYM ? StoredType.UTF8 : type;
  }

  public boolean nullable() {
    return nullable;
  }

  /** All columns in store order (a shared array: do not modify). */
  public static PatientColumn[] all() {
    return VALUES;
  }
}
