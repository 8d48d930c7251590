package org.strata.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * A record whose fields are handed over as text, one row at a time, by a caller that reads the table itself —
 * a Spark partition, a database cursor — so that {@link PatientRowParser} judges its rows by exactly the rules
 * it applies to a CSV line. The record starts as the header (line 1); {@link #set} makes a row of it, as line
 * {@code rowIndex + 2} (the line the row has in the table's CSV export). Values are trimmed of spaces and tabs
 * as CSV trims unquoted values; null is an empty field (not recorded).
 *
 * <pre>{@code
 * ValuesRecord r = new ValuesRecord(columnNames);
 * PatientRowParser parser = new PatientRowParser("patients", List.of(columnNames), ...);
 * r.expectFields(columnNames.length);
 * r.set(0, new String[] {"9434765919", "A81001", ...});
 * Rejection bad = parser.parse(r, batch);
 * }</pre>
 *
 * <p>Or pulled, as a reader is: {@link #pulling} gives a record whose {@link #next()} moves to the header and
 * then to each row of an iterator, for code that reads a {@link RecordSource} (the event readers).
 */
public final class ValuesRecord extends TextRecord {
  /** A row of a table: its 0-based index and its values as text (null: not recorded). */
  public record Values(long index, String[] values) {}

  private final String[] header;
  private final Iterator<Values> rows;
  private boolean beforeHeader;
  private int fields;

  /** A record set row by row ({@link #set}); it starts as the header. */
  public ValuesRecord(String[] header) {
    this(header, null);
    headerRecord(header);
  }

  private ValuesRecord(String[] header, Iterator<Values> rows) {
    super(new byte[256], header.length);
    this.header = header;
    this.rows = rows;
    this.beforeHeader = rows != null;
    fields = header.length;
  }

  /** A record that {@link #next()} moves through: the header, then each of {@code rows}. */
  public static ValuesRecord pulling(String[] header, Iterator<Values> rows) {
    return new ValuesRecord(header, rows);
  }

  /** Makes {@code values} the current record, row {@code rowIndex} of its table (0-based). */
  public void set(long rowIndex, String[] values) {
    if (values.length > starts.length) {
      setMaxFields(values.length);
    }
    int o = 0;
    for (int c = 0; c < values.length; c++) {
      starts[c] = o;
      String v = values[c];
      if (v != null) {
        o = appendTrimmed(v.getBytes(StandardCharsets.UTF_8), o);
      }
      ends[c] = o;
    }
    fields = values.length;
    tableRow(rowIndex, fields);
  }

  /** Pulling: the header first, then each row; false at the end. Set row by row: always false. */
  @Override
  public boolean next() {
    if (rows == null) {
      return false;
    }
    if (beforeHeader) {
      beforeHeader = false;
      fields = header.length;
      headerRecord(header);
      return true;
    }
    if (!rows.hasNext()) {
      return false;
    }
    Values v = rows.next();
    set(v.index(), v.values());
    return true;
  }

  @Override
  public int fieldCount() {
    return fields;
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  public void close() throws IOException {}
}
