package org.strata.format;

/**
 * NHS number validation (NHS Data Dictionary): 10 digits, Modulus 11 check digit with weights 10..2 on
 * digits 1–9, check = 11 − (sum mod 11), 11 → 0, 10 → invalid. A single repeated digit (0000000000,
 * 1111111111, …) is rejected even where the arithmetic passes.
 */
public final class NhsNumber {
  /** Returned by {@link #parse} for anything that is not a valid NHS number. */
  public static final long INVALID = -1L;

  private NhsNumber() {}

  /** Parses a 10-digit number, spaces allowed anywhere, into a long; {@link #INVALID} otherwise. */
  public static long parse(CharSequence s) {
    long v = 0;
    int digits = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ') {
        continue;
      }
      if (c < '0' || c > '9' || ++digits > 10) {
        return INVALID;
      }
      v = v * 10 + (c - '0');
    }
    return digits == 10 && isValid(v) ? v : INVALID;
  }


  /** Whether the 10-digit value has a valid check digit and is not a single repeated digit. */
  public static boolean isValid(long tenDigits) {
    if (tenDigits < 0 || tenDigits > 9_999_999_999L || tenDigits % 1_111_111_111L == 0) {
      return false; // 0000000000, 1111111111, … 9999999999 are multiples of 1111111111
    }
    long rest = tenDigits / 10;
    int check = (int) (tenDigits % 10);
    int sum = 0;
    for (int weight = 2; weight <= 10; weight++) {
      sum += (int) (rest % 10) * weight;
      rest /= 10;
    }
    int expected = 11 - sum % 11;
    if (expected == 11) {
      expected = 0;
    }
    return expected != 10 && expected == check;
  }

  /** An NHS number as its 10 digits, leading zeros kept (String.format costs a tenth of a service look-up). */
  public static String tenDigits(long n) {
    String s = Long.toString(n);
    return s.length() >= 10 ? s : "0".repeat(10 - s.length()) + s;
  }

  /** Masks all but the last four digits, for messages: {@code ******5919}. */
  public static String mask(String id) {
    String t = id.strip();
    if (t.length() <= 4) {
      return "****";
    }
    return "*".repeat(Math.min(t.length() - 4, 12)) + t.substring(t.length() - 4);
  }
}
