package org.strata.ingest;

/**
 * One quarantined row: where it was, which column, the value (identifiers masked), and why. Values are
 * kept short: at most {@link #MAX_VALUE_CHARS} characters.
 */
public record Rejection(int line, String column, String value, RejectReason reason, String detail) {
  public static final int MAX_VALUE_CHARS = 40;

  public Rejection {
    if (line < 1) {
      throw new IllegalArgumentException("line must be 1 or more: " + line);
    }
    column = column == null ? "" : column;
    value = value == null ? "" : clip(value);
    detail = detail == null ? "" : detail;
  }

  private static String clip(String v) {
    return v.length() <= MAX_VALUE_CHARS ? v : v.substring(0, MAX_VALUE_CHARS) + "…";
  }
}
