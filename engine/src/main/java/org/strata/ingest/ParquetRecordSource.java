package org.strata.ingest;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.strata.format.InvalidInputException;
import org.strata.format.ParquetCodecs;

/**
 * Reads a Parquet file (the "PAR1" magic) as records, so that ingest validates it with exactly the rules it
 * applies to CSV, as {@link ArrowRecordSource} does for Arrow. The header is the top-level column names; each
 * field is the value's text as a CSV export of the table would hold it: integers of any width (signed or not) in
 * decimal, decimals and floating point as plain decimals without trailing zeros ({@code 70.00} and {@code 70.0}
 * read {@code 70}), strings trimmed of spaces and tabs, booleans as 1/0, dates, and timestamps as their UTC date,
 * YYYY-MM-DD, and null as an empty field. {@link #line()} is the row index + 2, the line the row would have in
 * that CSV export.
 *
 * <p>Row groups are read one at a time, only the columns {@code reads} accepts (the others read as empty,
 * whatever their type), with parquet-java's column readers and Strata's codecs ({@link ParquetCodecs}: no Hadoop
 * at run time). A read column that is nested or repeated, or of a type with no CSV text (INT96 timestamps,
 * intervals, bare fixed-length bytes), is refused with its name and type; a missing, truncated or corrupt file
 * is refused with parquet-java's reason.
 *
 * <pre>{@code
 * try (RecordSource r = ParquetRecordSource.open(file, PatientRowParser::isKnownColumn)) {
 *   r.next();                                  // the header: column names
 *   while (r.next()) { int line = r.line(); String v = r.field(0); }
 * }
 * }</pre>
 */
public final class ParquetRecordSource extends TextRecord {
  private enum Kind {
    SKIPPED, BOOLEAN, INT32, UINT32, INT64, UINT64, FLOAT, DOUBLE, TEXT, DATE, TIMESTAMP, DECIMAL_INT, DECIMAL_BINARY
  }

  private final String fileName;
  private final long sizeBytes;
  private final ParquetFileReader reader;
  private final MessageType schema;
  /** The columns read: what each row group brings. */
  private final MessageType projection;
  private final String createdBy;
  private final long totalRows;
  private final String[] names;
  private final Kind[] kinds;
  private final ColumnDescriptor[] descriptors;
  /** Decimal places of a decimal column; for a timestamp, its unit's ticks per day. */
  private final long[] scaleOrTicks;
  private final ColumnReader[] columns;

  private boolean headerRead;
  private long groupRows;
  private long groupRow;
  private long rowsBefore; // rows in the row groups before the current one

