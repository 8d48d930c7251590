package org.strata.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A spell's ICD-10 diagnoses, primary first, {@code ;}-separated, compared without the dot and case: {@code I21.0},
 * {@code i210} and {@code I210} are one code.
 */
final class Diagnoses {
  private static final Pattern ICD10 = Pattern.compile("[A-Z][0-9]{2}[0-9A-Z\\-]{0,5}");

  private Diagnoses() {}

  static String normalise(String code) {
    return code.strip().replace(".", "").toUpperCase(Locale.ROOT);
  }

  /** The codes of a diagnoses field, normalised; null when one of them is not an ICD-10 code. */
  static List<String> parse(String field) {
    List<String> codes = new ArrayList<>(4);
    for (String part : field.split(";", -1)) {
      String c = normalise(part);
      if (c.isEmpty()) {
        continue;
      }
      if (!ICD10.matcher(c).matches()) {
        return null;
      }
      codes.add(c);
    }
    return codes;
  }
}
