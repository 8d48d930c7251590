package org.strata.output;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.strata.format.ParquetCodecs;

/**
 * One flat Parquet file written a row at a time: text (UTF-8 strings), 32- and 64-bit integers and decimals
 * (unscaled integers with a fixed scale, so a value is exactly the CSV's), each column required or optional.
 * Snappy pages, dictionary encoding, row groups of at most {@value #ROW_GROUP_BYTES} bytes buffered, no timestamps,
 * the footer's encoding lists sorted ({@link #sortEncodings}): the same rows give byte-identical files, in any
 * process. Not thread-safe: one writer per file, one thread at a time.
 *
 * <pre>{@code
 * List<ParquetTable.Column> cols = List.of(ParquetTable.Column.text("code", false), ParquetTable.Column.int64("n", true));
 * try (ParquetTable t = new ParquetTable(dir.resolve("x.parquet"), cols, Map.of())) {
 *   t.text(0, "A81001"); t.int64(1, 42); t.endRow();   // a field not set in a row is null
 * }
 * }</pre>
 */
final class ParquetTable implements Closeable {
  /** Row groups are buffered in memory before they are written; 64 MB keeps a 63M-patient run's heap small. */
  static final int ROW_GROUP_BYTES = 64 << 20;

  /** How a column is stored. */
  enum Kind { TEXT, INT32, INT64, DECIMAL32, DECIMAL64 }

  /** A column: its name, kind, decimal scale (0 unless a decimal) and whether it may be null. */
  record Column(String name, Kind kind, int scale, boolean optional) {
    static Column text(String name, boolean optional) {
      return new Column(name, Kind.TEXT, 0, optional);
    }

    static Column int32(String name, boolean optional) {
      return new Column(name, Kind.INT32, 0, optional);
    }

    static Column int64(String name, boolean optional) {
      return new Column(name, Kind.INT64, 0, optional);
    }

    /** A decimal of at most 9 digits with {@code scale} places, stored as its unscaled int. */
    static Column decimal9(String name, int scale, boolean optional) {
      return new Column(name, Kind.DECIMAL32, scale, optional);
    }

    /** A decimal of at most 18 digits with {@code scale} places, stored as its unscaled long. */
    static Column decimal18(String name, int scale, boolean optional) {
      return new Column(name, Kind.DECIMAL64, scale, optional);
    }

    Type type() {
      Types.PrimitiveBuilder<org.apache.parquet.schema.PrimitiveType> b = optional
          ? Types.optional(primitive()) : Types.required(primitive());
      switch (kind) {
        case TEXT:
          return b.as(LogicalTypeAnnotation.stringType()).named(name);
        case DECIMAL32:
          return b.as(LogicalTypeAnnotation.decimalType(scale, 9)).named(name);
        case DECIMAL64:
          return b.as(LogicalTypeAnnotation.decimalType(scale, 18)).named(name);
        default:
          return b.named(name);
      }
    }

    private PrimitiveTypeName primitive() {
      switch (kind) {
        case TEXT:
          return PrimitiveTypeName.BINARY;
        case INT32:
        case DECIMAL32:
          return PrimitiveTypeName.INT32;
        default:
          return PrimitiveTypeName.INT64;
      }
    }
  }

  private final List<Column> columns;
  private final Path file;
  private final ParquetWriter<ParquetTable> writer;
  private boolean closed;
  // The row being filled: field c is set when set[c]; its value is in longs[c] or texts[c].
  private final boolean[] set;
  private final long[] longs;
  private final Binary[] texts;

  /** Creates {@code file} (it must not exist) with these columns and key-value metadata in its footer. */
  ParquetTable(Path file, List<Column> columns, Map<String, String> metadata) throws IOException {
    this.columns = List.copyOf(columns);
    this.file = file;
    List<Type> fields = new ArrayList<>(columns.size());
    for (Column c : columns) {
      fields.add(c.type());
    }
    MessageType schema = new MessageType("strata", fields);
    int n = columns.size();
    set = new boolean[n];
    longs = new long[n];
    texts = new Binary[n];
    writer = new Builder(new LocalOutputFile(file), new RowSupport(schema, Map.copyOf(metadata)))
        .withConf(new PlainParquetConfiguration())
        .withCodecFactory(ParquetCodecs.INSTANCE)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withRowGroupSize((long) ROW_GROUP_BYTES)
        .withDictionaryEncoding(true)
        .build();
  }

