package org.strata.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.flatbuf.Block;
import org.apache.arrow.flatbuf.Footer;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The only class that maps files. A store file is an Arrow IPC file (Feather v2): "ARROW1" magic, schema,
 * record batches, footer, "ARROW1". Each record batch is mapped on its own (on JDK 17 one
 * MappedByteBuffer is limited to 2 GiB, a batch is far smaller), and column buffers are read straight
 * from the mapping: nothing is copied into the heap until a caller bulk-reads a column slice.
 *
 * <p>Open checks the shape — magic at both ends, footer inside the file, the expected schema (says which
 * column differs), every batch inside the file with the buffers its schema needs, uncompressed — and
 * leaves byte-level checksums to {@code StoreVerifier}, as Lucene leaves full checks to CheckIndex.
 *
 * <p>Supported column types: flat int8/16/32/64, float64 and utf8, which is what the store writes.
 */
final class ArrowFileMapping implements AutoCloseable {
  private static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);

  private final Path file;
  private final FileChannel channel;
  private final long fileSize;
  private Schema schema;
  private MappedByteBuffer[] batchMaps = new MappedByteBuffer[0];
  private int[] batchRows = new int[0];
  private long[] batchFirstRow = new long[0];
  /** [batch][buffer] → offset of the buffer inside that batch's mapping, and its length. */
  private int[][] bufferOffset;
  private int[][] bufferLength;
  /** column → index of its validity buffer among the batch's buffers; data follows it. */
  private int[] firstBuffer;
  private long rowCount;

  private ArrowFileMapping(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.channel = channel;
    this.fileSize = channel.size();
  }

  /**
   * Maps {@code file} read-only and checks it against {@code expected} (names, types, nullability), or
   * against nothing when {@code expected} is null.
   */
  static ArrowFileMapping open(Path file, Schema expected) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    ArrowFileMapping m = null;
    boolean success = false;
    try {
      m = new ArrowFileMapping(file, channel);
      Footer footer = m.checkMagicAndFooter();
      m.checkSchema(footer, expected);
      m.mapBatches(footer);
      success = true;
      return m;
    } finally {
      if (!success) {
        if (m != null) {
          for (MappedByteBuffer mapped : m.batchMaps) {
            unmap(mapped); // nothing leaks when validation fails
          }
        }
        channel.close();
      }
    }
  }

  private Footer checkMagicAndFooter() throws IOException {
    if (fileSize < 2L * MAGIC.length + 2 + 4) {
      throw new CorruptStoreException(file, "truncated: " + fileSize + " bytes is too short for an Arrow file");
    }
    ByteBuffer head = ByteBuffer.allocate(MAGIC.length);
    channel.read(head, 0);
    if (!ByteBuffer.wrap(MAGIC).equals(head.flip())) {
      throw new CorruptStoreException(file, "bad magic: not an Arrow IPC file (expected ARROW1 at the start)");
    }
    ByteBuffer tail = ByteBuffer.allocate(4 + MAGIC.length).order(ByteOrder.LITTLE_ENDIAN);
    channel.read(tail, fileSize - tail.capacity());
    tail.flip();
    int footerLength = tail.getInt(0);
    if (!ByteBuffer.wrap(MAGIC).equals(tail.slice(4, MAGIC.length))) {
      throw new CorruptStoreException(
          file, "truncated: no ARROW1 magic at the end (was the file cut short?)");
    }
    long footerStart = fileSize - tail.capacity() - footerLength;
    if (footerLength <= 0 || footerStart < MAGIC.length) {
      throw new CorruptStoreException(file, "footer length " + footerLength + " does not fit in the file");
    }
    ByteBuffer footer = ByteBuffer.allocate(footerLength).order(ByteOrder.LITTLE_ENDIAN);
    channel.read(footer, footerStart);
    footer.flip();
    return Footer.getRootAsFooter(footer);
  }

  private void checkSchema(Footer footer, Schema expected) throws IOException {
    org.apache.arrow.flatbuf.Schema fb = footer.schema();
    if (fb == null) {
      throw new CorruptStoreException(file, "footer has no schema");
    }
    this.schema = Schema.convertSchema(fb);
    List<Field> fields = schema.getFields();
    if (expected != null) {
      List<Field> want = expected.getFields();
      if (fields.size() != want.size()) {
        throw new CorruptStoreException(
            file, "wrong schema: expected " + want.size() + " columns, found " + fields.size());
      }
      for (int i = 0; i < want.size(); i++) {
        Field w = want.get(i);
        Field f = fields.get(i);
        if (!w.getName().equals(f.getName())
            || !w.getType().equals(f.getType())
            || w.isNullable() != f.isNullable()) {
          throw new CorruptStoreException(
              file, "wrong schema: column " + i + " expected " + describe(w) + ", found " + describe(f));
        }
      }
    }
    firstBuffer = new int[fields.size()];
    int buffer = 0;
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      if (!f.getChildren().isEmpty()) {
        throw new CorruptStoreException(file, "column " + f.getName() + " is nested; the store is flat");
      }
      firstBuffer[i] = buffer;
      buffer += f.getType() instanceof ArrowType.Utf8 ? 3 : 2;
    }
  }

  private static String describe(Field f) {
    return f.getName() + " " + f.getType() + (f.isNullable() ? " null" : " not null");
  }

  private void mapBatches(Footer footer) throws IOException {
    int n = footer.recordBatchesLength();
    batchMaps = new MappedByteBuffer[n];
    batchRows = new int[n];
    batchFirstRow = new long[n];
    bufferOffset = new int[n][];
    bufferLength = new int[n][];
    int buffersPerBatch =
        firstBuffer.length == 0 ? 0 : firstBuffer[firstBuffer.length - 1] + lastColumnBuffers();
    Block block = new Block();
    long row = 0;
    for (int b = 0; b < n; b++) {
      footer.recordBatches(block, b);
      long offset = block.offset();
      long metaLength = block.metaDataLength();
      long bodyLength = block.bodyLength();
      long end = offset + metaLength + bodyLength;
      if (offset < MAGIC.length || metaLength < 8 || bodyLength < 0 || end > fileSize) {
        throw new CorruptStoreException(
            file, "record batch " + b + " at " + offset + "+" + (metaLength + bodyLength)
                + " lies outside the file (" + fileSize + " bytes): truncated?");
      }
      if (end - offset > Integer.MAX_VALUE) {
        throw new CorruptStoreException(file, "record batch " + b + " is over 2 GiB");
      }
      MappedByteBuffer map = MappedFiles.readOnly(channel, offset, end - offset);
      batchMaps[b] = map; // held from here, so a failed check below still unmaps it
      map.order(ByteOrder.LITTLE_ENDIAN);
      int prefix = map.getInt(0) == -1 ? 8 : 4; // continuation marker (format ≥ 0.15) or legacy length
      int fbLength = map.getInt(prefix - 4);
      if (fbLength <= 0 || prefix + fbLength > metaLength) {
        throw new CorruptStoreException(file, "record batch " + b + ": bad metadata length " + fbLength);
      }
      ByteBuffer meta = map.slice(prefix, fbLength).order(ByteOrder.LITTLE_ENDIAN);
      Message message = Message.getRootAsMessage(meta);
      if (message.headerType() != MessageHeader.RecordBatch) {
        throw new CorruptStoreException(file, "block " + b + " is not a record batch");
      }
      RecordBatch rb = (RecordBatch) message.header(new RecordBatch());
      if (rb.compression() != null) {
        throw new CorruptStoreException(file, "record batch " + b + " is compressed; the store is not");
      }
      if (rb.nodesLength() != firstBuffer.length || rb.buffersLength() != buffersPerBatch) {
        throw new CorruptStoreException(
            file, "record batch " + b + ": " + rb.nodesLength() + " columns and " + rb.buffersLength()
                + " buffers, expected " + firstBuffer.length + " and " + buffersPerBatch);
      }
      if (rb.length() < 0 || rb.length() > Integer.MAX_VALUE) {
        throw new CorruptStoreException(file, "record batch " + b + ": bad row count " + rb.length());
      }
      int[] off = new int[buffersPerBatch];
      int[] len = new int[buffersPerBatch];
      for (int i = 0; i < buffersPerBatch; i++) {
        org.apache.arrow.flatbuf.Buffer buf = rb.buffers(i);
        long o = buf.offset();
        long l = buf.length();
        if (o < 0 || l < 0 || o + l > bodyLength) {
          throw new CorruptStoreException(
              file, "record batch " + b + ": buffer " + i + " lies outside the batch body");
        }
        off[i] = (int) (metaLength + o);
        len[i] = (int) l;
      }
      batchMaps[b] = map;
      batchRows[b] = (int) rb.length();
      batchFirstRow[b] = row;
      bufferOffset[b] = off;
      bufferLength[b] = len;
      row += rb.length();
      checkDataLengths(b);
    }
    rowCount = row;
  }

  private int lastColumnBuffers() {
    List<Field> fields = schema.getFields();
    return fields.get(fields.size() - 1).getType() instanceof ArrowType.Utf8 ? 3 : 2;
  }

  private void checkDataLengths(int b) throws IOException {
    List<Field> fields = schema.getFields();
    for (int c = 0; c < fields.size(); c++) {
      ArrowType t = fields.get(c).getType();
      long need;
      if (t instanceof ArrowType.Utf8) {
        need = batchRows[b] == 0 ? 0 : 4L * (batchRows[b] + 1); // offsets (writers may omit them for 0 rows)
      } else if (t instanceof ArrowType.Int || t instanceof ArrowType.FloatingPoint) {
        need = (long) widthOf(t) * batchRows[b];
      } else {
        continue; // a type the store never writes (an input file's): only its layout was checked
      }
      if (bufferLength[b][firstBuffer[c] + 1] < need) {
        throw new CorruptStoreException(
            file, "record batch " + b + ", column " + fields.get(c).getName() + ": data buffer holds "
                + bufferLength[b][firstBuffer[c] + 1] + " bytes, needs " + need);
      }
    }
  }

  private static int widthOf(ArrowType t) {
    if (t instanceof ArrowType.Int) {
      return ((ArrowType.Int) t).getBitWidth() / 8;
    }
    if (t instanceof ArrowType.FloatingPoint) {
      return ((ArrowType.FloatingPoint) t).getPrecision() == org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE ? 8 : 4;
    }
    throw new IllegalArgumentException("unsupported column type " + t);
  }

  Schema schema() {
    return schema;
  }

  Path file() {
    return file;
  }

  long rowCount() {
    return rowCount;
  }

  int batchCount() {
    return batchRows.length;
  }

  int batchRows(int batch) {
    return batchRows[batch];
  }

  long batchFirstRow(int batch) {
    return batchFirstRow[batch];
  }

  /** Batch holding global row {@code row} (binary search over batch starts). */
  int batchOf(long row) {
    int lo = 0;
    int hi = batchFirstRow.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (batchFirstRow[mid] <= row) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private int dataOffset(int batch, int column) {
    return bufferOffset[batch][firstBuffer[column] + 1];
  }

  /** Bulk read of an int8 column slice; one bounds check per call. */
  void readBytes(int batch, int column, int fromRow, byte[] dst, int dstOffset, int rows) {
    batchMaps[batch].get(dataOffset(batch, column) + fromRow, dst, dstOffset, rows);
  }

  /** Bulk read of an int16 column slice. */
  void readShorts(int batch, int column, int fromRow, short[] dst, int dstOffset, int rows) {
    ByteBuffer s = batchMaps[batch].slice(dataOffset(batch, column) + 2 * fromRow, 2 * rows);
    s.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(dst, dstOffset, rows); // slices come back big-endian
  }

  /** Bulk read of an int32 column slice. */
  void readInts(int batch, int column, int fromRow, int[] dst, int dstOffset, int rows) {
    ByteBuffer s = batchMaps[batch].slice(dataOffset(batch, column) + 4 * fromRow, 4 * rows);
    s.order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(dst, dstOffset, rows);
  }

  /** Bulk read of an int64 column slice. */
  void readLongs(int batch, int column, int fromRow, long[] dst, int dstOffset, int rows) {
    ByteBuffer s = batchMaps[batch].slice(dataOffset(batch, column) + 8 * fromRow, 8 * rows);
    s.order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(dst, dstOffset, rows);
  }

  /** Whether a value is null: the validity buffer is empty (no nulls) or its bit is clear. */
  boolean isNull(int batch, int column, int row) {
    int i = firstBuffer[column];
    if (bufferLength[batch][i] == 0) {
      return false;
    }
    byte bits = batchMaps[batch].get(bufferOffset[batch][i] + (row >>> 3));
    return (bits & (1 << (row & 7))) == 0;
  }

  long getLong(int batch, int column, int row, int widthBytes) {
    int at = dataOffset(batch, column) + row * widthBytes;
    MappedByteBuffer m = batchMaps[batch];
    switch (widthBytes) {
      case 1:
        return m.get(at);
      case 2:
        return m.getShort(at);
      case 4:
        return m.getInt(at);
      case 8:
        return m.getLong(at);
      default:
        throw new IllegalArgumentException("width " + widthBytes);
    }
  }

  double getDouble(int batch, int column, int row) {
    return batchMaps[batch].getDouble(dataOffset(batch, column) + row * 8);
  }

  String getUtf8(int batch, int column, int row) {
    int i = firstBuffer[column];
    MappedByteBuffer m = batchMaps[batch];
    int offsets = bufferOffset[batch][i + 1];
    int start = m.getInt(offsets + 4 * row);
    int end = m.getInt(offsets + 4 * row + 4);
    byte[] bytes = new byte[end - start];
    m.get(bufferOffset[batch][i + 2] + start, bytes, 0, bytes.length);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    for (MappedByteBuffer m : batchMaps) {
      unmap(m);
    }
    batchMaps = new MappedByteBuffer[0];
    channel.close();
  }

  private static void unmap(MappedByteBuffer m) {
    MappedFiles.release(m);
  }
}
