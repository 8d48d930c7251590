package org.strata.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.strata.format.InvalidInputException;

/**
 * A patients file's records with the {@link DerivedColumns} appended after its own fields: field {@code i < n} is
 * the file's, field {@code n + j} the j-th derived column as decimal text (empty when not recorded). Line numbers,
 * problems and progress are the file's, so a rejected row names the line of the file the user has.
 */
public final class DerivedRecordSource implements RecordSource {
  private final RecordSource file;
  private final DerivedColumns derived;
  private final int idField;
  private final int own;
  private final List<String> names;
  private final long[] values;
  /** The derived values' text: at most 20 bytes each. */
  private final byte[] text;
  private final int[] starts;
  private final int[] ends;
  private boolean header = true;

  /** Wraps {@code file}, positioned on its header (already read). */
  public DerivedRecordSource(RecordSource file, DerivedColumns derived, String fileName) throws InvalidInputException {
    this.file = file;
    this.derived = derived;
    this.own = file.fieldCount();
    this.names = derived.names();
    int id = -1;
    for (int i = 0; i < own; i++) {
      String name = file.field(i).strip().toLowerCase(Locale.ROOT);
      if (name.equals("patient_id")) {
        id = i;
      }
      if (names.contains(name)) {
        throw new InvalidInputException(fileName + ": line 1: column '" + name + "' is in the patients file and is"
            + " also derived from the events by the features file: drop one of them");
      }
    }
    if (id < 0) {
      throw new InvalidInputException(fileName + ": missing required column 'patient_id'");
    }
    this.idField = id;
    this.values = new long[names.size()];
    this.text = new byte[20 * names.size()];
    this.starts = new int[names.size()];
    this.ends = new int[names.size()];
  }

  @Override
  public boolean next() throws IOException {
    header = false;
    if (!file.next()) {
      return false;
    }
    derived.values(file, idField, values);
    int o = 0;
    for (int j = 0; j < values.length; j++) {
      starts[j] = o;
      if (values[j] != DerivedColumns.NOT_RECORDED) {
        o = TextRecord.appendDigits(text, values[j], o);
      }
      ends[j] = o;
    }
    return true;
  }

  @Override
  public void expectFields(int n) {
    file.expectFields(n - names.size());
  }

  @Override
  public int line() {
    return file.line();
  }

  @Override
  public CsvRecordReader.Problem problem() {
    return file.problem();
  }

  @Override
  public int fieldCount() {
    return file.fieldCount() + names.size();
  }

  @Override
  public long bytesRead() {
    return file.bytesRead();
  }

  @Override
  public String field(int i) {
    if (i < own) {
      return file.field(i);
    }
    int j = i - own;
    return header ? names.get(j) : new String(text, starts[j], ends[j] - starts[j], StandardCharsets.US_ASCII);
  }

  @Override
  public boolean isEmpty(int i) {
    return i < own ? file.isEmpty(i) : length(i) == 0;
  }

  @Override
  public int length(int i) {
    if (i < own) {
      return file.length(i);
    }
    int j = i - own;
    return header ? names.get(j).length() : ends[j] - starts[j];
  }

  @Override
  public byte byteAt(int i, int j) {
    if (i < own) {
      return file.byteAt(i, j);
    }
    int k = i - own;
    return header ? (byte) names.get(k).charAt(j) : text[starts[k] + j];
  }

  @Override
  public long parseLong(int i) {
    if (i < own) {
      return file.parseLong(i);
    }
    int j = i - own;
    return TextRecord.parseLong(text, starts[j], ends[j]);
  }

  @Override
  public long parseHundredths(int i) {
    if (i < own) {
      return file.parseHundredths(i);
    }
    int j = i - own;
    return TextRecord.parseHundredths(text, starts[j], ends[j]);
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
