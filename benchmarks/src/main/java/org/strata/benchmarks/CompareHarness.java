package org.strata.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strata.datasets.FootprintGenerator;
import org.strata.datasets.FootprintSpec;
import org.strata.datasets.ProgressListener;
import org.strata.format.Conditions;
import org.strata.format.IdKind;
import org.strata.format.PatientColumn;
import org.strata.format.Practice;
import org.strata.level.LevelAssigner;
import org.strata.level.LevelResult;
import org.strata.level.Policy;
import org.strata.level.Rule;
import org.strata.output.RunContents;
import org.strata.output.RunOutput;
import org.strata.output.RunOutputs;
import org.strata.publish.VersionedDirectory;
import org.strata.rollup.HubFormation;
import org.strata.rollup.Hubs;
import org.strata.rollup.Rollup;
import org.strata.rollup.RollupTables;
import org.strata.rollup.UnregisteredPlacement;
import org.strata.score.CambridgeWeights;
import org.strata.score.RiskModel;
import org.strata.store.BatchSlice;
import org.strata.ingest.IngestProgress;
import org.strata.ingest.IngestRequest;
import org.strata.ingest.IngestResult;
import org.strata.store.Store;
import org.strata.ingest.Ingest;

/**
 * Strata's nightly batch against the default policy written as SQL and run by DuckDB (in-process, JDBC), on
 * the same CSV in the same JVM with the same thread count for DuckDB: every phase timed, then every patient's
 * level, deciding rule and integer risk predictor compared, and every practice's and hub's level counts.
 *
 * <pre>
 * java -Xmx6g $(cat engine/target/jvm.flags) -cp benchmarks/target/benchmarks.jar \
 *   org.strata.benchmarks.CompareHarness --patients 1000000 [--seed 2016] [--threads 2] [--input DIR] [--keep] \
 *   [--duckdb-memory 14GB]
 * </pre>
 *
 * <p><b>Strata</b> runs first, phase by phase as {@code NightlyRun} does (ingest by {@link org.strata.ingest.Ingest}; hubs by
 * {@link HubFormation} and {@link UnregisteredPlacement}; score, cuts and levels by {@link LevelAssigner};
 * {@link Rollup}; write by {@link RunOutputs}). Stratify's passes
 * use every core; {@code --threads} sets DuckDB's threads (default 2, this machine's cores). <b>DuckDB</b>
 * then runs {@code default-policy.sql} (a
 * template in this package's resources, filled from {@link RiskModel#illustrative()} and {@link
 * CambridgeWeights#general()}): load, score, cuts, levels, rollup, write.
 *
 * <p><b>Hubs are not a source of difference:</b> Strata forms hubs once, and DuckDB is handed the practice →
 * hub mapping and the unregistered LSOA → hub placement as two small tables.
 *
 * <p><b>Agreement:</b> the ranking is on the integer linear predictor (micro-logits), which both engines
 * compute exactly in integer arithmetic, so the comparison is exact: no tolerance band around the cuts is
 * needed or used, and any difference in level, deciding rule or predictor is a failure, printed with the
 * patient's NHS number masked to its last 4 digits; the harness then exits 1.
 *
 * <p>Peak RSS is VmHWM: Strata's is read before DuckDB starts; DuckDB's is the peak after both. The roofline
 * is the time to read (bulk copy and sum, on every core, as stratify runs) the eleven store columns the policy reads; Strata's
 * stratify time is reported as a multiple of it.
 *
 * <p>The input must be a clean extract with an {@code age} column (as {@code strata generate} writes): the SQL
 * does not validate rows, so the harness refuses an input that Strata's ingest quarantined rows from.
 */
