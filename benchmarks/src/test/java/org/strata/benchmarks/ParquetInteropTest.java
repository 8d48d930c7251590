package org.strata.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.cli.StrataCommand;

/**
 * Strata's Parquet read and written by another implementation, DuckDB: DuckDB reads {@code patients.parquet} and
 * the rollups' Parquet as exactly the CSVs beside them, value by value; Strata ingests the extract as DuckDB
 * writes it to Parquet — every codec, typed columns (dates, decimals, small and unsigned integers, booleans,
 * enums) — and gives byte-identical results to the CSV's; and a Parquet column Strata cannot read is one line
 * naming it. Everything through the command line, as a user runs it.
 */
class ParquetInteropTest {
  private static final String REFERENCE_DATE = "2026-04-01";

  @TempDir
  static Path dir;

  private static Path input;
  private static Path csvRun;

  @BeforeAll
  static void runFromCsvWithParquetOutputs() throws Exception {
    input = dir.resolve("in");
    org.strata.datasets.FootprintGenerator.generate(
        org.strata.datasets.FootprintSpec.builder().patients(12_000).seed(77).threads(2).build(), input,
        org.strata.datasets.ProgressListener.NONE);
    csvRun = strata(0, "run", "--patients", input.resolve("patients.csv").toString(),
        "--practices", input.resolve("practices.csv").toString(), "--reference-date", REFERENCE_DATE,
        "--store", dir.resolve("store-csv").toString(), "--out", dir.resolve("res-csv").toString(),
        "--form-hubs", "--format", "parquet", "--quiet");
  }

