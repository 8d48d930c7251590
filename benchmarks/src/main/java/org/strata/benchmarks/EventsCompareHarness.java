package org.strata.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Event-level ingest side by side with DuckDB: {@code ./strata ingest --events DIR} (JVM start included) against
 * DuckDB loading the same CSV files and deriving the same columns in SQL (the shipped features, written out below
 * against a table of the shipped code lists), on the same threads; then DuckDB's answer is compared, patient by
 * patient and column by column, with the footprint's flat twin ({@code DIR/flat/patients.csv}), which Strata's store
 * is byte-identical to (a test holds that).
 *
 * <pre>{@code ./strata-bench events DIR [--reference-date 2026-03-31] [--threads 2] [--rounds 3]}</pre>
 */
public final class EventsCompareHarness {
  private EventsCompareHarness() {}

  static final List<String> FLAGS = List.of("alcohol", "anxiety_depression", "atrial_fibrillation", "cancer", "ckd",
      "connective_tissue", "copd", "chd", "dementia", "diabetes", "epilepsy", "hearing_loss", "heart_failure", "ibs",
      "psychosis_bipolar", "stroke_tia", "asthma", "hypertension", "constipation", "learning_disability",
      "palliative_care", "care_home", "housebound");
  static final List<String> COUNTS = List.of("efi_deficits", "emergency_admissions", "elective_admissions", "bed_days",
      "ae_attendances", "outpatient_attendances", "gp_contacts", "medicines");

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String ref = "2026-03-31";
    int threads = 2;
    int rounds = 3;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--reference-date" -> ref = args[i + 1];
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path work = Files.createTempDirectory("strata-events-compare-");
    Path codes = work.resolve("codes.csv");
    writeCodes(codes, Path.of("engine/src/main/resources/org/strata/events/codelists"));
    long events = 0;
    for (String f : List.of("gp_events", "apc_spells", "ae_attendances", "op_attendances", "medications")) {
      try (var lines = Files.lines(dir.resolve(f + ".csv"))) {
        events += lines.count() - 1;
      }
    }
    System.out.printf(Locale.ROOT, "%s: %,d event rows; %d threads; reference date %s%n", dir, events, threads, ref);
    double[] strata = new double[rounds];
    double[] duck = new double[rounds];
    Path out = work.resolve("duckdb.csv");
    for (int r = 0; r < rounds; r++) { // alternated: the machine's load moves under both alike
      Path store = work.resolve("store" + r);
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder("./strata", "ingest", "--events", dir.toString(), "--reference-date", ref,
          "--store", store.toString(), "--quiet").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("strata ingest --events failed: exit " + p.exitValue());
      }
      strata[r] = (System.nanoTime() - t0) / 1e9;
      org.strata.publish.VersionedDirectory.deleteTree(store);
      t0 = System.nanoTime();
      duckdb(dir, codes, out, ref, threads);
      duck[r] = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "round %d: strata ingest --events %.2f s, DuckDB load + derive %.2f s%n", r + 1,
          strata[r], duck[r]);
    }
    long differences = compare(out, dir.resolve("flat/patients.csv"));
    java.util.Arrays.sort(strata);
    java.util.Arrays.sort(duck);
    System.out.printf(Locale.ROOT, "strata %.2f–%.2f s (%.1f M events/s at the median); DuckDB %.2f–%.2f s;"
        + " DuckDB/Strata %.2f× at the median; %d differing values between DuckDB and the flat twin%n",
        strata[0], strata[rounds - 1], events / strata[rounds / 2] / 1e6, duck[0], duck[rounds - 1],
        duck[rounds / 2] / strata[rounds / 2], differences);
    org.strata.publish.VersionedDirectory.deleteTree(work);
  }

  /** The shipped lists as one table: list, group (the eFI's deficit) and code. */
  static void writeCodes(Path file, Path dir) throws IOException {
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file)); var files = Files.list(dir)) {
      w.println("list,grp,code");
      for (Path f : files.filter(x -> x.toString().endsWith(".csv") && !x.getFileName().toString().equals("versions.csv"))
          .sorted().toList()) {
        String list = f.getFileName().toString().replace(".csv", "");
        try (BufferedReader in = Files.newBufferedReader(f)) {
          String[] header = in.readLine().split(",");
          int code = List.of(header).indexOf("code");
          int grp = List.of(header).indexOf("deficit");
          String line;
          while ((line = in.readLine()) != null) {
            String[] v = line.split(",", -1);
            if (v.length > code && v[code].matches("[0-9A-Z]+")) {
              w.println(list + "," + (grp >= 0 ? v[grp] : "") + "," + v[code]);
            }
          }
        }
      }
    }
  }

  /** The shipped features in SQL, over the same CSV files, written to {@code out} in the patients file's order. */
  static void duckdb(Path dir, Path codes, Path out, String ref, int threads) throws Exception {
    String r = "DATE '" + ref + "'";
    String y1 = "(" + r + " - INTERVAL 12 MONTH)";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads=" + threads);
      s.execute("SET preserve_insertion_order=false");
      s.execute("CREATE TABLE codes AS SELECT * FROM read_csv('" + codes + "', header=true, columns={'list':'VARCHAR',"
          + "'grp':'VARCHAR','code':'VARCHAR'})");
      s.execute("CREATE TABLE pat AS SELECT row_number() OVER () AS ord, patient_id FROM read_csv('" + dir.resolve(
          "patients.csv") + "', header=true, all_varchar=true)");
      s.execute("CREATE TABLE gp AS SELECT * FROM read_csv('" + dir.resolve("gp_events.csv") + "', header=true,"
          + " columns={'patient_id':'VARCHAR','date':'DATE','code':'VARCHAR','value':'DOUBLE'})");
      s.execute("CREATE TABLE apc AS SELECT * FROM read_csv('" + dir.resolve("apc_spells.csv") + "', header=true,"
          + " columns={'patient_id':'VARCHAR','admission_date':'DATE','discharge_date':'DATE',"
          + "'admission_method':'VARCHAR','diagnoses':'VARCHAR'})");
      s.execute("CREATE TABLE med AS SELECT * FROM read_csv('" + dir.resolve("medications.csv") + "', header=true,"
          + " columns={'patient_id':'VARCHAR','date':'DATE','code':'VARCHAR'})");
      StringBuilder flags = new StringBuilder();
      for (String f : FLAGS) {
        String list = f.equals("constipation") ? "constipation_chronic_snomed_proxy" : f;
        String cond = switch (f) {
          case "cancer" -> "list = 'cancer' AND date > " + r + " - INTERVAL 5 YEAR";
          case "ckd" -> "list = 'ckd_stage3_5_diagnosis'";
          default -> "list = '" + list + "'";
        };
        flags.append(", max(CASE WHEN ").append(cond).append(" THEN 1 ELSE 0 END) AS ").append(f.equals("ckd")
            ? "ckd_diagnosis" : f.equals("housebound") ? "hb_any" : f);
      }
      s.execute("CREATE TABLE g AS SELECT patient_id" + flags
          + ", arg_max(value, (date, -value)) FILTER (WHERE list = 'ckd' AND value IS NOT NULL) AS egfr"
          + ", max(date) FILTER (WHERE list = 'housebound') AS hb, max(date) FILTER (WHERE list = 'housebound_resolved')"
          + " AS hb_resolved, count(DISTINCT grp) FILTER (WHERE list = 'efi_deficits_snomed') AS efi_deficits"
          + " FROM gp JOIN codes USING (code) GROUP BY patient_id");
      s.execute("CREATE TABLE contacts AS SELECT patient_id, count(DISTINCT date) AS gp_contacts FROM gp WHERE date > "
          + y1 + " GROUP BY patient_id");
      s.execute("CREATE TABLE spells AS SELECT patient_id,"
          + " count(*) FILTER (WHERE admission_date > " + y1 + " AND admission_method IN (SELECT code FROM codes WHERE"
          + " list = 'emergency_admission_method')) AS emergency_admissions,"
          + " count(*) FILTER (WHERE admission_date > " + y1 + " AND admission_method IN (SELECT code FROM codes WHERE"
          + " list = 'elective_admission_method')) AS elective_admissions,"
          + " sum(greatest(0, least(coalesce(discharge_date, " + r + "), " + r + " + 1)"
          + " - greatest(admission_date, CAST(" + y1 + " AS DATE) + 1))) AS bed_days FROM apc GROUP BY patient_id");
      s.execute("CREATE TABLE ae AS SELECT patient_id, count(*) AS ae_attendances FROM read_csv('"
          + dir.resolve("ae_attendances.csv") + "', header=true, columns={'patient_id':'VARCHAR','arrival_date':'DATE'})"
          + " WHERE arrival_date > " + y1 + " GROUP BY patient_id");
      s.execute("CREATE TABLE op AS SELECT patient_id, count(*) AS outpatient_attendances FROM read_csv('"
          + dir.resolve("op_attendances.csv") + "', header=true, columns={'patient_id':'VARCHAR',"
          + "'appointment_date':'DATE'}) WHERE appointment_date > " + y1 + " GROUP BY patient_id");
      s.execute("CREATE TABLE meds AS SELECT patient_id, count(DISTINCT code) AS medicines FROM med WHERE date > " + y1
          + " GROUP BY patient_id");
      StringBuilder cols = new StringBuilder("pat.patient_id");
      for (String f : FLAGS) {
        cols.append(", ").append(switch (f) {
          case "ckd" -> "CASE WHEN coalesce(ckd_diagnosis, 0) = 1 OR egfr < 60 THEN 1 ELSE 0 END";
          case "housebound" -> "CASE WHEN hb IS NOT NULL AND (hb_resolved IS NULL OR hb > hb_resolved) THEN 1 ELSE 0 END";
          default -> "coalesce(" + f + ", 0)";
        }).append(" AS ").append(f);
      }
      for (String f : COUNTS) {
        cols.append(", coalesce(").append(f).append(", 0) AS ").append(f);
      }
      s.execute("COPY (SELECT " + cols + " FROM pat LEFT JOIN g USING (patient_id) LEFT JOIN contacts USING"
          + " (patient_id) LEFT JOIN spells USING (patient_id) LEFT JOIN ae USING (patient_id) LEFT JOIN op USING"
          + " (patient_id) LEFT JOIN meds USING (patient_id) ORDER BY ord) TO '" + out + "' (HEADER)");
    }
  }

  /** Values of DuckDB's derivation that differ from the flat twin's. */
  static long compare(Path duck, Path flat) throws IOException {
    Map<String, String[]> twin = new HashMap<>();
    String[] flatHeader;
    try (BufferedReader in = Files.newBufferedReader(flat)) {
      flatHeader = in.readLine().split(",");
      String line;
      while ((line = in.readLine()) != null) {
        String[] v = line.split(",", -1);
        twin.put(v[0], v);
      }
    }
    long differences = 0;
    try (BufferedReader in = Files.newBufferedReader(duck)) {
      String[] header = in.readLine().split(",");
      String line;
      while ((line = in.readLine()) != null) {
        String[] v = line.split(",", -1);
        String[] t = twin.get(v[0]);
        for (int i = 1; i < header.length; i++) {
          int k = List.of(flatHeader).indexOf(header[i]);
          if (t == null || !t[k].equals(v[i])) {
            if (differences++ < 5) {
              System.out.println("differs: column " + header[i] + " DuckDB " + v[i] + ", flat " + (t == null ? "-" : t[k]));
            }
          }
        }
      }
    }
    return differences;
  }
}
