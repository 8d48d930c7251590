package org.strata.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.cli.StrataCommand;

/**
 * The Spark job against {@code strata run}, patient by patient, on a generated footprint with the row defects a
 * real extract has (invalid NHS numbers, duplicates, blank and absurd values, unknown practices, the unregistered
 * without an LSOA): Spark in local[2], the same files, the same policy. The rollups must be byte-identical, every
 * patient's level, deciding rule, reasons and scores equal and in the same order, and the quarantine the same rows
 * with the same reasons. Spark's CSV reader is not the engine's, so the three rows whose defect is the CSV's own
 * structure (wrong field count, an unbalanced quote, a quoted newline) are taken out of the file both read.
 */
class SparkEqualityTest {
  @TempDir
  static Path dir;

  private static SparkSession spark;
  private static Path patients;
  private static Path practices;

  @BeforeAll
  static void footprint() throws IOException {
    Path in = dir.resolve("in");
    assertEquals(0, StrataCommand.commandLine().execute("generate", "--patients", "20000", "--dirty", "0.004",
        "--seed", "11", "--out", in.toString(), "--quiet"));
    patients = dir.resolve("patients.csv");
    practices = in.resolve("practices.csv");
    Files.write(patients, withoutStructuralDefects(in));
    spark = SparkSession.builder().master("local[2]").appName("strata-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer") // as StrataSpark sets it
        // Files cut into many partitions, so row indices (lines) and duplicates cross partition boundaries.
        .config("spark.sql.files.maxPartitionBytes", "262144").getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** patients.csv without the lines defects.csv lists as malformed, unbalanced or spanning two lines. */
  private static byte[] withoutStructuralDefects(Path in) throws IOException {
    Set<Integer> drop = new HashSet<>();
    for (String d : Files.readAllLines(in.resolve("defects.csv"))) {
      String[] f = d.split(",", -1);
      if (f[4].equals("malformed_row") || f[4].equals("unbalanced_quote")) {
        drop.add(Integer.parseInt(f[1]));
      } else if (f[3].equals("notes_quoted_newline")) {
        drop.add(Integer.parseInt(f[1]));
        drop.add(Integer.parseInt(f[1]) + 1);
      }
    }
    assertTrue(drop.size() >= 2, "the generator's structural defects are gone: " + drop);
    String text = Files.readString(in.resolve("patients.csv"), StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      if (!drop.contains(i + 1)) {
        out.append(lines[i]).append(i + 1 < lines.length ? "\n" : "");
      }
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void defaultPolicyFromCsvAndFromParquetGivesStrataRunsAnswer() throws IOException {
    Path single = dir.resolve("single");
    assertEquals(0, StrataCommand.commandLine().execute("run", "--patients", patients.toString(), "--practices",
        practices.toString(), "--form-hubs", "--out", single.toString(), "--quiet"));
    Path fromCsv = dir.resolve("spark-csv");
    assertEquals(0, StrataSpark.run("--patients", patients.toString(), "--practices", practices.toString(),
        "--form-hubs", "--out", fromCsv.toString()));
    assertSame(single.resolve("latest"), fromCsv);
    assertQuarantine(dir.resolve("single-store/generations/g000001/quarantine.csv"), fromCsv);

    // The same rows as a Parquet table (every column text, as a platform's raw landing table holds them).
    Path parquet = dir.resolve("patients.parquet");
    SparkInputs.table(spark, patients.toString()).drop(SparkInputs.CORRUPT_RECORD).coalesce(1).write()
        .parquet(parquet.toString());
    Path fromParquet = dir.resolve("spark-parquet");
    assertEquals(0, StrataSpark.run("--patients", parquet.toString(), "--practices", practices.toString(),
        "--form-hubs", "--out", fromParquet.toString()));
    assertSame(single.resolve("latest"), fromParquet);
  }

  @Test
  void pseudonymousExtractGivesStrataRunsAnswer() throws IOException {
    // The same rows with each NHS number replaced by a pseudonym (an invalid one stays invalid: empty).
    List<String> lines = Files.readAllLines(patients);
    int id = List.of(lines.get(0).replace("\uFEFF", "").toLowerCase(java.util.Locale.ROOT).split(",")).indexOf("patient_id");
    StringBuilder out = new StringBuilder(lines.get(0)).append('\n');
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      if (f.length > id) {
        String digits = f[id].replace(" ", "").strip();
        f[id] = digits.matches("[0-9]{10}") ? "PS-" + Long.toString(Long.parseLong(digits) * 7919 % 1_000_000_007L, 36)
            : "";
      }
      out.append(String.join(",", f)).append('\n');
    }
    Path pseudonymous = dir.resolve("pseudonymous.csv");
    Files.writeString(pseudonymous, out);
    Path single = dir.resolve("pseudonym-single");
    assertEquals(0, StrataCommand.commandLine().execute("run", "--patients", pseudonymous.toString(), "--practices",
        practices.toString(), "--id-kind", "pseudonym", "--form-hubs", "--out", single.toString(), "--quiet"));
    Path onSpark = dir.resolve("pseudonym-spark");
    assertEquals(0, StrataSpark.run("--patients", pseudonymous.toString(), "--practices", practices.toString(),
        "--id-kind", "pseudonym", "--form-hubs", "--out", onSpark.toString()));
    assertSame(single.resolve("latest"), onSpark);
  }

  @Test
  void cutsPerHubAndPerPracticeOfEveryoneGiveStrataRunsAnswer() throws IOException {
    Path policy = dir.resolve("scoped.yaml");
    Files.writeString(policy, """
        name: scoped
        version: "1"
        risk_model: illustrative
        levels:
          1:
            name: High need
            rules:
              - name: palliative_care
                when: palliative_care == 1
              - name: top_3pct_hub
                top_percent: 3
                of: everyone
                scope: hub
              - name: floor_4pct
                practice_floor: 4
                of: adults
          2:
            name: Ongoing care needs
            rules:
              - name: top_10pct_practice
                top_percent: 10
                of: adults
                scope: practice
              - name: top_15pct_everyone
                top_percent: 15
                of: everyone
                scope: footprint
          3:
            name: Episodic needs
            rules:
              - name: ae_attendance
                when: ae_attendances >= 1
          4:
            name: Mostly well
        """);
    Path single = dir.resolve("scoped-single");
    assertEquals(0, StrataCommand.commandLine().execute("run", "--patients", patients.toString(), "--practices",
        practices.toString(), "--form-hubs", "--policy", policy.toString(), "--out", single.toString(), "--quiet"));
    Path onSpark = dir.resolve("scoped-spark");
    assertEquals(0, StrataSpark.run("--patients", patients.toString(), "--practices", practices.toString(),
        "--form-hubs", "--policy", policy.toString(), "--out", onSpark.toString()));
    assertSame(single.resolve("latest"), onSpark);
  }

  @Test
  void eventLevelExtractGivesWhatStrataIngestEventsThenRunGives() throws IOException {
    Path ev = dir.resolve("events");
    assertEquals(0, StrataCommand.commandLine().execute("generate", "--events", "--patients", "6000", "--seed", "3",
        "--out", ev.toString(), "--quiet"));
    // Rows a real extract has wrong: an unknown patient, a future date, a code that is not a concept id, a value
    // that is not a number, a discharge before its admission, a date that is not one.
    String id = Files.readAllLines(ev.resolve("patients.csv")).get(5).split(",")[0];
    Files.writeString(ev.resolve("gp_events.csv"), "9434765919,2025-06-01,44054006,\n"
        + id + ",2027-01-01,44054006,\n" + id + ",2025-06-01,4405x4006,\n" + id + ",2025-06-01,1003671000000109,abc\n"
        + id + ",2025-13-01,44054006,\n", java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(ev.resolve("apc_spells.csv"), id + ",2025-03-10,2025-03-01,21,I50.0\n",
        java.nio.file.StandardOpenOption.APPEND);
    Path store = dir.resolve("events-store");
    assertEquals(0, StrataCommand.commandLine().execute("ingest", "--events", ev.toString(), "--patients",
        ev.resolve("patients.csv").toString(), "--practices", ev.resolve("practices.csv").toString(),
        "--reference-date", "2026-03-31", "--store", store.toString(), "--quiet"));
    Path single = dir.resolve("events-single");
    assertEquals(0, StrataCommand.commandLine().execute("run", "--store", store.toString(), "--form-hubs", "--out",
        single.toString(), "--quiet"));
    Path onSpark = dir.resolve("events-spark");
    assertEquals(0, StrataSpark.run("--patients", ev.resolve("patients.csv").toString(), "--practices",
        ev.resolve("practices.csv").toString(), "--events", ev.toString(), "--reference-date", "2026-03-31",
        "--shards", "5", "--form-hubs", "--out", onSpark.toString()));
    assertSame(single.resolve("latest"), onSpark);

    Path cleanStore = dir.resolve("events-clean-store");
    Path clean = dir.resolve("events-clean");
    Files.createDirectories(clean);
    for (String f : List.of("patients", "practices", "gp_events", "medications", "apc_spells", "ae_attendances",
        "op_attendances")) {
      List<String> rows = Files.readAllLines(ev.resolve(f + ".csv"));
      int good = f.equals("gp_events") ? rows.size() - 5 : f.equals("apc_spells") ? rows.size() - 1 : rows.size();
      Files.write(clean.resolve(f + ".csv"), rows.subList(0, good));
    }
    // The good rows as typed Parquet tables, as a platform holds them: dates as DATE, codes as BIGINT, values as
    // DOUBLE, counts as INT (a typed column cannot hold the bad rows' values).
    Path typed = dir.resolve("events-typed");
    Files.createDirectories(typed);
    java.util.Map<String, String> casts = java.util.Map.of(
        "patients", "patient_id, practice_code, lsoa, CAST(date_of_birth AS DATE) AS date_of_birth, sex,"
            + " CAST(imd_decile AS INT) AS imd_decile, CAST(painful_condition AS INT) AS painful_condition,"
            + " CAST(social_care AS INT) AS social_care, CAST(carer AS INT) AS carer,"
            + " CAST(cost_12m AS DOUBLE) AS cost_12m,"
            + " CAST(emergency_admissions_next_12m AS INT) AS emergency_admissions_next_12m",
        "gp_events", "patient_id, CAST(date AS DATE) AS date, CAST(code AS BIGINT) AS code,"
            + " CAST(value AS DOUBLE) AS value",
        "medications", "patient_id, CAST(date AS DATE) AS date, CAST(code AS BIGINT) AS code",
        "apc_spells", "patient_id, CAST(admission_date AS DATE) AS admission_date,"
            + " CAST(discharge_date AS DATE) AS discharge_date, admission_method, diagnoses",
        "ae_attendances", "patient_id, CAST(arrival_date AS DATE) AS arrival_date",
        "op_attendances", "patient_id, CAST(appointment_date AS DATE) AS appointment_date");
    for (java.util.Map.Entry<String, String> e : casts.entrySet()) {
      SparkInputs.table(spark, clean.resolve(e.getKey() + ".csv").toString()).drop(SparkInputs.CORRUPT_RECORD)
          .selectExpr(e.getValue().split(",(?![^(]*\\))")).write()
          .parquet(typed.resolve(e.getKey() + ".parquet").toString());
    }
    assertEquals(0, StrataCommand.commandLine().execute("ingest", "--events", clean.toString(), "--reference-date",
        "2026-03-31", "--store", cleanStore.toString(), "--quiet"));
    Path cleanSingle = dir.resolve("events-clean-single");
    assertEquals(0, StrataCommand.commandLine().execute("run", "--store", cleanStore.toString(), "--form-hubs", "--out",
        cleanSingle.toString(), "--quiet"));
    Path typedSpark = dir.resolve("events-typed-spark");
    assertEquals(0, StrataSpark.run("--patients", typed.resolve("patients.parquet").toString(), "--practices",
        ev.resolve("practices.csv").toString(), "--events", typed.toString(), "--reference-date", "2026-03-31",
        "--form-hubs", "--out", typedSpark.toString()));
    assertSame(cleanSingle.resolve("latest"), typedSpark);

    List<String> expected = new ArrayList<>(Files.readAllLines(
        store.resolve("generations/g000001/events-quarantine.csv")));
    List<String> actual = new ArrayList<>();
    actual.add(expected.get(0));
    for (Row r : spark.read().parquet(onSpark.resolve("events-quarantine.parquet").toString()).collectAsList()) {
      actual.add(csv(r));
    }
    assertEquals(7, expected.size(), "six bad event rows: " + expected);
    java.util.Collections.sort(expected.subList(1, expected.size()));
    java.util.Collections.sort(actual.subList(1, actual.size()));
    assertEquals(expected, actual);
  }

  @Test
  void badInputIsOneLineAndWritesNothing() throws IOException {
    Path out = dir.resolve("never");
    assertEquals(2, StrataSpark.run("--patients", dir.resolve("missing.parquet").toString(), "--practices",
        practices.toString(), "--form-hubs", "--out", out.toString()));
    assertEquals(2, StrataSpark.run("--patients", patients.toString(), "--practices", practices.toString(),
        "--out", out.toString())); // no hub column and no --form-hubs
    assertEquals(2, StrataSpark.run("--patients", patients.toString(), "--practices", practices.toString(),
        "--form-hubs", "--max-reject-rate", "0.0001", "--out", out.toString()));
    assertTrue(Files.notExists(out));
  }

  /** The rollups byte for byte; the patients row by row, in the same order. */
  private static void assertSame(Path single, Path onSpark) throws IOException {
    for (String f : List.of("practices.csv", "hubs.csv", "footprint.csv", "rollup.json")) {
      assertEquals(Files.readString(single.resolve(f)), Files.readString(onSpark.resolve(f)), f);
    }
    List<String> expected = Files.readAllLines(single.resolve("patients.csv"));
    List<String> actual = new ArrayList<>();
    actual.add(expected.get(0));
    for (Row r : spark.read().parquet(onSpark.resolve("patients.parquet").toString()).collectAsList()) {
      actual.add(csv(r));
    }
    assertEquals(expected.size(), actual.size(), "patients");
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), "patients.csv line " + (i + 1));
    }
  }

  private static String csv(Row r) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < r.size(); i++) {
      Object v = r.get(i);
      s.append(i == 0 ? "" : ",").append(v == null ? "" : v instanceof BigDecimal b ? b.toPlainString() : v);
    }
    return s.toString();
  }

  private static void assertQuarantine(Path engineQuarantine, Path onSpark) throws IOException {
    List<String> expected = Files.readAllLines(engineQuarantine);
    List<String> actual = new ArrayList<>();
    actual.add(expected.get(0));
    for (Row r : spark.read().parquet(onSpark.resolve("quarantine.parquet").toString()).orderBy("line")
        .collectAsList()) {
      actual.add(csv(r));
    }
    assertTrue(expected.size() > 40, "a dirty extract has rejected rows: " + expected.size());
    assertEquals(expected, actual);
  }
}