public final class CompareHarness {
  /** The SQL template, beside this class. */
  static final String SQL_RESOURCE = "default-policy.sql";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z0-9_]+)}}");
  private static final int MAX_PRINTED = 20;

  private CompareHarness() {}

  /** A timed phase. */
  record Phase(String name, double seconds) {}

  /** What a comparison found and how long each engine took. */
  record Result(
      long rows,
      long[] levelCounts,
      Map<String, Double> strata,
      Map<String, Double> duckdb,
      double stratifyWarmSeconds,
      double rooflineSeconds,
      long rooflineBytes,
      long strataPeakRss,
      long bothPeakRss,
      long patientDifferences,
      long predictorDifferences,
      long rollupDifferences,
      long hubsCompared,
      long practicesCompared,
      String duckdbVersion,
      int threads,
      double commandSeconds) {

    long differences() {
      return patientDifferences + rollupDifferences;
    }
  }

  private static final String USAGE =
      "usage: strata-bench compare [--patients N] [--seed S] [--threads T] [--input DIR] [--keep] [--duckdb-memory 12GB]";

  public static void main(String[] args) throws Exception {
    long patients = 1_000_000;
    long seed = 2016;
    int threads = 2;
    Path input = null;
    boolean keep = false;
    String memoryLimit = null;
    try {
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--patients" -> patients = number(args[i], need(args[i], value).replace("_", "").replace(",", ""));
          case "--seed" -> seed = number(args[i], need(args[i], value));
          case "--threads" -> threads = (int) number(args[i], need(args[i], value));
          case "--input" -> input = Path.of(need(args[i], value));
          case "--duckdb-memory" -> memoryLimit = memoryLimit(need(args[i], value));
          case "--keep" -> {
            keep = true;
            continue;
          }
          case "-h", "--help" -> {
            System.out.println(USAGE);
            return;
          }
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
        i++;
      }
      if (patients < 1 || threads < 1) {
        throw new IllegalArgumentException("--patients and --threads must be at least 1");
      }
      if (input != null && !Files.isRegularFile(input.resolve("patients.csv"))) {
        throw new IllegalArgumentException("--input " + input + " has no patients.csv (use a strata generate output)");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("compare: " + e.getMessage() + "\n" + USAGE);
      System.exit(2);
    }
    boolean generated = input == null;
    if (generated) {
      long t = System.nanoTime();
      input = generate(patients, seed);
      System.out.printf(Locale.ROOT, "generated %,d patients (seed %d) in %.1f s: %s%n", patients, seed,
          (System.nanoTime() - t) / 1e9, input);
    }
    Path work = Files.createTempDirectory("strata-compare-");
    Result r;
    try {
      r = compare(input, threads, memoryLimit, keep, work, System.out, null);
    } finally {
      if (keep) {
        System.out.println("kept: input " + input + ", work " + work);
      } else {
        SyntheticExtract.delete(work);
        if (generated) {
          SyntheticExtract.delete(input);
        }
      }
    }
    System.out.println();
    System.out.print(table(r));
    if (r.differences() != 0) {
      System.out.printf(Locale.ROOT, "FAILED: %,d patient and %,d rollup differences%n", r.patientDifferences(),
          r.rollupDifferences());
      System.exit(1);
    }
  }

  /** A DuckDB memory size such as {@code 12GB}; anything else (a quote above all) is refused. */
  static String memoryLimit(String value) {
    if (!value.matches("(?i)[0-9]+(\\.[0-9]+)?\\s*[KMGT]i?B")) {
      throw new IllegalArgumentException("--duckdb-memory must be a size like 12GB: " + value);
    }
    return value;
  }

  private static long number(String option, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a whole number: " + value);
    }
  }

  private static String need(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  /** A synthetic footprint of {@code patients} (seed {@code seed}) in a new temporary directory. */
  static Path generate(long patients, long seed) throws IOException {
    Path dir = Files.createTempDirectory("strata-compare-input-");
    FootprintGenerator.generate(FootprintSpec.builder().patients(patients).seed(seed).threads(2).build(), dir,
        ProgressListener.NONE);
    return dir;
  }

  /**
   * Runs both engines over {@code input/patients.csv} and {@code input/practices.csv} and compares them.
   *
   * @param work an empty directory for the store and both engines' outputs
   * @param tamperSql for tests: SQL run after DuckDB's levels phase (to prove differences are found); null
   */
  static Result compare(Path input, int threads, Path work, PrintStream log, String tamperSql)
      throws IOException, SQLException {
    return compare(input, threads, null, false, work, log, tamperSql);
  }

  /**
   * @param memoryLimit DuckDB's {@code memory_limit} (e.g. {@code 14GB}); null for its default, 80% of RAM,
   *     which with Strata's heap in the same process can exceed the machine at tens of millions of rows
   * @param keepOutputs keep both engines' output files (else removed once compared, before the command's run)
   */
  static Result compare(Path input, int threads, String memoryLimit, boolean keepOutputs, Path work, PrintStream log,
      String tamperSql)
      throws IOException, SQLException {
    final Path csv = input.resolve("patients.csv").toAbsolutePath();
    final Path practicesCsv = input.resolve("practices.csv").toAbsolutePath();
    final Policy policy = Policy.defaultPolicy();
    checkPolicyMatchesSql(policy);
    log.printf(Locale.ROOT, "input %s (%.1f MB); JDK %s; DuckDB threads %d; Strata stratify on %d threads%n", csv, Files.size(csv) / 1e6,
        System.getProperty("java.version"), threads, Runtime.getRuntime().availableProcessors());

    // ---- Strata, phase by phase ----
    Map<String, Double> strata = new LinkedHashMap<>();
    Path storeDir = Files.createDirectories(work.resolve("store"));
    long t = System.nanoTime();
    IngestResult ingest = Ingest.run(new IngestRequest(csv, practicesCsv, storeDir, IdKind.NHS_NUMBER, null,
        1.0, IngestRequest.DEFAULT_BATCH_ROWS), IngestProgress.NONE);
    strata.put("ingest", seconds(t));
    long rejected = ingest.manifest().ingest().rowsRejected();
    if (rejected != 0) {
      throw new IllegalArgumentException(rejected + " rows were quarantined by ingest: the comparison needs a clean"
          + " extract (the SQL does not validate rows)");
    }
    log.printf(Locale.ROOT, "strata ingest %.2f s%n", strata.get("ingest"));

    try (Store store = Store.open(storeDir)) {
      final long rows = store.rowCount();
      t = System.nanoTime();
      Hubs hubs = HubFormation.form(store.practices(), HubFormation.registeredByPractice(store));
      int[] hubOfLsoa = UnregisteredPlacement.compute(store, hubs).hubOfLsoa();
      strata.put("hubs", seconds(t));

      t = System.nanoTime();
      LevelResult levels = LevelAssigner.assign(store, policy, null, 0);
      strata.put("stratify", seconds(t));

      t = System.nanoTime();
      RollupTables rollup = Rollup.compute(levels, store, hubs);
      strata.put("rollup", seconds(t));

      t = System.nanoTime();
      Path strataOut = Files.createDirectories(work.resolve("strata-out"));
      List<RunOutput> outputs = RunOutputs.defaults();
      RunOutputs.write(outputs.subList(0, outputs.size() - 1), // the nightly run's files; no manifest
          new RunContents(store, policy, hubs, levels, rollup, RollupTables.DEFAULT_SUPPRESSION_THRESHOLD,
              rollup.warnings()), strataOut);
      strata.put("write", seconds(t));
      log.printf(Locale.ROOT, "strata hubs %.3f s, stratify %.3f s, rollup %.3f s, write %.2f s%n",
          strata.get("hubs"), strata.get("stratify"), strata.get("rollup"), strata.get("write"));

      // Stratify with the JIT warm (best of three more runs; one more run is not enough for C2 to have
      // compiled every pass), and the roofline: not part of the nightly batch.
      double warm = Double.MAX_VALUE;
      for (int round = 0; round < 3; round++) {
        t = System.nanoTime();
        LevelAssigner.assign(store, policy, null, 0);
        warm = Math.min(warm, seconds(t));
      }
      double roofline = Double.MAX_VALUE;
      long scanned = 0;
      for (int round = 0; round < 5; round++) {
        long t1 = System.nanoTime();
        long[] res = scanPolicyColumns(store);
        roofline = Math.min(roofline, seconds(t1));
        scanned = res[1];
      }
      log.printf(Locale.ROOT, "strata stratify with the JIT warm (best of 3) %.3f s; roofline scan of %.0f MB %.3f s%n", warm,
          scanned / 1e6, roofline);
      long strataRss = IngestHarness.peakRssBytes();

      // ---- DuckDB, the same policy in SQL ----
      Map<String, Double> duck = new LinkedHashMap<>();
      Path duckOut = Files.createDirectories(work.resolve("duckdb-out"));
      Path duckTmp = Files.createDirectories(work.resolve("duckdb-tmp"));
      Path hubFiles = Files.createDirectories(work.resolve("hub-tables"));
      writeHubTables(store, hubs, hubOfLsoa, hubFiles);
      Map<String, List<String>> phases = phases(fill(sqlTemplate(), csv, duckOut));
      String version;
      Comparison cmp;
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
          Statement s = c.createStatement()) {
        s.execute("SET threads = " + threads);
        s.execute("SET temp_directory = '" + sqlPath(duckTmp) + "'");
        s.execute("SET preserve_insertion_order = false");
        if (memoryLimit != null) {
          s.execute("SET memory_limit = '" + memoryLimit(memoryLimit) + "'"); // checked: digits and a unit only
        }
        try (ResultSet v = s.executeQuery("SELECT version()")) {
          v.next();
          version = v.getString(1);
        }
        for (Map.Entry<String, List<String>> phase : phases.entrySet()) {
          t = System.nanoTime();
          if (phase.getKey().equals("load")) {
            s.execute("CREATE OR REPLACE TABLE practice_hub AS SELECT * FROM read_csv('"
                + sqlPath(hubFiles.resolve("practice_hub.csv")) + "', header = true, all_varchar = true)");
            s.execute("CREATE OR REPLACE TABLE lsoa_hub AS SELECT * FROM read_csv('"
                + sqlPath(hubFiles.resolve("lsoa_hub.csv")) + "', header = true, all_varchar = true)");
          }
          for (String stmt : phase.getValue()) {
            s.execute(stmt);
          }
          duck.put(phase.getKey(), seconds(t));
          log.printf(Locale.ROOT, "duckdb %s %.3f s%n", phase.getKey(), duck.get(phase.getKey()));
          if (phase.getKey().equals("levels") && tamperSql != null) {
            s.execute(tamperSql);
          }
        }
        cmp = new Comparison(log);
        comparePatients(store, levels, policy, s, cmp);
        compareRollups(rollup, s, cmp);
      }
      long bothRss = IngestHarness.peakRssBytes();
      log.printf(Locale.ROOT, "compared %,d patients: %,d differ (%,d in the predictor); %,d hubs and %,d practices:"
              + " %,d rollup cells differ%n", rows, cmp.patientDiffs, cmp.predictorDiffs, cmp.hubs, cmp.practices,
          cmp.rollupDiffs);
      // Both engines' outputs are compared (the tables above, not the files): removed before the command's run, so
      // that at 63M the disk holds one set of 6 GB outputs at a time
      for (Path done : keepOutputs ? List.<Path>of() : List.of(strataOut, duckOut, duckTmp)) {
        VersionedDirectory.deleteTree(done);
      }
      double command = command(csv, practicesCsv, work.resolve("command"), log);
      return new Result(rows, levels.levelCounts(), strata, duck, warm, roofline, scanned, strataRss, bothRss,
          cmp.patientDiffs, cmp.predictorDiffs, cmp.rollupDiffs, cmp.hubs, cmp.practices, version, threads, command);
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  // ---------------------------------------------------------------------------------------------------------
  // The SQL template

  static String sqlTemplate() {
    try (InputStream in = CompareHarness.class.getResourceAsStream(SQL_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SQL_RESOURCE + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The values of the template's placeholders: the illustrative model's coefficients quantised as the engine
   * quantises them ({@link RiskModel#micro}, {@link RiskModel#cmsMicroPerX100}), and the CMS weights × 100.
   */
  static Map<String, String> modelValues(RiskModel model, CambridgeWeights weights) {
    Map<String, String> v = new TreeMap<>();
    double[] c = model.coefficients();
    for (int k = 0; k < c.length; k++) {
      String name = RiskModel.FEATURES.get(k);
      if (!name.equals("cms_per_point")) {
        v.put("b_" + name, Long.toString(RiskModel.micro(c[k])));
      }
    }
    v.put("b_cms_per_0_01", Long.toString(model.cmsMicroPerX100()));
    for (int i = 0; i < Conditions.COUNT; i++) {
      v.put("w_" + Conditions.NAMES.get(i), Integer.toString(weights.weightX100(i)));
    }
    return v;
  }

  /**
   * The template with every placeholder outside comment lines filled; an unknown or unused placeholder is an
   * error.
   */
  static String fill(String template, Path csv, Path outDir) {
    Map<String, String> values = new TreeMap<>(modelValues(RiskModel.illustrative(), CambridgeWeights.general()));
    values.put("patients_csv", sqlPath(csv));
    values.put("out_dir", sqlPath(outDir));
    TreeSet<String> unused = new TreeSet<>(values.keySet());
    StringBuilder out = new StringBuilder();
    for (String line : template.split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      if (line.strip().startsWith("--")) { // comments name placeholders: leave them as written
        out.append(line);
        continue;
      }
      Matcher m = PLACEHOLDER.matcher(line);
      while (m.find()) {
        String value = values.get(m.group(1));
        if (value == null) {
          throw new IllegalStateException(SQL_RESOURCE + ": no value for {{" + m.group(1) + "}}");
        }
        unused.remove(m.group(1));
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
    }
    if (!unused.isEmpty()) {
      throw new IllegalStateException(SQL_RESOURCE + " does not use " + unused);
    }
    return out.toString();
  }

  /** The script split at {@code -- @phase NAME} lines into statements (ending with ';' at a line's end). */
  static Map<String, List<String>> phases(String sql) {
    Map<String, List<String>> phases = new LinkedHashMap<>();
    List<String> current = null;
    StringBuilder stmt = new StringBuilder();
    for (String line : sql.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("-- @phase ")) {
        current = new ArrayList<>();
        phases.put(trimmed.substring("-- @phase ".length()).strip(), current);
        continue;
      }
      if (current == null || trimmed.startsWith("--") || (trimmed.isEmpty() && stmt.length() == 0)) {
        continue;
      }
      stmt.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        current.add(stmt.toString().strip());
        stmt.setLength(0);
      }
    }
    if (stmt.toString().strip().length() > 0) {
      throw new IllegalStateException(SQL_RESOURCE + ": a statement does not end with ';'");
    }
    return phases;
  }

  /** The SQL hard-codes the default policy's rules: fail loudly if the shipped policy has changed. */
  static void checkPolicyMatchesSql(Policy policy) {
    List<String> expected = List.of("palliative_care", "severe_frailty", "care_home", "emergency_admissions_3plus",
        "top_2pct_risk", "practice_floor_2pct", "multimorbidity", "moderate_frailty", "key_conditions",
        "housebound", "top_20pct_risk", "ae_attendance", "emergency_admission");
    if (!policy.ruleNames().equals(expected)) {
      throw new IllegalStateException("the default policy's rules are now " + policy.ruleNames() + "; "
          + SQL_RESOURCE + " encodes " + expected);
    }
    for (Rule r : policy.rules()) {
      if (r.kind() != Rule.Kind.CONDITION) {
        int pct = r.name().startsWith("top_20") ? 20 : 2;
        if (r.percent().compareTo(java.math.BigDecimal.valueOf(pct)) != 0
            || r.eligible() != Rule.Eligible.ADULTS
            || r.kind() == Rule.Kind.TOP_PERCENT && r.scope() != Rule.Scope.FOOTPRINT) {
          throw new IllegalStateException("rule " + r.name() + " no longer matches " + SQL_RESOURCE);
        }
      }
    }
    if (!policy.riskModel().equals(RiskModel.illustrative())) {
      throw new IllegalStateException("the default policy no longer uses RiskModel.illustrative()");
    }
  }

  private static String sqlPath(Path p) {
    return p.toAbsolutePath().toString().replace("'", "''");
  }

  /** practice_hub(practice_code, hub) and lsoa_hub(lsoa, hub) as CSV files, from Strata's hubs. */
  private static void writeHubTables(Store store, Hubs hubs, int[] hubOfLsoa, Path dir) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("practice_hub.csv"))) {
      w.write("practice_code,hub\n");
      List<Practice> practices = store.practices();
      for (int p = 0; p < practices.size(); p++) {
        w.write(quote(practices.get(p).code()) + "," + quote(hubs.name(hubs.hubOf(p))) + "\n");
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("lsoa_hub.csv"))) {
      w.write("lsoa,hub\n");
      List<String> lsoas = store.lsoas();
      for (int l = 0; l < lsoas.size(); l++) {
        if (hubOfLsoa[l] != UnregisteredPlacement.UNPLACED) {
          w.write(quote(lsoas.get(l)) + "," + quote(hubs.name(hubOfLsoa[l])) + "\n");
        }
      }
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  // ---------------------------------------------------------------------------------------------------------
  // The roofline

  /**
   * Bulk-copies and sums the eleven columns the default policy reads, batch by batch on one thread: the least
   * any stratify over the mapped store must do. Returns {checksum, bytes read}.
   */
  static long[] scanPolicyColumns(Store store) {
    final int chunk = 1 << 16;
    final List<BatchSlice> units = store.slices(chunk);
    PatientColumn[] bytes = {
      PatientColumn.AGE, PatientColumn.SEX, PatientColumn.IMD_DECILE, PatientColumn.FLAGS, PatientColumn.EFI_DEFICITS,
      PatientColumn.EMERGENCY_ADMISSIONS, PatientColumn.MEDICINES
    };
    PatientColumn[] shorts = {PatientColumn.AE_ATTENDANCES, PatientColumn.PRACTICE};
    // On every core, as stratify runs: each worker takes a contiguous run of units and reuses one set of
    // buffers, so the time is copying and summing, not allocating.
    final int workers = Runtime.getRuntime().availableProcessors();
    long sum = java.util.stream.IntStream.range(0, workers).parallel().mapToLong(w -> {
      byte[] b = new byte[chunk];
      short[] sh = new short[chunk];
      int[] in = new int[chunk];
      long[] lg = new long[chunk];
      long acc = 0;
      for (int k = units.size() * w / workers; k < units.size() * (w + 1) / workers; k++) {
        final int batch = units.get(k).batch();
        final int from = units.get(k).from();
        final int rows = units.get(k).rows();
        for (PatientColumn c : bytes) {
          store.readBytes(c, batch, from, b, 0, rows);
          for (int i = 0; i < rows; i++) {
            acc += b[i];
          }
        }
        for (PatientColumn c : shorts) {
          store.readShorts(c, batch, from, sh, 0, rows);
          for (int i = 0; i < rows; i++) {
            acc += sh[i];
          }
        }
        store.readInts(PatientColumn.CONDITIONS, batch, from, in, 0, rows);
        for (int i = 0; i < rows; i++) {
          acc += in[i];
        }
        store.readLongs(PatientColumn.PATIENT_ID, batch, from, lg, 0, rows);
        for (int i = 0; i < rows; i++) {
          acc += lg[i];
        }
      }
      return acc;
    }).sum();
    long read = store.rowCount() * (bytes.length + 2L * shorts.length + 4 + 8);
    return new long[] {sum, read};
  }

  // ---------------------------------------------------------------------------------------------------------
  // The comparison

  private static final class Comparison {
    final PrintStream log;
    long patientDiffs;
    long predictorDiffs;
    long rollupDiffs;
    long hubs;
    long practices;
    int printed;

    Comparison(PrintStream log) {
      this.log = log;
    }

    /** A patient that differs: NHS number masked, with Strata's store row (-1: not in Strata's store) to find it. */
    void patient(long id, int row, String what) {
      patientDiffs++;
      print("patient " + mask(id) + (row >= 0 ? " (store row " + row + ")" : "") + ": " + what);
    }

    void rollup(String what) {
      rollupDiffs++;
      print(what);
    }

    private void print(String line) {
      if (printed++ < MAX_PRINTED) {
        log.println("DIFFERENCE " + line);
      } else if (printed == MAX_PRINTED + 1) {
        log.println("(further differences counted, not printed)");
      }
    }
  }

  /** An NHS number with all but its last 4 digits masked. */
  static String mask(long id) {
    String s = String.format(Locale.ROOT, "%010d", id);
    return "******" + s.substring(s.length() - 4);
  }

  private static final int ROW_BITS = 26; // rows < 2^26 = 67,108,864 ≥ the 63M footprint ceiling

  /**
   * Both engines' patients, merged in NHS-number order: Strata's rows sorted by (key, row) packed in a long,
   * DuckDB's streamed ordered by patient_id.
   */
  private static void comparePatients(Store store, LevelResult levels, Policy policy, Statement s, Comparison cmp)
      throws SQLException {
    final int n = (int) store.rowCount();
    if (n >= 1 << ROW_BITS) {
      throw new IllegalArgumentException("more than 2^" + ROW_BITS + " rows");
    }
    long[] packed = new long[n];
    long[] ids = new long[Math.max(1, store.maxBatchRows())];
    for (int b = 0; b < store.batchCount(); b++) {
      final int rows = store.batchRows(b);
      final int base = (int) store.batchFirstRow(b);
      store.readLongs(PatientColumn.PATIENT_ID, b, 0, ids, 0, rows);
      for (int i = 0; i < rows; i++) {
        packed[base + i] = ids[i] << ROW_BITS | (base + i);
      }
    }
    Arrays.parallelSort(packed);
    StringBuilder values = new StringBuilder();
    List<String> names = policy.ruleNames();
    for (int i = 0; i < names.size(); i++) {
      values.append(i == 0 ? "" : ", ").append("('").append(names.get(i)).append("', ").append(i).append(")");
    }
    s.execute("CREATE OR REPLACE TEMP TABLE rule_index(name VARCHAR, idx INTEGER)");
    s.execute("INSERT INTO rule_index VALUES " + values);
    final int[] predictor = levels.riskPredictorMicro();
    int at = 0;
    try (ResultSet r = s.executeQuery("SELECT r.patient_id, r.level, coalesce(ri.idx, -1) AS rule, r.predictor,"
        + " r.deciding_rule FROM results r LEFT JOIN rule_index ri ON ri.name = r.deciding_rule"
        + " ORDER BY r.patient_id")) {
      while (r.next()) {
        final long id = r.getLong(1);
        while (at < n && (packed[at] >>> ROW_BITS) < id) {
          cmp.patient(packed[at] >>> ROW_BITS, (int) (packed[at] & ((1L << ROW_BITS) - 1)),
              "in Strata's results only");
          at++;
        }
        if (at >= n || (packed[at] >>> ROW_BITS) != id) {
          cmp.patient(id, -1, "in DuckDB's results only");
          continue;
        }
        final int row = (int) (packed[at] & ((1L << ROW_BITS) - 1));
        at++;
        final int duckLevel = r.getInt(2);
        final int duckRule = r.getInt(3);
        final long duckPredictor = r.getLong(4);
        boolean predictorDiffers = duckPredictor != predictor[row];
        if (predictorDiffers) {
          cmp.predictorDiffs++;
        }
        final int level = levels.level(row);
        final int deciding = levels.decidingRule(row);
        if (duckLevel != level || duckRule != deciding || predictorDiffers) {
          String strataRule = deciding < 0 ? "none" : names.get(deciding);
          String duckRuleName = r.getString(5) == null ? "none" : r.getString(5);
          cmp.patient(id, row, String.format(Locale.ROOT, "Strata level %d (%s, predictor %d), DuckDB level %d (%s,"
              + " predictor %d)", level, strataRule, predictor[row], duckLevel, duckRuleName, duckPredictor));
        }
      }
    }
    while (at < n) {
      cmp.patient(packed[at] >>> ROW_BITS, (int) (packed[at] & ((1L << ROW_BITS) - 1)), "in Strata's results only");
      at++;
    }
  }

  /** Level counts of every hub (and the unassigned) and every practice, Strata's rollup against DuckDB's. */
  private static void compareRollups(RollupTables rollup, Statement s, Comparison cmp) throws SQLException {
    Map<String, long[]> strataHubs = new TreeMap<>();
    for (RollupTables.Row row : rollup.hubs()) {
      strataHubs.put(row.code(), counts(row));
    }
    if (rollup.unassigned() != null) {
      strataHubs.put(Hubs.UNASSIGNED, counts(rollup.unassigned()));
    }
    Map<String, long[]> strataPractices = new TreeMap<>();
    for (RollupTables.Row row : rollup.practices()) {
      if (row.total() > 0) {
        strataPractices.put(row.code(), counts(row));
      }
    }
    cmp.hubs = strataHubs.size();
    cmp.practices = strataPractices.size();
    compareCells("hub", strataHubs, duckCounts(s, "SELECT hub, level_1, level_2, level_3, level_4 FROM hub_rollup"),
        cmp);
    compareCells("practice", strataPractices,
        duckCounts(s, "SELECT practice_code, level_1, level_2, level_3, level_4 FROM practice_rollup"), cmp);
  }

  private static long[] counts(RollupTables.Row row) {
    return new long[] {row.level(1), row.level(2), row.level(3), row.level(4)};
  }

  private static Map<String, long[]> duckCounts(Statement s, String sql) throws SQLException {
    Map<String, long[]> m = new TreeMap<>();
    try (ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        m.put(r.getString(1), new long[] {r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5)});
      }
    }
    return m;
  }

  private static void compareCells(String kind, Map<String, long[]> strata, Map<String, long[]> duck,
      Comparison cmp) {
    TreeSet<String> keys = new TreeSet<>(strata.keySet());
    keys.addAll(duck.keySet());
    for (String k : keys) {
      long[] a = strata.get(k);
      long[] b = duck.get(k);
      if (a == null || b == null || !Arrays.equals(a, b)) {
        cmp.rollup(String.format(Locale.ROOT, "%s %s: Strata levels 1-4 %s, DuckDB %s", kind, k,
            a == null ? "absent" : Arrays.toString(a), b == null ? "absent" : Arrays.toString(b)));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // The report

  /** The Markdown table of phases, ratios, roofline and peak RSS. */
  static String table(Result r) {
    Map<String, Double> s = r.strata();
    Map<String, Double> d = r.duckdb();
    double duckQuery = d.get("score") + d.get("cuts") + d.get("levels");
    double strataQuery = s.get("stratify") + s.get("rollup");
    double duckQueryRollup = duckQuery + d.get("rollup");
    double strataTotal = 0;
    for (double v : s.values()) {
      strataTotal += v;
    }
    double duckTotal = 0;
    for (double v : d.values()) {
      duckTotal += v;
    }
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%,d patients; JDK %s; DuckDB %s with %d threads; Strata stratify on %d"
            + " threads. Levels 1-4: %,d / %,d / %,d / %,d%n%n", r.rows(), System.getProperty("java.version"),
        r.duckdbVersion(), r.threads(), Runtime.getRuntime().availableProcessors(), r.levelCounts()[1], r.levelCounts()[2], r.levelCounts()[3],
        r.levelCounts()[4]));
    b.append("| phase | Strata s | DuckDB s | DuckDB ÷ Strata |\n|---|---:|---:|---:|\n");
    row(b, "load: CSV → store (ingest) / table (read_csv)", s.get("ingest"), d.get("load"));
    row(b, "hubs: formation + LSOA placement (Strata's, handed to DuckDB)", s.get("hubs"), Double.NaN);
    row(b, "score", Double.NaN, d.get("score"));
    row(b, "cuts (top 2%, top 20%)", Double.NaN, d.get("cuts"));
    row(b, "levels (rules, practice floor)", Double.NaN, d.get("levels"));
    row(b, "stratify = score + cuts + levels", s.get("stratify"), duckQuery);
    row(b, "rollup (practices, hubs)", s.get("rollup"), d.get("rollup"));
    row(b, "write (Strata: Arrow + CSV + rollups; DuckDB: Parquet + CSV + rollups)", s.get("write"), d.get("write"));
    row(b, "**stratify + rollup** (target ≥ 10×)", strataQuery, duckQueryRollup);
    row(b, "**end to end from CSV** (target ≥ 3×)", strataTotal, duckTotal);
    row(b, "**`strata run` from CSV as a command**, JVM start included (against DuckDB's end to end)",
        r.commandSeconds(), duckTotal);
    b.append(String.format(Locale.ROOT, "| stratify with the JIT warm, best of 3 more runs (not in the totals) | %.3f | | |%n",
        r.stratifyWarmSeconds()));
    b.append(String.format(Locale.ROOT, "| roofline: read the 11 policy columns, %.0f MB, %d threads (best of 5) | %.3f"
            + " | | |%n", r.rooflineBytes() / 1e6, Runtime.getRuntime().availableProcessors(), r.rooflineSeconds()));
    b.append(String.format(Locale.ROOT, "| peak RSS MB (DuckDB: after both) | %,d | %,d | |%n%n",
        r.strataPeakRss() >> 20, r.bothPeakRss() >> 20));
    b.append(String.format(Locale.ROOT, "stratify ÷ roofline: %.1f× first run, %.1f× warm (target ≤ 2×)%n",
        s.get("stratify") / r.rooflineSeconds(), r.stratifyWarmSeconds() / r.rooflineSeconds()));
    b.append(String.format(Locale.ROOT, "agreement: %,d patients compared on level, deciding rule and integer"
            + " predictor: %,d differ (%,d in the predictor); %,d hubs and %,d practices compared on level counts: %,d"
            + " differ. Exact comparison: the cuts rank an integer predictor, so no patient is within 1e-9 of a cut"
            + " in one engine and not the other, and no tolerance is applied.%n",
        r.rows(), r.patientDifferences(), r.predictorDifferences(), r.hubsCompared(), r.practicesCompared(),
        r.rollupDifferences()));
    return b.toString();
  }

  /**
   * The command a user runs, timed from outside: {@code ./strata run --patients --practices --out --form-hubs} in a
   * process of its own (the launcher's JVM choices, start-up and JIT warm-up included), when the launcher is in the
   * working directory ({@code strata-bench} runs from the project's root); NaN when it is not.
   */
  static double command(Path csv, Path practicesCsv, Path dir, PrintStream log) throws IOException {
    Path launcher = Path.of("strata").toAbsolutePath();
    if (!Files.isExecutable(launcher)) {
      log.println("strata run as a command: not timed (no ./strata launcher in " + launcher.getParent() + ")");
      return Double.NaN;
    }
    Files.createDirectories(dir);
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true)
        .redirectOutput(dir.resolve("warm-up.txt").toFile());
    try {
      pb.start().waitFor(); // builds the jar if it must (not timed); --version makes no archive
      // The launcher makes its class-data archive, once per build, for any subcommand (not timed); --help does no
      // work itself. A whole run was repeated here before: at 63M that cost four untimed minutes and 13 GB of disk.
      run(launcher.toString(), "run", "--help");
      long t = System.nanoTime();
      run(launcher.toString(), "run", "--patients", csv.toString(), "--practices", practicesCsv.toString(),
          "--out", dir.resolve("results").toString(), "--form-hubs", "--quiet");
      double seconds = seconds(t);
      log.printf(Locale.ROOT, "strata run as a command (JVM start, ingest, stratify, rollup, write) %.2f s%n", seconds);
      return seconds;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + ": exit " + p.exitValue());
    }
  }

  private static void row(StringBuilder b, String name, double strata, double duck) {
    String ratio = Double.isNaN(strata) || Double.isNaN(duck) ? "" : String.format(Locale.ROOT, "%.1f×", duck / strata);
    b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", name, fmt(strata), fmt(duck), ratio));
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.3f", v);
  }
}