  /** Sets text column {@code c} of this row (UTF-8); null leaves it null. */
  void text(int c, String value) {
    if (value != null) {
      text(c, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Sets text column {@code c} of this row from UTF-8 bytes the caller will not change. */
  void text(int c, byte[] utf8) {
    texts[c] = Binary.fromConstantByteArray(utf8);
    set[c] = true;
  }

  /**
   * Sets text column {@code c} from {@code utf8[0, length)}, an array the caller reuses for the next row: Parquet
   * copies what it keeps (dictionary entries, statistics).
   */
  void textReused(int c, byte[] utf8, int length) {
    texts[c] = Binary.fromReusedByteArray(utf8, 0, length);
    set[c] = true;
  }

  /** Sets an integer column (32 or 64 bits) or a decimal column's unscaled value. */
  void int64(int c, long value) {
    longs[c] = value;
    set[c] = true;
  }

  /** Writes the row filled since the last and starts the next one empty. */
  void endRow() throws IOException {
    for (int c = 0; c < set.length; c++) {
      if (!set[c] && !columns.get(c).optional()) {
        throw new IllegalStateException("required column " + columns.get(c).name() + " not set");
      }
    }
    writer.write(this);
    java.util.Arrays.fill(set, false);
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    writer.close();
    sortEncodings(file);
  }

  /**
   * Puts each column chunk's list of encodings in the footer in one order. parquet-java collects them in a
   * {@code HashSet} of enum constants, whose order follows identity hash codes and so changes from one process to
   * the next (apache/parquet-java#3215, open): the same rows would give files that differ in a few footer bytes.
   * Sorted, the list has the same elements and so the same length: the footer is rewritten in place.
   */
  static void sortEncodings(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, tail, size - 8);
      int length = tail.getInt(0); // the footer's length, then "PAR1"
      long start = size - 8 - length;
      ByteBuffer footer = ByteBuffer.allocate(length);
      readFully(ch, footer, start);
      FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(footer.array()));
      for (RowGroup group : meta.getRow_groups()) {
        for (ColumnChunk chunk : group.getColumns()) {
          chunk.getMeta_data().getEncodings().sort(Comparator.comparingInt(Encoding::getValue));
        }
      }
      ByteArrayOutputStream sorted = new ByteArrayOutputStream(length);
      Util.writeFileMetaData(meta, sorted);
      if (sorted.size() != length) {
        throw new IOException(file + ": the Parquet footer changed length when its encodings were sorted");
      }
      ch.write(ByteBuffer.wrap(sorted.toByteArray()), start);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer into, long at) throws IOException {
    while (into.hasRemaining()) {
      if (ch.read(into, at + into.position()) < 0) {
        throw new IOException("a Parquet file shorter than its footer says");
      }
    }
  }

  /** Emits the row the table holds to Parquet's record consumer. */
  private final class RowSupport extends WriteSupport<ParquetTable> {
    private final MessageType schema;
    private final Map<String, String> metadata;
    private RecordConsumer out;

    RowSupport(MessageType schema, Map<String, String> metadata) {
      this.schema = schema;
      this.metadata = metadata;
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(schema, metadata);
    }

    @Override
    @SuppressWarnings("deprecation") // abstract in parquet-java 1.15, so it must be there; never called here
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
      return new WriteContext(schema, metadata); // not called: the writer is given a plain configuration
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      out = recordConsumer;
    }

    @Override
    public String getName() {
      return "strata";
    }

    @Override
    public void write(ParquetTable row) {
      out.startMessage();
      for (int c = 0; c < set.length; c++) {
        if (!set[c]) {
          continue;
        }
        Column col = columns.get(c);
        out.startField(col.name(), c);
        switch (col.kind()) {
          case TEXT:
            out.addBinary(texts[c]);
            break;
          case INT32:
          case DECIMAL32:
            out.addInteger((int) longs[c]);
            break;
          default:
            out.addLong(longs[c]);
        }
        out.endField(col.name(), c);
      }
      out.endMessage();
    }
  }

  private static final class Builder extends ParquetWriter.Builder<ParquetTable, Builder> {
    private final RowSupport support;

    Builder(OutputFile file, RowSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<ParquetTable> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }

    @Override
    @SuppressWarnings("deprecation") // abstract in parquet-java 1.15, so it must be there; never called here
    protected WriteSupport<ParquetTable> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
      return support;
    }
  }
}
