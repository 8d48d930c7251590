package org.strata.ingest;

import java.util.Locale;

/** Why a row went to quarantine; the codes are the contract in docs/INPUT.md. */
public enum RejectReason {
  UNBALANCED_QUOTE,
  MALFORMED_ROW,
  INVALID_NHS_NUMBER,
  INVALID_PSEUDONYM,
  MISSING_VALUE,
  NOT_A_NUMBER,
  OUT_OF_RANGE,
  INVALID_CODE,
  UNKNOWN_PRACTICE,
  MISSING_LSOA,
  DUPLICATE_PATIENT_ID,
  /** An event row whose patient_id is not in the patients file. */
  UNKNOWN_PATIENT,
  /** An event dated after the reference date. */
  FUTURE_DATE,
  /** An event dated before the patient was born. */
  BEFORE_BIRTH;

  /** Whether a patients-file row can be rejected for it (the last three are for event rows only). */
  public boolean patientRows() {
    return this != UNKNOWN_PATIENT && this != FUTURE_DATE && this != BEFORE_BIRTH;
  }

  /** The lower-case code written to quarantine files and summaries. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
