package org.strata.format;

import java.util.List;

/**
 * The 20 conditions of the Cambridge Multimorbidity Score (Payne RA et al., CMAJ 2020;192:E107–14), in
 * the order of the published weight table; bit i of {@link PatientColumn#CONDITIONS} is condition i.
 */
public final class Conditions {
  /** Column names, in bit order. */
  public static final List<String> NAMES =
      List.of(
          "alcohol",
          "anxiety_depression",
          "atrial_fibrillation",
          "cancer",
          "ckd",
          "connective_tissue",
          "copd",
          "chd",
          "dementia",
          "diabetes",
          "epilepsy",
          "hearing_loss",
          "heart_failure",
          "ibs",
          "psychosis_bipolar",
          "stroke_tia",
          "asthma",
          "hypertension",
          "constipation",
          "painful_condition");

  public static final int COUNT = 20;

  private Conditions() {}

  /** Bit of the named condition, or -1. */
  public static int bitOf(String name) {
    return NAMES.indexOf(name);
  }
}
