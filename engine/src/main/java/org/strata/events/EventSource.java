package org.strata.events;

import java.util.List;
import java.util.Locale;

/**
 * The kinds of event file an extract holds (docs/INPUT.md), each with its file name stem and columns. The date
 * column is the one a window is measured on.
 */
public enum EventSource {
  GP_EVENTS("gp_events", "date", List.of("patient_id", "date", "code"), List.of("value")),
  APC_SPELLS("apc_spells", "admission_date",
      List.of("patient_id", "admission_date", "discharge_date", "admission_method"), List.of("diagnoses")),
  AE_ATTENDANCES("ae_attendances", "arrival_date", List.of("patient_id", "arrival_date"), List.of()),
  OP_ATTENDANCES("op_attendances", "appointment_date", List.of("patient_id", "appointment_date"), List.of()),
  MEDICATIONS("medications", "date", List.of("patient_id", "date", "code"), List.of());

  private final String stem;
  private final String dateColumn;
  private final List<String> required;
  private final List<String> optional;

  EventSource(String stem, String dateColumn, List<String> required, List<String> optional) {
    this.stem = stem;
    this.dateColumn = dateColumn;
    this.required = required;
    this.optional = optional;
  }

  /** The file name without extension ({@code gp_events} for gp_events.csv, .csv.gz or .parquet). */
  public String stem() {
    return stem;
  }

  String dateColumn() {
    return dateColumn;
  }

  List<String> required() {
    return required;
  }

  List<String> optional() {
    return optional;
  }

  /** Whether events of this kind carry a code (SNOMED CT or dm+d) matched as a number. */
  boolean hasCode() {
    return this == GP_EVENTS || this == MEDICATIONS;
  }

  static EventSource ofStem(String stem) {
    for (EventSource s : values()) {
      if (s.stem.equals(stem.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    return null;
  }
}
