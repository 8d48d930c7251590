package org.strata.ingest;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A record held as text: field i is the UTF-8 bytes {@code out[starts[i], ends[i])}. Both readers — CSV
 * and Arrow — present their records this way, so one set of accessors and one set of number rules
 * judge a CSV value and the same Arrow value alike.
 */
abstract class TextRecord implements RecordSource {
  protected byte[] out;
  protected int[] starts;
  protected int[] ends;
  /** Field count records must have; -1 until {@link #expectFields} is called (the header). */
  protected int expectedFields = -1;
  /** Line (1-based) where the current record starts. */
  protected int line;
  protected CsvRecordReader.Problem problem = CsvRecordReader.Problem.NONE;

  TextRecord(byte[] out, int maxFields) {
    this.out = out;
    setMaxFields(maxFields);
  }

  /** Records after this must have {@code n} fields; others are reported as malformed. */
  @Override
  public final void expectFields(int n) {
    this.expectedFields = n;
  }

  /** Line (1-based) where the current record starts: physical for CSV, row index + 2 for Arrow. */
  @Override
  public final int line() {
    return line;
  }

  @Override
  public final CsvRecordReader.Problem problem() {
    return problem;
  }

  /** Sizes the field arrays (a reader that learns its field count after construction calls this). */
  protected final void setMaxFields(int n) {
    this.starts = new int[n];
    this.ends = new int[n];
  }

  /** The field as a String (UTF-8); the slow path, for text columns and messages. */
  @Override
  public String field(int i) {
    return new String(out, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
  }

  /** Whether field i is empty after trimming. */
  @Override
  public boolean isEmpty(int i) {
    return ends[i] == starts[i];
  }

  /** Length in bytes of field i. */
  @Override
  public int length(int i) {
    return ends[i] - starts[i];
  }

  /** Byte j of field i (no bounds check beyond the array's). */
  @Override
  public byte byteAt(int i, int j) {
    return out[starts[i] + j];
  }

  /**
   * Field i as a non-negative or negative decimal integer, or {@link Long#MIN_VALUE} when it is not an
   * integer (empty fields are the caller's business: check {@link #isEmpty} first). At most 18 digits.
   */
  @Override
  public long parseLong(int i) {
    return parseLong(out, starts[i], ends[i]);
  }

  /** Field i as a decimal with up to two places, in hundredths (pence), or Long.MIN_VALUE. */
  @Override
  public long parseHundredths(int i) {
    return parseHundredths(out, starts[i], ends[i]);
  }

  /**
   * The CSV number rules over text bytes {@code [s, e)}, shared with {@link ArrowRecordSource} so that an
   * Arrow value and its CSV text are judged alike: a decimal integer of at most 18 digits, or
   * {@link Long#MIN_VALUE}.
   */
  static long parseLong(byte[] text, int s, int e) {
    if (s == e) {
      return Long.MIN_VALUE;
    }
    boolean neg = false;
    if (text[s] == '-' || text[s] == '+') {
      neg = text[s] == '-';
      s++;
      if (s == e) {
        return Long.MIN_VALUE;
      }
    }
    if (e - s > 18) {
      return Long.MIN_VALUE;
    }
    long v = 0;
    for (int k = s; k < e; k++) {
      int d = text[k] - '0';
      if (d < 0 || d > 9) {
        return Long.MIN_VALUE;
      }
      v = v * 10 + d;
    }
    return neg ? -v : v;
  }

  /** Text bytes {@code [s, e)} as a decimal in hundredths (see {@link #parseLong(byte[], int, int)}). */
  static long parseHundredths(byte[] text, int s, int e) {
    int dot = -1;
    for (int k = s; k < e; k++) {
      if (text[k] == '.') {
        dot = k;
        break;
      }
    }
    if (dot < 0) {
      long v = parseLong(text, s, e);
      return v == Long.MIN_VALUE ? v : times100(v);
    }
    if (e - s == 1 || e - s == 2 && (text[s] == '-' || text[s] == '+')) {
      return Long.MIN_VALUE; // "." or "-." holds no digit
    }
    long whole = dot == s ? 0 : parseLong(text, s, dot);
    if (whole == Long.MIN_VALUE || e - dot - 1 > 2) {
      if (whole != Long.MIN_VALUE && e - dot - 1 > 2) {
        // more than two decimals: round half up on the third
        return roundHundredths(text, whole, dot + 1, e, text[s] == '-');
      }
      return Long.MIN_VALUE;
    }
    long frac = 0;
    int digits = 0;
    for (int k = dot + 1; k < e; k++) {
      int d = text[k] - '0';
      if (d < 0 || d > 9) {
        return Long.MIN_VALUE;
      }
      frac = frac * 10 + d;
      digits++;
    }
    if (digits == 1) {
      frac *= 10;
    }
    boolean neg = text[s] == '-';
    long w = times100(whole);
    return w == Long.MAX_VALUE || w == -Long.MAX_VALUE ? w : neg ? w - frac : w + frac;
  }

  /** {@code v × 100}, saturating (a huge value then fails its range check instead of wrapping). */
  private static long times100(long v) {
    if (v > Long.MAX_VALUE / 100) {
      return Long.MAX_VALUE;
    }
    if (v < -(Long.MAX_VALUE / 100)) {
      return -Long.MAX_VALUE;
    }
    return v * 100;
  }

  private static long roundHundredths(byte[] text, long whole, int from, int to, boolean neg) {
    long frac = 0;
    for (int k = from; k < to; k++) {
      int d = text[k] - '0';
      if (d < 0 || d > 9) {
        return Long.MIN_VALUE;
      }
      if (k < from + 2) {
        frac = frac * 10 + d;
      } else if (k == from + 2 && d >= 5) {
        frac++;
      }
    }
    long w = times100(whole);
    return w == Long.MAX_VALUE || w == -Long.MAX_VALUE ? w : neg ? w - frac : w + frac;
  }

  // ---------------------------------------------------------------- building a record's text (Arrow, Parquet)

  /**
   * The shortest text that reads back as the same float or double, without an exponent and without
   * trailing zeros (70.0 → "70", so a float column of counts reads as integers, as CSV readers expect).
   */
  protected final int appendDecimal(String javaText, boolean finite, int o) {
    if (!finite) {
      return appendAscii(javaText, o); // NaN, Infinity: not a number, as they would be in a CSV
    }
    return appendAscii(new BigDecimal(javaText).stripTrailingZeros().toPlainString(), o);
  }

  /** Strings are trimmed of spaces and tabs, as CSV trims unquoted values. */
  protected final int appendTrimmed(byte[] text, int o) {
    int s = 0;
    int e = text.length;
    while (s < e && (text[s] == ' ' || text[s] == '\t')) {
      s++;
    }
    while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\t')) {
      e--;
    }
    ensureText(o + e - s);
    System.arraycopy(text, s, out, o, e - s);
    return o + e - s;
  }

