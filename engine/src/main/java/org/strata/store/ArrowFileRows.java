package org.strata.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One row of any flat Arrow IPC file, read from a mapping that is closed before returning: for look-ups in
 * files Strata wrote (a run's {@code patients.arrow}), where one row of millions is wanted and nothing else.
 */
public final class ArrowFileRows {
  private ArrowFileRows() {}

  /** A file's rows, schema metadata and one row: column name → Long, Double, String or null. */
  public record Row(long rowCount, Map<String, String> metadata, Map<String, Object> values) {}

  /**
   * Row {@code row} of {@code file}, or only its row count and metadata when {@code row} is outside it.
   *
   * @throws CorruptStoreException when the file is not a flat Arrow IPC file
   */
  public static Row read(Path file, long row) throws IOException {
    try (ArrowFileMapping m = ArrowFileMapping.open(file, null)) {
      Schema schema = m.schema();
      Map<String, String> metadata = schema.getCustomMetadata() == null ? Map.of() : Map.copyOf(schema.getCustomMetadata());
      if (row < 0 || row >= m.rowCount()) {
        return new Row(m.rowCount(), metadata, Map.of());
      }
      int b = m.batchOf(row);
      int i = (int) (row - m.batchFirstRow(b));
      List<Field> fields = schema.getFields();
      Map<String, Object> values = new LinkedHashMap<>();
      for (int c = 0; c < fields.size(); c++) {
        Field f = fields.get(c);
        ArrowType t = f.getType();
        Object v;
        if (f.isNullable() && m.isNull(b, c, i)) {
          v = null;
        } else if (t instanceof ArrowType.Int in) {
          v = m.getLong(b, c, i, in.getBitWidth() / 8);
        } else if (t instanceof ArrowType.FloatingPoint fp && fp.getPrecision() == org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE) {
          v = m.getDouble(b, c, i);
        } else if (t instanceof ArrowType.Utf8) {
          v = m.getUtf8(b, c, i);
        } else {
          throw new CorruptStoreException(file, "column " + f.getName() + " has type " + t + ", which look-ups do not read");
        }
        values.put(f.getName(), v);
      }
      return new Row(m.rowCount(), metadata, values);
    }
  }

  /**
   * Every row of a flat Arrow IPC file Strata wrote, column by column: int8–int32 as {@code int[]}, int64 as
   * {@code long[]}, float64 as {@code double[]}, utf8 as {@code String[]}, in file order. Nulls read as 0.
   */
  public record Columns(long rowCount, Map<String, String> metadata, Map<String, Object> columns) {}

  /** All of {@code file} ({@link Columns}); for a reader that keeps a whole run's results in memory. */
  public static Columns readAll(Path file) throws IOException {
    try (ArrowFileMapping m = ArrowFileMapping.open(file, null)) {
      Schema schema = m.schema();
      Map<String, String> metadata = schema.getCustomMetadata() == null ? Map.of() : Map.copyOf(schema.getCustomMetadata());
      int n = Math.toIntExact(m.rowCount());
      List<Field> fields = schema.getFields();
      Map<String, Object> columns = new LinkedHashMap<>();
      for (int c = 0; c < fields.size(); c++) {
        Field f = fields.get(c);
        ArrowType t = f.getType();
        Object column;
        if (t instanceof ArrowType.Int in && in.getBitWidth() == 64) {
          long[] v = new long[n];
          for (int b = 0; b < m.batchCount(); b++) {
            m.readLongs(b, c, 0, v, (int) m.batchFirstRow(b), m.batchRows(b));
          }
          column = v;
        } else if (t instanceof ArrowType.Int in) {
          int[] v = new int[n];
          int width = in.getBitWidth() / 8;
          for (int b = 0; b < m.batchCount(); b++) {
            int off = (int) m.batchFirstRow(b);
            for (int i = 0, rows = m.batchRows(b); i < rows; i++) {
              v[off + i] = (int) m.getLong(b, c, i, width);
            }
          }
          column = v;
        } else if (t instanceof ArrowType.FloatingPoint fp
            && fp.getPrecision() == org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE) {
          double[] v = new double[n];
          for (int b = 0; b < m.batchCount(); b++) {
            int off = (int) m.batchFirstRow(b);
            for (int i = 0, rows = m.batchRows(b); i < rows; i++) {
              v[off + i] = m.getDouble(b, c, i);
            }
          }
          column = v;
        } else if (t instanceof ArrowType.Utf8) {
          String[] v = new String[n];
          for (int b = 0; b < m.batchCount(); b++) {
            int off = (int) m.batchFirstRow(b);
            for (int i = 0, rows = m.batchRows(b); i < rows; i++) {
              v[off + i] = f.isNullable() && m.isNull(b, c, i) ? null : m.getUtf8(b, c, i);
            }
          }
          column = v;
        } else {
          throw new CorruptStoreException(file, "column " + f.getName() + " has type " + t + ", which readers do not read");
        }
        columns.put(f.getName(), column);
      }
      return new Columns(n, metadata, columns);
    }
  }
}