  private ParquetRecordSource(Path file, ParquetFileReader reader, Predicate<String> reads) throws IOException {
    super(new byte[4096], 0);
    this.fileName = file.getFileName().toString();
    this.sizeBytes = Files.size(file);
    this.reader = reader;
    this.schema = reader.getFooter().getFileMetaData().getSchema();
    this.createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
    this.totalRows = reader.getRecordCount();
    List<Type> fields = schema.getFields();
    int n = fields.size();
    names = new String[n];
    kinds = new Kind[n];
    descriptors = new ColumnDescriptor[n];
    scaleOrTicks = new long[n];
    columns = new ColumnReader[n];
    setMaxFields(n);
    List<Type> read = new java.util.ArrayList<>();
    for (int c = 0; c < n; c++) {
      Type t = fields.get(c);
      names[c] = t.getName();
      if (!reads.test(t.getName())) {
        kinds[c] = Kind.SKIPPED; // an unknown column may be of any shape: it is never read
        continue;
      }
      read.add(t);
      if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
        throw new InvalidInputException(fileName + ": column '" + names[c] + "' is a nested or repeated Parquet"
            + " field (" + oneLine(t) + "); Strata reads flat tables: one value per row and column");
      }
      descriptors[c] = schema.getColumnDescription(new String[] {t.getName()});
      kinds[c] = kindOf(t.asPrimitiveType(), c);
    }
    projection = new MessageType(schema.getName(), read);
    reader.setRequestedSchema(projection); // row groups bring only these columns
  }

  /**
   * Opens the file and checks its footer and schema. Throws {@link InvalidInputException} naming the file when it
   * is missing, truncated or corrupt, or a read column cannot be read as CSV text.
   */
  public static ParquetRecordSource open(Path file, Predicate<String> reads) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(file.getFileName() + ": no such file");
    }
    ParquetFileReader reader;
    try {
      reader = ParquetFileReader.open(new LocalInputFile(file),
          ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(ParquetCodecs.INSTANCE).build());
    } catch (IOException | RuntimeException e) {
      throw unreadable(file.getFileName().toString(), "not a readable Parquet file", e);
    }
    boolean success = false;
    try {
      ParquetRecordSource source = new ParquetRecordSource(file, reader, reads);
      success = true;
      return source;
    } finally {
      if (!success) {
        reader.close();
      }
    }
  }

  /** The row count the footer states, without reading a row group. */
  static long rowCount(Path file) throws IOException {
    try (ParquetRecordSource r = open(file, column -> false)) {
      return r.totalRows;
    }
  }

  private Kind kindOf(PrimitiveType t, int c) throws InvalidInputException {
    LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
    switch (t.getPrimitiveTypeName()) {
      case BOOLEAN:
        return Kind.BOOLEAN;
      case FLOAT:
        return Kind.FLOAT;
      case DOUBLE:
        return Kind.DOUBLE;
      case INT32:
      case INT64:
        boolean wide = t.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64;
        if (a == null) {
          return wide ? Kind.INT64 : Kind.INT32;
        }
        if (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i) {
          return i.isSigned() ? (wide ? Kind.INT64 : Kind.INT32) : (wide ? Kind.UINT64 : Kind.UINT32);
        }
        if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
          scaleOrTicks[c] = d.getScale();
          return Kind.DECIMAL_INT;
        }
        if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation && !wide) {
          return Kind.DATE;
        }
        if (a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts && wide) {
          switch (ts.getUnit()) {
            case MILLIS:
              scaleOrTicks[c] = 86_400_000L;
              break;
            case MICROS:
              scaleOrTicks[c] = 86_400_000_000L;
              break;
            default:
              scaleOrTicks[c] = 86_400_000_000_000L;
          }
          return Kind.TIMESTAMP;
        }
        break;
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
          scaleOrTicks[c] = d.getScale();
          return Kind.DECIMAL_BINARY;
        }
        if (t.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY
            && (a == null || a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation)) {
          return Kind.TEXT;
        }
        break;
      default: // INT96: a legacy timestamp
        break;
    }
    throw new InvalidInputException(fileName + ": column '" + names[c] + "' has Parquet type "
        + oneLine(t) + ", which Strata cannot read (use integers, decimals, floating point, strings,"
        + " booleans, dates or timestamps)");
  }

  @Override
  public boolean next() throws IOException {
    if (!headerRead) {
      headerRead = true;
      headerRecord(names);
      return true;
    }
    while (groupRow >= groupRows) {
      if (!loadNextRowGroup()) {
        return false;
      }
    }
    int o = 0;
    try {
      for (int c = 0; c < names.length; c++) {
        starts[c] = o;
        o = appendValue(c, o);
        ends[c] = o;
      }
    } catch (RuntimeException e) { // parquet-java's decoders throw unchecked exceptions on a corrupt page
      throw unreadable(fileName, "cannot read row " + (rowsBefore + groupRow + 1), e);
    }
    tableRow(rowsBefore + groupRow, names.length);
    groupRow++;
    return true;
  }

  private boolean loadNextRowGroup() throws IOException {
    PageReadStore group;
    try {
      group = reader.readNextRowGroup();
    } catch (IOException | RuntimeException e) {
      throw unreadable(fileName, "cannot read the row group after row " + (rowsBefore + groupRows), e);
    }
    if (group == null) {
      return false;
    }
    rowsBefore += groupRows;
    groupRows = group.getRowCount();
    groupRow = 0;
    ColumnReadStoreImpl store = new ColumnReadStoreImpl(group, new IgnoringConverter(projection), projection,
        createdBy);
    for (int c = 0; c < names.length; c++) {
      columns[c] = kinds[c] == Kind.SKIPPED ? null : store.getColumnReader(descriptors[c]);
    }
    return true;
  }

  /** Appends column c's value of the current row as text and moves its reader on; a null appends nothing. */
  private int appendValue(int c, int o) {
    final Kind kind = kinds[c];
    if (kind == Kind.SKIPPED) {
      return o;
    }
    ColumnReader r = columns[c];
    if (r.getCurrentDefinitionLevel() < descriptors[c].getMaxDefinitionLevel()) {
      r.consume();
      return o;
    }
    int end;
    switch (kind) {
      case BOOLEAN:
        end = appendAscii(r.getBoolean() ? "1" : "0", o);
        break;
      case INT32:
        end = appendLong(r.getInteger(), o);
        break;
      case UINT32:
        end = appendLong(Integer.toUnsignedLong(r.getInteger()), o);
        break;
      case INT64:
        end = appendLong(r.getLong(), o);
        break;
      case UINT64:
        end = appendAscii(Long.toUnsignedString(r.getLong()), o);
        break;
      case FLOAT:
        float f = r.getFloat();
        end = appendDecimal(Float.toString(f), Float.isFinite(f), o);
        break;
      case DOUBLE:
        double d = r.getDouble();
        end = appendDecimal(Double.toString(d), Double.isFinite(d), o);
        break;
      case TEXT:
        end = appendTrimmed(r.getBinary().getBytesUnsafe(), o); // copied into the record: no copy of its own
        break;
      case DATE:
        end = appendAscii(LocalDate.ofEpochDay(r.getInteger()).toString(), o);
        break;
      case TIMESTAMP:
        end = appendAscii(LocalDate.ofEpochDay(Math.floorDiv(r.getLong(), scaleOrTicks[c])).toString(), o);
        break;
      case DECIMAL_INT:
        long unscaled = descriptors[c].getPrimitiveType().getPrimitiveTypeName()
            == PrimitiveType.PrimitiveTypeName.INT64 ? r.getLong() : r.getInteger();
        end = appendPlain(BigDecimal.valueOf(unscaled, (int) scaleOrTicks[c]), o);
        break;
      default: // DECIMAL_BINARY: big-endian two's complement
        end = appendPlain(new BigDecimal(new BigInteger(r.getBinary().getBytes()), (int) scaleOrTicks[c]), o);
    }
    r.consume();
    return end;
  }

  /** A schema field as one line: {@code optional group age (LIST) { repeated group list { ... } }}. */
  private static String oneLine(Type t) {
    return t.toString().replaceAll("\\s+", " ").strip();
  }

  private int appendPlain(BigDecimal v, int o) {
    return appendAscii(v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString(), o);
  }


  @Override
  public int fieldCount() {
    return names.length;
  }

  /** The file size times the share of rows read so far. */
  @Override
  public long bytesRead() {
    long done = rowsBefore + groupRow;
    return totalRows == 0 ? sizeBytes : (long) (sizeBytes * ((double) done / totalRows));
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  /**
   * The record converter parquet-java's column readers ask for: values are read from the readers directly
   * (getInteger, getBinary, ...), so every converter ignores what it is given.
   */
  private static final class IgnoringConverter extends GroupConverter {
    private final PrimitiveConverter ignore = new PrimitiveConverter() {};
    private final int fields;

    IgnoringConverter(MessageType schema) {
      this.fields = schema.getFieldCount();
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      if (fieldIndex >= fields) {
        throw new IndexOutOfBoundsException(fieldIndex);
      }
      return ignore;
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }
}
