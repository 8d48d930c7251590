package org.strata.format;

import java.util.List;

/** Register and status flags; bit i of {@link PatientColumn#FLAGS} is flag i. */
public final class Flags {
  /** Column names, in bit order. */
  public static final List<String> NAMES =
      List.of("learning_disability", "palliative_care", "care_home", "housebound", "social_care", "carer");

  public static final int LEARNING_DISABILITY = 0;
  public static final int PALLIATIVE_CARE = 1;
  public static final int CARE_HOME = 2;
  public static final int HOUSEBOUND = 3;
  public static final int SOCIAL_CARE = 4;
  public static final int CARER = 5;

  private Flags() {}
}