  @Test
  void duckDbReadsEveryParquetOutputAsTheCsvBesideIt() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      for (String table : List.of("patients", "practices", "hubs", "footprint")) {
        String csv = "read_csv('" + csvRun.resolve(table + ".csv") + "', all_varchar = true, header = true)";
        String parquet = "(SELECT COLUMNS(*)::VARCHAR FROM read_parquet('" + csvRun.resolve(table + ".parquet") + "'))";
        long rows = one(s, "SELECT count(*) FROM " + csv);
        assertTrue(rows > 0, table);
        assertEquals(rows, one(s, "SELECT count(*) FROM " + parquet), table + ": rows");
        // row by row in file order: the n-th Parquet row printed is the n-th CSV row
        String numbered = "SELECT row_number() OVER () AS n, * FROM ";
        assertEquals(0, one(s, "SELECT count(*) FROM ((" + numbered + csv + ") EXCEPT (" + numbered + parquet + "))"),
            table + ": a row of the CSV is not in the Parquet file");
        assertEquals(0, one(s, "SELECT count(*) FROM ((" + numbered + parquet + ") EXCEPT (" + numbered + csv + "))"),
            table + ": a row of the Parquet file is not in the CSV");
      }
      // typed, not text: a DuckDB user sums and filters without casts
      assertEquals("INTEGER DECIMAL(9,6) DECIMAL(9,2) VARCHAR", String.join(" ",
          type(s, "patients", "level"), type(s, "patients", "admission_risk"), type(s, "patients", "cms"),
          type(s, "patients", "patient_id")));
      assertEquals("BIGINT DECIMAL(18,2)", type(s, "practices", "registered") + " " + type(s, "practices",
          "level1_share_pct"));
    }
  }

  @Test
  void strataIngestsTheExtractAsDuckDbWritesItToParquetInEveryCodec() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      for (String codec : List.of("snappy", "zstd", "gzip", "uncompressed", "lz4_raw")) {
        Path in = Files.createDirectories(dir.resolve("pq-" + codec));
        s.execute("COPY (SELECT * FROM read_csv('" + input.resolve("patients.csv") + "')) TO '"
            + in.resolve("patients.parquet") + "' (FORMAT parquet, COMPRESSION " + codec + ", ROW_GROUP_SIZE 5000)");
        s.execute("COPY (SELECT * FROM read_csv('" + input.resolve("practices.csv") + "')) TO '"
            + in.resolve("practices.parquet") + "' (FORMAT parquet, COMPRESSION " + codec + ")");
        Path run = strata(0, "run", "--patients", in.resolve("patients.parquet").toString(),
            "--practices", in.resolve("practices.parquet").toString(), "--reference-date", REFERENCE_DATE,
            "--store", dir.resolve("store-" + codec).toString(), "--out", dir.resolve("res-" + codec).toString(),
            "--form-hubs", "--quiet");
        assertSameResults(run, codec);
      }
    }
  }

  @Test
  void typedColumnsReadAsTheirCsvText() throws Exception {
    Path in = Files.createDirectories(dir.resolve("pq-typed"));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("CREATE TYPE sex_t AS ENUM ('F', 'M', 'I', 'U')");
      // age as a date of birth (a DATE and, for the unregistered, a TIMESTAMP would do as well), counts as small
      // and unsigned integers, flags as booleans, money as a decimal, sex as an enum
      s.execute("CREATE TABLE p AS SELECT * FROM read_csv('" + input.resolve("patients.csv") + "')");
      String cols = String.join(", ", columns(s));
      String typed = cols
          .replace("age,", "(DATE '" + REFERENCE_DATE + "' - INTERVAL (age) YEAR)::DATE AS date_of_birth,")
          .replace("sex,", "sex::sex_t AS sex,")
          .replace("imd_decile,", "imd_decile::UTINYINT AS imd_decile,")
          .replace("dementia,", "dementia::BOOLEAN AS dementia,")
          .replace("emergency_admissions,", "emergency_admissions::SMALLINT AS emergency_admissions,")
          .replace("cost_12m,", "cost_12m::DECIMAL(12,2) AS cost_12m,");
      assertTrue(typed.contains("date_of_birth") && typed.contains("UTINYINT") && typed.contains("DECIMAL"), typed);
      s.execute("COPY (SELECT " + typed + " FROM p) TO '" + in.resolve("patients.parquet") + "' (FORMAT parquet)");
      s.execute("COPY (SELECT * FROM read_csv('" + input.resolve("practices.csv") + "')) TO '"
          + in.resolve("practices.parquet") + "' (FORMAT parquet)");
    }
    Path run = strata(0, "run", "--patients", in.resolve("patients.parquet").toString(),
        "--practices", in.resolve("practices.parquet").toString(), "--reference-date", REFERENCE_DATE,
        "--store", dir.resolve("store-typed").toString(), "--out", dir.resolve("res-typed").toString(),
        "--form-hubs", "--quiet");
    assertSameResults(run, "typed columns");
  }

  @Test
  void aNestedColumnIsOneLineNamingIt() throws Exception {
    Path in = Files.createDirectories(dir.resolve("pq-nested"));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("COPY (SELECT * REPLACE ([age, age] AS age) FROM read_csv('" + input.resolve("patients.csv")
          + "') LIMIT 10) TO '" + in.resolve("patients.parquet") + "' (FORMAT parquet)");
    }
    String err = strataErr(2, "ingest", "--patients", in.resolve("patients.parquet").toString(),
        "--practices", input.resolve("practices.csv").toString(), "--store", dir.resolve("store-nested").toString());
    assertEquals(1, err.strip().lines().count(), err);
    assertTrue(err.contains("patients.parquet: column 'age' is a nested or repeated Parquet field"), err);
    Files.write(in.resolve("cut.parquet"), java.util.Arrays.copyOf(
        Files.readAllBytes(in.resolve("patients.parquet")), 300));
    err = strataErr(2, "ingest", "--patients", in.resolve("cut.parquet").toString(),
        "--practices", input.resolve("practices.csv").toString(), "--store", dir.resolve("store-cut").toString());
    assertEquals(1, err.strip().lines().count(), err);
    assertTrue(err.contains("cut.parquet: not a readable Parquet file"), err);
  }

  private static void assertSameResults(Path run, String what) throws Exception {
    for (String f : List.of("patients.csv", "practices.csv", "hubs.csv", "footprint.csv", "patients.arrow")) {
      byte[] expected = Files.readAllBytes(csvRun.resolve(f));
      byte[] actual = Files.readAllBytes(run.resolve(f));
      if (f.equals("footprint.csv")) { // the footprint row records what ingest read: the same counts
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8), what);
      }
      assertArrayEquals(expected, actual, what + ": " + f + " differs from the CSV run's");
    }
  }

  private static List<String> columns(Statement s) throws Exception {
    List<String> names = new java.util.ArrayList<>();
    try (ResultSet r = s.executeQuery("SELECT column_name FROM (DESCRIBE p)")) {
      while (r.next()) {
        names.add(r.getString(1));
      }
    }
    names.add(""); // so that every name, the last too, is followed by ", " in the joined list
    return names;
  }

  private static String type(Statement s, String table, String column) throws Exception {
    try (ResultSet r = s.executeQuery("SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet('"
        + csvRun.resolve(table + ".parquet") + "')) WHERE column_name = '" + column + "'")) {
      assertTrue(r.next(), table + "." + column);
      return r.getString(1);
    }
  }

  private static long one(Statement s, String sql) throws Exception {
    try (ResultSet r = s.executeQuery(sql)) {
      assertTrue(r.next(), sql);
      return r.getLong(1);
    }
  }

  /** Runs the command line; returns the results' latest run for a run, and checks the exit code. */
  private static Path strata(int expectedExit, String... args) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = execute(err, args);
    assertEquals(expectedExit, exit, String.join(" ", args) + "\n" + err.toString(StandardCharsets.UTF_8));
    int out = java.util.Arrays.asList(args).indexOf("--out");
    return out < 0 ? null : Path.of(args[out + 1]).resolve("latest");
  }

  private static String strataErr(int expectedExit, String... args) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(expectedExit, execute(err, args), err.toString(StandardCharsets.UTF_8));
    return err.toString(StandardCharsets.UTF_8);
  }

  private static int execute(ByteArrayOutputStream err, String... args) {
    PrintStream stdout = System.out;
    try (PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
      System.setOut(quiet); // the run's tables: not wanted in the test log
      picocli.CommandLine cli = StrataCommand.commandLine();
      cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
      return cli.execute(args);
    } finally {
      System.setOut(stdout);
    }
  }
}
