package org.strata.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.strata.rollup.RollupTables;

/**
 * Writes a result the way {@code strata run} publishes one: everything into a staging directory beside {@code
 * OUT}, which becomes {@code OUT} by a rename only when complete, so a failed or killed job leaves the previous
 * results whole. {@code OUT} holds {@code patients.parquet} (identifiable: it stays with the analytics team),
 * {@code quarantine.parquet} (ids masked), the engine's own {@code practices.csv}, {@code hubs.csv}, {@code
 * footprint.csv} and {@code rollup.json}, and the three rollups as Parquet.
 */
final class SparkOutputs {
  private SparkOutputs() {}

  static void publish(SparkSession spark, SparkStratify.Result r, String out, boolean overwrite) throws IOException {
    FileSystem fs = new Path(out).getFileSystem(spark.sparkContext().hadoopConfiguration());
    Path target = fs.makeQualified(new Path(out)); // "results/" and "results" alike, with a parent to stage in
    Path parent = target.getParent();
    Path stage = new Path(parent, "." + target.getName() + ".incoming-" + UUID.randomUUID());
    try {
      r.patients().drop("line").write().parquet(new Path(stage, "patients.parquet").toString());
      r.quarantine().write().parquet(new Path(stage, "quarantine.parquet").toString());
      if (r.eventsQuarantine() != null) {
        r.eventsQuarantine().write().parquet(new Path(stage, "events-quarantine.parquet").toString());
      }
      RollupTables t = r.rollup();
      write(fs, new Path(stage, "practices.csv"), t.practicesCsv());
      write(fs, new Path(stage, "hubs.csv"), t.hubsCsv());
      write(fs, new Path(stage, "footprint.csv"), t.footprintCsv());
      write(fs, new Path(stage, "rollup.json"), t.json());
      for (RollupTables.Table table : t.tables()) {
        tableFrame(spark, table).coalesce(1).write().parquet(new Path(stage, table.name() + ".parquet").toString());
      }
      Path previous = null;
      if (fs.exists(target)) {
        if (!overwrite) {
          throw new org.strata.format.InvalidInputException(out + ": already exists (give --overwrite to replace it)");
        }
        previous = new Path(parent, "." + target.getName() + ".previous-" + UUID.randomUUID());
        rename(fs, target, previous);
      }
      rename(fs, stage, target);
      if (previous != null) {
        fs.delete(previous, true);
      }
    } finally {
      if (fs.exists(stage)) {
        fs.delete(stage, true);
      }
    }
  }

  /**
   * Before any work: puts back the previous results if a job was killed between the two renames of {@code
   * --overwrite} (they are then {@code .OUT.previous-*} and there is no {@code OUT}), notes staging debris of killed
   * jobs, and fails when {@code out} exists and may not be replaced.
   */
  static void checkTarget(SparkSession spark, String out, boolean overwrite, java.util.List<String> warnings)
      throws IOException {
    FileSystem fs = new Path(out).getFileSystem(spark.sparkContext().hadoopConfiguration());
    Path target = fs.makeQualified(new Path(out));
    Path parent = target.getParent();
    if (fs.exists(parent)) {
      for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(parent)) {
        String name = f.getPath().getName();
        if (name.startsWith("." + target.getName() + ".previous-") && !fs.exists(target)) {
          rename(fs, f.getPath(), target);
          warnings.add(out + ": put back the previous results, which a job killed while replacing them left aside");
        } else if (name.startsWith("." + target.getName() + ".incoming-")) {
          warnings.add(f.getPath() + ": left by a job that did not finish; it may be deleted");
        }
      }
    }
    if (fs.exists(target) && !overwrite) {
      throw new org.strata.format.InvalidInputException(out + ": already exists (give --overwrite to replace it)");
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot rename " + from + " to " + to);
    }
  }

  private static void write(FileSystem fs, Path file, String text) throws IOException {
    try (OutputStream o = fs.create(file, false)) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A rollup table as a DataFrame: counts long, decimals at their scale, text as strings. */
  private static org.apache.spark.sql.Dataset<Row> tableFrame(SparkSession spark, RollupTables.Table table) {
    List<StructField> fields = new ArrayList<>();
    for (RollupTables.ColumnDoc c : table.columns()) {
      DataType type = c.scale() == RollupTables.ColumnDoc.TEXT ? DataTypes.StringType
          : c.scale() == 0 ? DataTypes.LongType : DataTypes.createDecimalType(18, c.scale());
      fields.add(DataTypes.createStructField(c.name(), type, true));
    }
    List<Row> rows = new ArrayList<>();
    for (List<Object> v : table.rows()) {
      Object[] o = v.toArray();
      for (int i = 0; i < o.length; i++) {
        if (o[i] instanceof BigDecimal b) {
          o[i] = b.setScale(table.columns().get(i).scale());
        }
      }
      rows.add(RowFactory.create(o));
    }
    return spark.createDataFrame(rows, DataTypes.createStructType(fields));
  }
}
