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
  DUPLICATE_PATIENT_ID;

  /** The lower-case code written to quarantine files and summaries. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
