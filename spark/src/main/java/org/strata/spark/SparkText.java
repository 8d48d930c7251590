package org.strata.spark;

import java.math.BigDecimal;
import org.apache.spark.sql.Row;

/**
 * A Spark row's values as the text a CSV export of the table would hold, so that the engine's parser judges a
 * Parquet or DataFrame value exactly as it judges the same value in a CSV line: integers in decimal, floating
 * point as a plain decimal without trailing zeros (70.0 is "70"), booleans as 1/0, dates as YYYY-MM-DD (a
 * timestamp as its UTC date), null as an empty field. The rules of the engine's own Arrow and Parquet readers.
 */
final class SparkText {
  private SparkText() {}

  /** Fields {@code 0..n} of {@code row} as text. */
  static String[] values(Row row, int n) {
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = text(row.get(i));
    }
    return out;
  }

  static String text(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? d.toString() : new BigDecimal(d.toString()).stripTrailingZeros().toPlainString();
    }
    if (v instanceof Float f) {
      return f.isNaN() || f.isInfinite() ? f.toString() : new BigDecimal(f.toString()).stripTrailingZeros().toPlainString();
    }
    if (v instanceof BigDecimal b) {
      return b.toPlainString();
    }
    if (v instanceof Boolean b) {
      return b ? "1" : "0";
    }
    if (v instanceof java.sql.Timestamp t) { // an instant: its UTC date, as the engine's Parquet reader gives it
      return t.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
    }
    if (v instanceof java.time.LocalDateTime t) { // TIMESTAMP_NTZ: the date as written
      return t.toLocalDate().toString();
    }
    if (v instanceof java.time.Instant t) {
      return t.atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
    }
    return v.toString(); // integers, java.sql.Date and LocalDate (ISO)
  }
}
