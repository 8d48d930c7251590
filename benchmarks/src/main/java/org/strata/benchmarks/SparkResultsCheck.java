package org.strata.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * Holds a Spark job's results to a {@code strata run} of the same extract, independently of both: the rollups
 * ({@code practices.csv}, {@code hubs.csv}, {@code footprint.csv}, {@code rollup.json}) byte for byte, and every
 * patient of {@code patients.parquet} against {@code patients.csv} — same count, and each row's eleven columns
 * equal to the CSV's row at the same position — read by DuckDB, neither engine's reader. Exits 1 on a difference
 * (the first few printed, NHS numbers masked).
 *
 * <pre>
 * ./strata-bench spark-check results/latest spark-results
 * </pre>
 */
public final class SparkResultsCheck {
  private static final List<String> ROLLUPS = List.of("practices.csv", "hubs.csv", "footprint.csv", "rollup.json");

  private SparkResultsCheck() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SparkResultsCheck STRATA_RUN_DIR SPARK_OUT_DIR");
      System.exit(2);
    }
    Path run = Path.of(args[0]);
    Path spark = Path.of(args[1]);
    int differ = 0;
    for (String f : ROLLUPS) {
      boolean same = java.util.Arrays.equals(Files.readAllBytes(run.resolve(f)), Files.readAllBytes(spark.resolve(f)));
      System.out.println((same ? "identical  " : "DIFFERENT  ") + f);
      differ += same ? 0 : 1;
    }
    String csv = run.resolve("patients.csv").toString().replace("'", "''");
    String parquet = spark.resolve("patients.parquet").resolve("*.parquet").toString().replace("'", "''");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads TO 2");
      s.execute("CREATE TABLE a AS SELECT row_number() OVER () AS n, * FROM read_csv('" + csv
          + "', header = true, all_varchar = true)");
      s.execute("CREATE TABLE b AS SELECT row_number() OVER () AS n, * FROM read_parquet('" + parquet + "')");
      long rows = scalar(s, "SELECT count(*) FROM a");
      long sparkRows = scalar(s, "SELECT count(*) FROM b");
      String cols = "patient_id, practice_code, level, deciding_rule, reasons, efi_category, ltc_count, cms,"
          + " admission_risk, hub, level_name";
      StringBuilder cond = new StringBuilder();
      for (String col : cols.split(",\\s*")) {
        cond.append(cond.length() == 0 ? "" : " OR ").append("coalesce(a.").append(col).append(", '') <> coalesce(")
            .append("CAST(b.").append(col).append(" AS VARCHAR), '')");
      }
      long bad = scalar(s, "SELECT count(*) FROM a FULL JOIN b USING (n) WHERE a.n IS NULL OR b.n IS NULL OR " + cond);
      System.out.printf(Locale.ROOT, "%s  patients: %,d rows in patients.csv, %,d in patients.parquet, %,d differ%n",
          bad == 0 && rows == sparkRows ? "identical " : "DIFFERENT ", rows, sparkRows, bad);
      if (bad > 0) {
        try (ResultSet r = s.executeQuery("SELECT a.n, a.patient_id, a.level, b.level, a.deciding_rule, b.deciding_rule"
            + " FROM a FULL JOIN b USING (n) WHERE a.n IS NULL OR b.n IS NULL OR " + cond + " LIMIT 5")) {
          while (r.next()) {
            String id = r.getString(2);
            System.out.printf(Locale.ROOT, "  row %d  ******%s  level %s / %s  deciding %s / %s%n", r.getLong(1),
                id == null || id.length() < 4 ? "" : id.substring(id.length() - 4), r.getString(3), r.getString(4),
                r.getString(5), r.getString(6));
          }
        }
        differ++;
      }
    }
    System.exit(differ == 0 ? 0 : 1);
  }

  private static long scalar(Statement s, String sql) throws java.sql.SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
