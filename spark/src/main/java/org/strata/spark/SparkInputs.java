package org.strata.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.strata.format.InvalidInputException;
import org.strata.format.Practice;
import org.strata.ingest.PracticesReader;

/**
 * The job's inputs read the platform's way: a CSV table (plain or gzipped) as text in every column, exactly the
 * file's text as the engine's reader sees it, with Spark's column for rows it cannot split; any other path as
 * Parquet (a file or a directory of parts), typed. The practices file is small and read on the driver by the
 * engine's own reader, from any file system Hadoop reaches.
 */
final class SparkInputs {
  /** The column Spark's CSV reader fills with a row it could not split into the header's columns. */
  static final String CORRUPT_RECORD = "_corrupt_record";

  private SparkInputs() {}

  /** The table at {@code path}: CSV by its name ({@code .csv}, {@code .csv.gz}), else Parquet. */
  static Dataset<Row> table(SparkSession spark, String path) throws InvalidInputException {
    String lower = path.toLowerCase(Locale.ROOT);
    try {
      if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
        String[] columns = spark.read().option("header", "true").csv(path).columns();
        List<StructField> fields = new ArrayList<>();
        for (String c : columns) {
          fields.add(DataTypes.createStructField(c, DataTypes.StringType, true));
        }
        fields.add(DataTypes.createStructField(CORRUPT_RECORD, DataTypes.StringType, true));
        return spark.read().option("header", "true").option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", CORRUPT_RECORD).schema(DataTypes.createStructType(fields)).csv(path);
      }
      return spark.read().parquet(path);
    } catch (Exception e) { // Spark's AnalysisException (no such path, not Parquet), thrown undeclared from Scala
      if (e instanceof org.apache.spark.sql.AnalysisException a) {
        throw new InvalidInputException(path + ": cannot be read as a table (" + firstLine(a.getMessage()) + ")", a);
      }
      throw e;
    }
  }

  /** The practices file at {@code path} (any Hadoop file system), read by the engine's reader. */
  static List<Practice> practices(SparkSession spark, String path, List<String> warnings) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(p)) {
      throw new InvalidInputException(path + ": no such file (--practices)");
    }
    String name = p.getName();
    Path dir = Files.createTempDirectory("strata-practices-");
    Path local = dir.resolve(name);
    try {
      fs.copyToLocalFile(false, p, new org.apache.hadoop.fs.Path(local.toUri()), true);
      return PracticesReader.read(local, warnings);
    } finally {
      Files.deleteIfExists(local);
      Files.deleteIfExists(dir);
    }
  }

  /**
   * The event tables in {@code dir} for {@code stems}: each {@code STEM.parquet} (a file or a directory of parts),
   * {@code STEM.csv} or {@code STEM.csv.gz}; two for one stem is an error. A stem without a table is left out (the
   * job names it when a feature reads it).
   */
  static EventTables eventTables(SparkSession spark, String dir, List<String> stems, String codelists,
      String features, int shards) throws IOException {
    org.apache.hadoop.fs.Path d = new org.apache.hadoop.fs.Path(dir);
    FileSystem fs = d.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(d) || !fs.getFileStatus(d).isDirectory()) {
      throw new InvalidInputException(dir + ": no such directory (--events takes the directory of event tables)");
    }
    java.util.Map<String, Dataset<Row>> tables = new java.util.LinkedHashMap<>();
    java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
    for (String stem : stems) {
      String found = null;
      for (String ext : List.of(".parquet", ".csv", ".csv.gz")) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(d, stem + ext);
        if (fs.exists(p)) {
          if (found != null) {
            throw new InvalidInputException(dir + ": both " + found + " and " + p.getName() + ": keep one");
          }
          found = p.getName();
        }
      }
      if (found != null) {
        tables.put(stem, table(spark, new org.apache.hadoop.fs.Path(d, found).toString()));
        names.put(stem, found);
      }
    }
    return new EventTables(tables, names, codelists, features, shards);
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
