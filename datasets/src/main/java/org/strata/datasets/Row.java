package org.strata.datasets;

/**
 * One row of a clean {@code patients.csv} (nothing quoted: a comma always separates fields), read and changed in
 * place: the fields are bounds in the line, a changed field is held beside it, and {@link #line()} joins them
 * again. A month reads every field of every person and changes a few; splitting each row into strings cost more
 * than the month's arithmetic. One instance is reused row after row, on one thread.
 */
final class Row {
  private String line;
  private final int[] start;
  private final int[] end;
  private final String[] changed;
  private boolean anyChanged;

  /** A row of {@code width} fields. */
  Row(int width) {
    start = new int[width];
    end = new int[width];
    changed = new String[width];
  }

  /** Reads {@code row}, which must have the row's width; forgets the changes to the row before. */
  Row reset(String row) {
    line = row;
    if (anyChanged) {
      java.util.Arrays.fill(changed, null);
      anyChanged = false;
    }
    int from = 0;
    int last = start.length - 1;
    for (int i = 0; i < last; i++) {
      int comma = row.indexOf(',', from);
      if (comma < 0) {
        throw new IllegalArgumentException("a row of " + (i + 1) + " fields where " + start.length + " are expected");
      }
      start[i] = from;
      end[i] = comma;
      from = comma + 1;
    }
    if (row.indexOf(',', from) >= 0) {
      throw new IllegalArgumentException("a row of more than " + start.length + " fields");
    }
    start[last] = from;
    end[last] = row.length();
    return this;
  }

  /** The field as text. */
  String get(int column) {
    String c = changed[column];
    return c != null ? c : line.substring(start[column], end[column]);
  }

  /** The field as a whole number. */
  int intAt(int column) {
    String c = changed[column];
    return c != null ? Integer.parseInt(c) : Integer.parseInt(line, start[column], end[column], 10);
  }

  /** The field as a long. */
  long longAt(int column) {
    String c = changed[column];
    return c != null ? Long.parseLong(c) : Long.parseLong(line, start[column], end[column], 10);
  }

  /** Whether the field is the one character {@code ch} ({@code "1"}, {@code "F"}). */
  boolean is(int column, char ch) {
    String c = changed[column];
    if (c != null) {
      return c.length() == 1 && c.charAt(0) == ch;
    }
    return end[column] - start[column] == 1 && line.charAt(start[column]) == ch;
  }

  /** Changes the field. */
  void set(int column, String value) {
    changed[column] = value;
    anyChanged = true;
  }

  /** Changes the field to a whole number. */
  void setInt(int column, int value) {
    set(column, Integer.toString(value));
  }

  /** The row with its changes, as the extract writes it. */
  String line() {
    if (!anyChanged) {
      return line;
    }
    StringBuilder b = new StringBuilder(line.length() + 16);
    for (int i = 0; i < start.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      String c = changed[i];
      if (c != null) {
        b.append(c);
      } else {
        b.append(line, start[i], end[i]);
      }
    }
    return b.toString();
  }
}
