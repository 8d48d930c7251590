package org.strata.ingest;

import org.strata.format.InvalidInputException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Reads an Arrow IPC file (the file format, "ARROW1" magic; Feather v2) as records, so that ingest
 * validates it with exactly the rules it applies to CSV. The header is the schema's field names; each
 * field is the value's text as a CSV export of the table would hold it: integers of any width in
 * decimal, floating point as a plain decimal ({@code 1234.5}, never {@code 1.2345E3}), strings trimmed
 * of spaces and tabs, booleans as 1/0, dates as YYYY-MM-DD, dictionary-encoded values decoded, and
 * null as an empty field. {@link #line()} is the row index + 2, the line the row would have in that CSV
 * export (the header is line 1), so quarantine line numbers read the same for either input.
 *
 * <p>Each record batch is copied off the file by Arrow's {@link ArrowFileReader} into one
 * {@link RootAllocator} that {@link #close()} releases (a leaked buffer fails there). Arrow's memory is
 * thread-safe, so the header may be read on one thread and the rows on another, as ingest does.
 * Compressed (LZ4/ZSTD) files need arrow-compression, which Strata does not ship: they are refused as
 * unreadable with Arrow's reason.
 *
 * <pre>{@code
 * try (RecordSource r = ArrowRecordSource.open(file, PatientRowParser::isKnownColumn)) {
 *   r.next();                                  // the header: column names
 *   while (r.next()) { int line = r.line(); String v = r.field(0); }
 * }
 * }</pre>
 */
public final class ArrowRecordSource extends TextRecord {
  // How a column's values become text; chosen once per column from its Arrow type.
  private static final int SKIPPED = 0; // not read by the caller: always empty, whatever its type
  private static final int INTEGER = 1;
  private static final int UINT64 = 2;
  private static final int FLOAT4 = 3;
  private static final int FLOAT8 = 4;
  private static final int TEXT = 5;
  private static final int BOOL = 6;
  private static final int DATE_DAY = 7;
  private static final int DATE_MILLI = 8;
  private static final int NULL = 9; // the Null type: every value is null
  private static final int UNSUPPORTED = -1;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final String fileName;
  private final long sizeBytes;
  private final BufferAllocator allocator;
  private final ArrowFileReader reader;
  private final VectorSchemaRoot root;
  private final int batchCount;
  private final String[] names;
  private final int[] kinds;
  /** The vector holding each column's values: the dictionary's for a dictionary-encoded column. */
  private final FieldVector[] values;
  /** The index vector of a dictionary-encoded column, else null. */
  private final BaseIntVector[] indices;

  private boolean headerRead;
  private boolean exhausted;
  private int batchesLoaded;
  private int batchRows;
  private int batchRow;
  private long rowsBefore; // rows in the batches before the current one

  // Text of the current record: field i is out[starts[i], ends[i]) (TextRecord's fields).

  private ArrowRecordSource(
      Path file, BufferAllocator allocator, ArrowFileReader reader, Predicate<String> reads)
      throws IOException {
    super(new byte[4096], 0);
    this.fileName = file.getFileName().toString();
    this.sizeBytes = Files.size(file);
    this.allocator = allocator;
    this.reader = reader;
    try {
      this.root = reader.getVectorSchemaRoot(); // reads the footer, schema and dictionaries
      this.batchCount = reader.getRecordBlocks().size();
    } catch (IOException | RuntimeException e) {
      throw unreadable(fileName, "not a readable Arrow IPC file", e);
    }
    List<FieldVector> vectors = root.getFieldVectors();
    int n = vectors.size();
    names = new String[n];
    kinds = new int[n];
    values = new FieldVector[n];
    indices = new BaseIntVector[n];
    setMaxFields(n);
    for (int c = 0; c < n; c++) {
      FieldVector v = vectors.get(c);
      Field field = v.getField();
      names[c] = field.getName();
      if (!reads.test(field.getName())) {
        kinds[c] = SKIPPED; // an unknown column may be of any type: it is never looked at
        continue;
      }
      values[c] = v;
      DictionaryEncoding encoding = field.getDictionary();
      if (encoding != null) {
        Dictionary d = reader.lookup(encoding.getId());
        if (d == null || !(v instanceof BaseIntVector)) {
          throw new InvalidInputException(
              fileName + ": column '" + names[c] + "': dictionary " + encoding.getId() + " is missing");
        }
        indices[c] = (BaseIntVector) v;
        values[c] = d.getVector();
      }
      ArrowType type = values[c].getField().getType();
      kinds[c] = kindOf(type);
      if (kinds[c] == UNSUPPORTED) {
        throw new InvalidInputException(fileName + ": column '" + names[c] + "' has Arrow type " + type
            + ", which Strata cannot read (use integers, floating point, utf8, bool or date)");
      }
    }
  }

  /**
   * Opens the file and checks its footer and schema. Only the columns {@code reads} accepts (by header
   * name) are converted, and only they must be of a supported type; the others read as empty.
   * Throws {@link InvalidInputException} naming the file when it is missing, truncated or corrupt, or a
   * read column has an unsupported type.
   */
  public static ArrowRecordSource open(Path file, Predicate<String> reads) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(file.getFileName() + ": no such file");
    } catch (IOException e) {
      throw new InvalidInputException(file.getFileName() + ": cannot be read (" + e.getMessage() + ")", e);
    }
    BufferAllocator allocator = new RootAllocator();
    ArrowFileReader reader = null;
    boolean success = false;
    try {
      reader = new ArrowFileReader(channel, allocator);
      ArrowRecordSource source = new ArrowRecordSource(file, allocator, reader, reads);
      success = true;
      return source;
    } finally {
      if (!success) {
        closeQuietly(reader, channel, allocator); // nothing leaks when the file is refused
      }
    }
  }

  private static void closeQuietly(ArrowFileReader reader, FileChannel channel, BufferAllocator allocator) {
    try {
      if (reader != null) {
        reader.close(); // closes the channel too
      } else if (channel != null) {
        channel.close();
      }
    } catch (IOException | RuntimeException e) {
      // already failing with the reason that matters
    }
    allocator.close();
  }

  private static int kindOf(ArrowType type) {
    switch (type.getTypeID()) {
      case Int:
        ArrowType.Int i = (ArrowType.Int) type;
        return i.getBitWidth() == 64 && !i.getIsSigned() ? UINT64 : INTEGER;
      case FloatingPoint:
        switch (((ArrowType.FloatingPoint) type).getPrecision()) {
          case SINGLE:
            return FLOAT4;
          case DOUBLE:
            return FLOAT8;
          default:
            return UNSUPPORTED;
        }
      case Utf8:
      case LargeUtf8:
        return TEXT;
      case Bool:
        return BOOL;
      case Date:
        switch (((ArrowType.Date) type).getUnit()) {
          case DAY:
            return DATE_DAY;
          case MILLISECOND:
            return DATE_MILLI;
          default:
            return UNSUPPORTED;
        }
      case Null:
        return NULL;
      default:
        return UNSUPPORTED;
    }
  }

  @Override
  public boolean next() throws IOException {
    if (!headerRead) {
      headerRead = true;
      headerRecord(names);
      return true;
    }
    while (batchRow >= batchRows) {
      if (!loadNextBatch()) {
        return false;
      }
    }
    int o = 0;
    for (int c = 0; c < names.length; c++) {
      starts[c] = o;
      o = appendValue(c, batchRow, o);
      ends[c] = o;
    }
    tableRow(rowsBefore + batchRow, names.length);
    batchRow++;
    return true;
  }

  private boolean loadNextBatch() throws IOException {
    if (batchesLoaded == batchCount) {
      exhausted = true;
      return false;
    }
    rowsBefore += batchRows;
    try {
      if (!reader.loadNextBatch()) {
        throw new IOException("the footer lists " + batchCount + " record batches, found " + batchesLoaded);
      }
    } catch (IOException | RuntimeException e) {
      throw unreadable(fileName, "cannot read record batch " + (batchesLoaded + 1) + " of " + batchCount, e);
    }
    batchesLoaded++;
    batchRows = root.getRowCount();
    batchRow = 0;
    return true;
  }

  /** Appends column c's value at {@code row} as text; a null appends nothing (an empty field). */
  private int appendValue(int c, int row, int o) throws InvalidInputException {
    final int kind = kinds[c];
    if (kind == SKIPPED) {
      return o;
    }
    int at = row;
    if (indices[c] != null) {
      if (indices[c].isNull(row)) {
        return o;
      }
      long index = indices[c].getValueAsLong(row);
      if (index < 0 || index >= values[c].getValueCount()) {
        throw new InvalidInputException(fileName + ": row " + (rowsBefore + row + 1) + ", column '" + names[c]
            + "': dictionary index " + index + " outside the dictionary's " + values[c].getValueCount()
            + " values");
      }
      at = (int) index;
    }
    FieldVector v = values[c];
    if (v.isNull(at)) {
      return o;
    }
    switch (kind) {
      case INTEGER:
        return appendLong(((BaseIntVector) v).getValueAsLong(at), o);
      case UINT64:
        return appendAscii(Long.toUnsignedString(((UInt8Vector) v).get(at)), o);
      case FLOAT4:
        float f = ((Float4Vector) v).get(at);
        return appendDecimal(Float.toString(f), Float.isFinite(f), o);
      case FLOAT8:
        double d = ((Float8Vector) v).get(at);
        return appendDecimal(Double.toString(d), Double.isFinite(d), o);
      case TEXT:
        return appendTrimmed(((VariableWidthFieldVector) v).get(at), o);
      case BOOL:
        return appendAscii(((BitVector) v).get(at) != 0 ? "1" : "0", o);
      case DATE_DAY:
        return appendAscii(LocalDate.ofEpochDay(((DateDayVector) v).get(at)).toString(), o);
      case DATE_MILLI:
        return appendAscii(
            LocalDate.ofEpochDay(Math.floorDiv(((DateMilliVector) v).get(at), MILLIS_PER_DAY)).toString(), o);
      default: // NULL: isNull was true above
        throw new IllegalStateException("column kind " + kind);
    }
  }


  @Override
  public int fieldCount() {
    return names.length;
  }

  /** The file size times the share of record batches loaded so far (the file is read a batch at a time). */
  @Override
  public long bytesRead() {
    if (exhausted) {
      return sizeBytes;
    }
    return batchCount == 0 ? 0 : sizeBytes * batchesLoaded / batchCount;
  }

  @Override
  public void close() throws IOException {
    try {
      reader.close(); // releases the batch and dictionary vectors and closes the file
    } finally {
      allocator.close(); // throws if any buffer is still held: a leak is a bug, not a warning
    }
  }
}
