package org.strata.ingest;

import java.io.Closeable;
import java.io.IOException;

/**
 * Records of a tabular input file, one at a time, with field access that need not make a String per
 * field: what {@link PatientRowParser} and {@link PatientBatchReader} read. The first record is the
 * header (the column names); every field is the value's text as a CSV export would hold it, already
 * trimmed, and an empty field means "not recorded". {@link CsvRecordReader} reads CSV,
 * {@link ArrowRecordSource} reads Arrow IPC files.
 *
 * <pre>{@code
 * try (RecordSource r = new CsvRecordReader(in)) {
 *   r.next();                       // the header
 *   r.expectFields(r.fieldCount());
 *   while (r.next()) { int line = r.line(); long age = r.parseLong(3); }
 * }
 * }</pre>
 */
public interface RecordSource extends Closeable {
  /** Advances to the next record (the header first). Returns false at end of input. */
  boolean next() throws IOException;

  /** Records after this must have {@code n} fields; others are reported as malformed. */
  void expectFields(int n);

  /** 1-based line of the current record as a CSV export would number it (the header is line 1). */
  int line();

  /** What is wrong with the current record's structure, if anything. */
  CsvRecordReader.Problem problem();

  int fieldCount();

  /** How far through the file reading has got, in bytes of the file as stored. */
  long bytesRead();

  /** The field as a String; the slow path, for text columns and messages. */
  String field(int i);

  /** Whether field i is empty (not recorded). */
  boolean isEmpty(int i);

  /** Length in bytes (UTF-8) of field i. */
  int length(int i);

  /** Byte j of field i. */
  byte byteAt(int i, int j);

  /**
   * Field i as a decimal integer of at most 18 digits, or {@link Long#MIN_VALUE} when it is not one
   * (check {@link #isEmpty} first).
   */
  long parseLong(int i);

  /** Field i as a decimal with up to two places (a third is rounded half up), in hundredths, or Long.MIN_VALUE. */
  long parseHundredths(int i);
}