  protected final int append(byte[] text, int o) {
    ensureText(o + text.length);
    System.arraycopy(text, 0, out, o, text.length);
    return o + text.length;
  }

  protected final int appendAscii(String s, int o) {
    final int n = s.length();
    ensureText(o + n);
    for (int k = 0; k < n; k++) {
      out[o + k] = (byte) s.charAt(k);
    }
    return o + n;
  }

  protected final void ensureText(int capacity) {
    if (capacity > out.length) {
      out = Arrays.copyOf(out, Math.max(capacity, out.length * 2));
    }
  }

  /** Appends {@code v} in decimal without making a String (the common case of every integer column). */
  protected final int appendLong(long v, int o) {
    if (v == Long.MIN_VALUE) {
      return appendAscii(Long.toString(v), o);
    }
    ensureText(o + 20);
    return appendDigits(out, v, o);
  }

  /** Writes {@code v} (not Long.MIN_VALUE) in decimal into {@code out} at {@code o}, which has room for 20 bytes. */
  static int appendDigits(byte[] out, long v, int o) {
    if (v < 0) {
      out[o++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    for (int k = o + digits - 1; k >= o; k--) {
      out[k] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return o + digits;
  }

  // ---------------------------------------------------------------- a table read as records (Arrow, Parquet)

  /** Makes the current record the header: the column names, as line 1. */
  protected final void headerRecord(String[] names) {
    int o = 0;
    for (int c = 0; c < names.length; c++) {
      starts[c] = o;
      o = append(names[c].getBytes(StandardCharsets.UTF_8), o);
      ends[c] = o;
    }
    line = 1;
  }

  /**
   * Ends a row of a table whose fields have been appended: it is line {@code rowIndex + 2} of the table's CSV
   * export (the header is line 1), and malformed only if the table's columns are not the count expected.
   */
  protected final void tableRow(long rowIndex, int fields) {
    line = (int) Math.min(Integer.MAX_VALUE, rowIndex + 2);
    problem = expectedFields >= 0 && fields != expectedFields
        ? CsvRecordReader.Problem.WRONG_FIELD_COUNT
        : CsvRecordReader.Problem.NONE;
  }

  /**
   * A file a library could not read, said in one short line: the libraries' messages may span lines or quote
   * whole buffers and paths.
   */
  static org.strata.format.InvalidInputException unreadable(String fileName, String what, Exception e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    reason = reason.replaceAll("\\s+", " ").strip();
    if (reason.length() > 200) {
      reason = reason.substring(0, 200) + "…";
    }
    return new org.strata.format.InvalidInputException(fileName + ": " + what + " (" + reason + ")", e);
  }
}
