package org.strata.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

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
 */
public final class ValuesRecord extends TextRecord {
  private int fields;

  public ValuesRecord(String[] header) {
    super(new byte[256], header.length);
    fields = header.length;
    headerRecord(header);
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

  /** Always false: a caller sets each row ({@link #set}) instead of pulling it. */
  @Override
  public boolean next() {
    return false;
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
