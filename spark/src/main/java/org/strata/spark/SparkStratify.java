package org.strata.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.row_number;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.strata.format.IdKind;
import org.strata.format.InvalidInputException;
import org.strata.format.Practice;
import org.strata.ingest.PatientRowParser;
import org.strata.ingest.PracticesReader;
import org.strata.ingest.RejectReason;
import org.strata.level.Policy;
import org.strata.level.RowRules;
import org.strata.level.Rule;
import org.strata.rollup.HubAssignment;
import org.strata.rollup.Hubs;
import org.strata.rollup.RollupCells;
import org.strata.rollup.RollupTables;
import org.strata.score.FrailtyKernel;
import org.strata.store.StoreManifest;

/**
 * Strata as a Spark job: the answer {@code strata run} gives on one machine, from a patients table held as a
 * DataFrame. Stages: (1) each partition judged by the engine's parser and scored by its kernels ({@link
 * ParsePartition}); (2) duplicates dropped (the first line of each patient kept) and the reject rate checked;
 * (3) hubs, declared or formed from the registered counts, and the unregistered placed by LSOA; (4) the
 * footprint's cuts from distributed histograms ({@link DistributedCuts}); (5) the cuts per hub, then per
 * practice with the practice floors ({@link UnitRules}); (6) levels and deciding rules, and the rollup's cells
 * summed across partitions into the engine's own tables ({@link RollupCells}).
 *
 * <pre>{@code
 * SparkStratify.Result r = SparkStratify.run(spark, patients, "patients.csv", practices, request);
 * r.patients().write().parquet("out/patients.parquet");
 * r.rollup().write(localDir);                     // practices.csv, hubs.csv, footprint.csv, rollup.json
 * }</pre>
 */
public final class SparkStratify {
  private static final String[] EFI = FrailtyKernel.CATEGORY_NAMES.toArray(new String[0]);

  /** The patients output's schema: {@code patients.csv}'s columns, typed as {@code patients.parquet}. */
  public static final StructType PATIENTS = DataTypes.createStructType(List.of(
      DataTypes.createStructField("patient_id", DataTypes.StringType, false),
      DataTypes.createStructField("practice_code", DataTypes.StringType, true),
      DataTypes.createStructField("level", DataTypes.IntegerType, false),
      DataTypes.createStructField("deciding_rule", DataTypes.StringType, true),
      DataTypes.createStructField("reasons", DataTypes.StringType, true),
      DataTypes.createStructField("efi_category", DataTypes.StringType, false),
      DataTypes.createStructField("ltc_count", DataTypes.IntegerType, false),
      DataTypes.createStructField("cms", DataTypes.createDecimalType(9, 2), false),
      DataTypes.createStructField("admission_risk", DataTypes.createDecimalType(9, 6), false),
      DataTypes.createStructField("hub", DataTypes.StringType, true),
      DataTypes.createStructField("level_name", DataTypes.StringType, false),
      DataTypes.createStructField("line", DataTypes.IntegerType, false)));

  /** The quarantine's schema: the rows the parser or the duplicate check rejected, ids masked. */
  public static final StructType QUARANTINE = DataTypes.createStructType(List.of(
      DataTypes.createStructField("line", DataTypes.IntegerType, false),
      DataTypes.createStructField("column", DataTypes.StringType, true),
      DataTypes.createStructField("value", DataTypes.StringType, true),
      DataTypes.createStructField("reason", DataTypes.StringType, false),
      DataTypes.createStructField("detail", DataTypes.StringType, true)));

  private SparkStratify() {}

  /**
   * What to run.
   *
   * @param referenceDate the extract's date (ages from date_of_birth); may be null when the table has ages
   * @param policyFile the policy's name (for errors) and {@code policyText} its YAML
   */
  public record Request(IdKind idKind, LocalDate referenceDate, double maxRejectRate, boolean formHubs,
      String policyFile, String policyText) {}

  /**
   * A finished stratification: {@code patients} (schema {@link #PATIENTS}, in line order), {@code quarantine}
   * ({@link #QUARANTINE}), the rollup tables and the counts.
   */
  public record Result(Dataset<Row> patients, Dataset<Row> quarantine, Dataset<Row> eventsQuarantine,
      RollupTables rollup, long rowsRead, long rowsStored, long rowsRejected, long[] levelCounts,
      List<String> warnings, Map<String, Double> seconds, List<Dataset<Row>> cached) {
    /** Frees the intermediate results the job cached (after the outputs are written; they read them). */
    public void release() {
      for (Dataset<Row> d : cached) {
        d.unpersist();
      }
    }
  }

  /** Runs the stratification of {@code patients} (a table with the patients file's columns, as text or typed). */
  public static Result run(SparkSession spark, Dataset<Row> patients, String patientsName, List<Practice> practices,
      Request req) throws IOException {
    return run(spark, patients, patientsName, practices, req, null);
  }

  /**
   * As {@link #run(SparkSession, Dataset, String, List, Request)} for an event-level extract: {@code patients} holds
   * the demographics, and the flat columns the features derive are derived from {@code events} first, shard by
   * shard (the request's reference date ends every window).
   */
  public static Result run(SparkSession spark, Dataset<Row> patients, String patientsName, List<Practice> practices,
      Request req, EventTables events) throws IOException {
    Map<String, Double> seconds = new LinkedHashMap<>();
    long t = System.nanoTime();
    Policy policy = Policy.parse(req.policyFile(), req.policyText());
    if (!policy.registeredScores().isEmpty()) {
      throw new InvalidInputException(req.policyFile() + ": names registered scores ("
          + policy.registeredScores().stream().map(s -> s.name()).toList()
          + "), which the Spark job does not compute yet; run it with strata run");
    }
    String[] header = header(patients);
    SparkJob job = new SparkJob(patientsName, header, req.idKind(), req.referenceDate(),
        new HashMap<>(PracticesReader.ordinals(practices)), req.policyFile(), req.policyText());
    EventsJob eventsJob = events == null ? null : events.plan(job);
    List<String> parsedHeader = new ArrayList<>(List.of(header));
    if (eventsJob != null) {
      parsedHeader.addAll(eventsJob.open().columns());
    }
    // The header judged on the driver: a missing column fails here, once, naming the table.
    PatientRowParser parser = new PatientRowParser(patientsName, parsedHeader, req.idKind(),
        PracticesReader.ordinals(practices), new org.strata.ingest.LsoaDictionary(), req.referenceDate());
    List<String> warnings = new ArrayList<>(parser.headerNotes());
    if (!parser.unknownColumns().isEmpty()) {
      warnings.add(patientsName + ": ignoring unknown columns " + String.join(", ", parser.unknownColumns()));
    }

    // (1) parse and score, partition by partition (or shard by shard, events first); line = row index + 2.
    JavaRDD<Row> parsedRdd = events == null
        ? patients.javaRDD().zipWithIndex().mapPartitions(new ParsePartition(job))
        : events.parsed(patients, job, eventsJob);
    Dataset<Row> all = spark.createDataFrame(parsedRdd, ScoredRows.SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> parsed = all.filter(col("reject_file").isNull());
    Dataset<Row> eventsQuarantine = null;
    if (events != null) {
      eventsQuarantine = all.filter(col("reject_file").isNotNull()).selectExpr("reject_file AS file", "line",
          "reject_column AS column", "reject_value AS value", "reject_reason AS reason", "reject_detail AS detail")
          .orderBy("file", "line");
      checkEventRejectRates(events, eventsJob, eventsQuarantine, req.maxRejectRate());
    }
    long rowsRead = parsed.count();
    seconds.put("parse+score", lap(t));
    t = System.nanoTime();
    if (rowsRead == 0) {
      throw new InvalidInputException(patientsName + ": no patient rows after the header");
    }

    // (2) duplicates: the first line of each patient is kept, as the engine's ingest keeps it.
    WindowSpec byId = Window.partitionBy("patient_id").orderBy("line");
    Dataset<Row> ranked = parsed.filter(col("reject_reason").isNull())
        .withColumn("rank", row_number().over(byId)).withColumn("kept_line", first("line").over(byId))
        .persist(StorageLevel.MEMORY_AND_DISK()); // read by the quarantine, the hubs and the cuts: one sort
    Dataset<Row> kept = ranked.filter(col("rank").equalTo(1)).drop("rank", "kept_line");
    Dataset<Row> duplicates = ranked.filter(col("rank").gt(1)).selectExpr("line", "'patient_id' AS column",
        "masked_id AS value", "'" + RejectReason.DUPLICATE_PATIENT_ID.code() + "' AS reason",
        "concat('kept_line=', kept_line) AS detail");
    Dataset<Row> quarantine = parsed.filter(col("reject_reason").isNotNull())
        .selectExpr("line", "reject_column AS column", "reject_value AS value", "reject_reason AS reason",
            "reject_detail AS detail")
        .union(duplicates).orderBy("line");
    Map<String, Long> byReason = new LinkedHashMap<>();
    for (Row r : quarantine.groupBy("reason").count().collectAsList()) {
      byReason.put(r.getString(0), r.getLong(1));
    }
    long rejected = byReason.values().stream().mapToLong(Long::longValue).sum();
    long stored = rowsRead - rejected;
    double rate = (double) rejected / rowsRead;
    if (rate > req.maxRejectRate()) {
      String top = byReason.entrySet().stream().max(Map.Entry.comparingByValue())
          .map(e -> e.getKey() + " (" + e.getValue() + ")").orElse("none");
      throw new InvalidInputException(String.format(Locale.ROOT,
          "%s: %d of %d rows rejected (%.2f%%), above --max-reject-rate %.2f%%; top reason %s; nothing written",
          patientsName, rejected, rowsRead, 100 * rate, 100 * req.maxRejectRate(), top));
    }
    seconds.put("duplicates", lap(t));
    t = System.nanoTime();

    // (3) hubs, and where the unregistered go.
    long[] registered = new long[practices.size()];
    for (Row r : kept.filter(col("practice").geq(0)).groupBy("practice").count().collectAsList()) {
      registered[r.getInt(0)] = r.getLong(1);
    }
    Hubs hubs = HubAssignment.of(practices, () -> registered, req.formHubs(), warnings);
    final int[] hubOfPractice = hubs.hubOfPractice();
    List<Row> ph = new ArrayList<>();
    for (int p = 0; p < hubOfPractice.length; p++) {
      ph.add(RowFactory.create(p, hubOfPractice[p]));
    }
    Dataset<Row> practiceHub = spark.createDataFrame(ph, DataTypes.createStructType(List.of(
        DataTypes.createStructField("practice", DataTypes.IntegerType, false),
        DataTypes.createStructField("practice_hub", DataTypes.IntegerType, false))));
    Map<String, long[]> best = new HashMap<>(); // LSOA → {hub, registered residents}: most residents, then lowest hub
    for (Row r : kept.filter(col("practice").geq(0).and(col("lsoa").isNotNull()))
        .join(broadcast(practiceHub), "practice").groupBy("lsoa", "practice_hub").count().collectAsList()) {
      long[] b = best.get(r.getString(0));
      int hub = r.getInt(1);
      long n = r.getLong(2);
      if (b == null || n > b[1] || n == b[1] && hub < b[0]) {
        best.put(r.getString(0), new long[] {hub, n});
      }
    }
    List<Row> lh = new ArrayList<>();
    best.forEach((lsoa, b) -> lh.add(RowFactory.create(lsoa, (int) b[0])));
    Dataset<Row> lsoaHub = spark.createDataFrame(lh, DataTypes.createStructType(List.of(
        DataTypes.createStructField("lsoa", DataTypes.StringType, false),
        DataTypes.createStructField("placed_hub", DataTypes.IntegerType, false))));
    String[] names = ScoredRows.SCHEMA.fieldNames();
    Dataset<Row> withHub = kept.join(broadcast(practiceHub), kept.col("practice").equalTo(practiceHub.col("practice")),
            "left")
        .join(broadcast(lsoaHub), kept.col("lsoa").equalTo(lsoaHub.col("lsoa")), "left")
        .select(selectAll(kept, names, "CASE WHEN practice_hub IS NOT NULL THEN practice_hub"
            + " WHEN placed_hub IS NOT NULL THEN placed_hub ELSE -1 END"));
    withHub = spark.createDataFrame(withHub.javaRDD(), ScoredRows.WITH_HUB);
    seconds.put("hubs", lap(t));
    t = System.nanoTime();

    // (4) the footprint's cuts; (5) the cuts per hub, then per practice with the floors, each in rule order.
    List<Rule> footprintCuts = new ArrayList<>();
    List<Rule> hubRules = new ArrayList<>();
    List<Rule> practiceRules = new ArrayList<>();
    List<Rule> floors = new ArrayList<>();
    for (Rule rule : policy.rules()) {
      if (rule.kind() == Rule.Kind.TOP_PERCENT) {
        (rule.scope() == Rule.Scope.FOOTPRINT ? footprintCuts : rule.scope() == Rule.Scope.HUB ? hubRules
            : practiceRules).add(rule);
      } else if (rule.kind() == Rule.Kind.PRACTICE_FLOOR) {
        floors.add(rule);
      }
    }
    practiceRules.addAll(floors);
    Dataset<Row> scoredKept = withHub.persist(StorageLevel.MEMORY_AND_DISK());
    List<DistributedCuts.Decided> decided = DistributedCuts.decide(scoredKept.javaRDD(), footprintCuts);
    Dataset<Row> cut = decided.isEmpty() ? scoredKept : spark.createDataFrame(scoredKept.javaRDD()
        .map(r -> ScoredRows.with(r, ScoredRows.REASONS, DistributedCuts.mark(decided, r))), ScoredRows.WITH_HUB);
    seconds.put("footprint cuts", lap(t));
    t = System.nanoTime();
    RowRules levels = new RowRules(policy);
    int[] ruleLevel = levels.ruleLevels();
    Dataset<Row> decidedRows = UnitRules.apply(UnitRules.apply(cut, ScoredRows.HUB, job, hubRules, ruleLevel),
        ScoredRows.PRACTICE, job, practiceRules, ruleLevel).persist(StorageLevel.MEMORY_AND_DISK());

    // (6) levels, and the rollup's cells summed over the partitions.
    final int ruleCount = policy.rules().size();
    final int practiceCount = practices.size();
    final int hubCount = hubs.hubCount();
    final byte[] levelOf = new byte[33];
    for (int b = 0; b < 33; b++) {
      levelOf[b] = (byte) (b < ruleCount ? ruleLevel[b] : 4);
    }
    RollupCells cells = decidedRows.javaRDD().aggregate(new RollupCells(practiceCount, hubCount, ruleCount),
        (c, r) -> {
          int reasons = r.getInt(ScoredRows.REASONS) & ~RowRules.ADULT;
          int p = r.getInt(ScoredRows.PRACTICE);
          int hub = r.getInt(ScoredRows.HUB);
          c.add(p >= 0 ? p : hub >= 0 ? c.hubCell(hub) : c.unassignedCell(),
              levelOf[Integer.numberOfTrailingZeros(reasons)], RowRules.decidingRule(reasons),
              r.getInt(ScoredRows.AGE), r.getInt(ScoredRows.EFI), r.getInt(ScoredRows.LTC), r.getInt(ScoredRows.RISK),
              r.getInt(ScoredRows.ADMISSIONS), r.getInt(ScoredRows.COST));
          return c;
        }, RollupCells::add);
    StoreManifest.IngestCounts counts = new StoreManifest.IngestCounts(rowsRead, stored, rejected, byReason,
        parser.unknownColumns(), parser.hasCost(), parser.hasOutcome());
    RollupTables rollup = cells.tables(policy.ruleNames(), practices, hubs, parser.hasCost(), stored, counts);
    warnings.addAll(rollup.warnings());
    long[] levelCounts = new long[5];
    RollupTables.Row f = rollup.footprint();
    for (int l = 1; l <= 4; l++) {
      levelCounts[l] = f.level(l);
    }
    seconds.put("levels+rollup", lap(t));

    final String[] ruleNames = policy.ruleNames().toArray(new String[0]);
    final String[] levelNames = policy.levelNames().toArray(new String[0]);
    final String[] practiceCodes = practices.stream().map(Practice::code).toArray(String[]::new);
    final String[] hubNames = hubs.names().toArray(new String[0]);
    Dataset<Row> out = spark.createDataFrame(decidedRows.javaRDD().map(r -> {
      int reasons = r.getInt(ScoredRows.REASONS) & ~RowRules.ADULT;
      int deciding = RowRules.decidingRule(reasons);
      int level = levelOf[Integer.numberOfTrailingZeros(reasons)];
      StringBuilder why = new StringBuilder();
      for (int b = 0; b < ruleNames.length; b++) {
        if ((reasons >>> b & 1) != 0) {
          why.append(why.length() == 0 ? "" : ";").append(ruleNames[b]);
        }
      }
      int p = r.getInt(ScoredRows.PRACTICE);
      int hub = r.getInt(ScoredRows.HUB);
      return RowFactory.create(r.getString(ScoredRows.PATIENT_ID), p >= 0 ? practiceCodes[p] : null, level,
          deciding < 0 ? null : ruleNames[deciding], why.length() == 0 ? null : why.toString(),
          EFI[r.getInt(ScoredRows.EFI)], r.getInt(ScoredRows.LTC), BigDecimal.valueOf(r.getInt(ScoredRows.CMS), 2),
          BigDecimal.valueOf(r.getInt(ScoredRows.RISK), 6), hub >= 0 ? hubNames[hub] : null, levelNames[level],
          r.getInt(ScoredRows.LINE));
    }), PATIENTS).orderBy("line");
    return new Result(out, quarantine, eventsQuarantine, rollup, rowsRead, stored, rejected, levelCounts, warnings,
        seconds, List.of(all, ranked, scoredKept, decidedRows));
  }

  /** An event table with more of its rows rejected than the rate allows fails the run, as the ingest does. */
  private static void checkEventRejectRates(EventTables events, EventsJob ev, Dataset<Row> rejected, double max)
      throws InvalidInputException {
    Map<String, Long> byFile = new HashMap<>();
    for (Row r : rejected.groupBy("file").count().collectAsList()) {
      byFile.put(r.getString(0), r.getLong(1));
    }
    for (int k = 0; k < ev.stems().size(); k++) {
      String name = ev.fileNames().get(k);
      long bad = byFile.getOrDefault(name, 0L);
      if (bad == 0) {
        continue;
      }
      long rows = events.tables().get(ev.stems().get(k)).count();
      double rate = (double) bad / rows;
      if (rate > max) {
        throw new InvalidInputException(String.format(Locale.ROOT,
            "%s: %d of %d rows rejected (%.2f%%), above --max-reject-rate %.2f%%; nothing written", name, bad, rows,
            100 * rate, 100 * max));
      }
    }
  }

  /** The patients table's column names; a CSV read by Spark carries its malformed-row column last, not a column. */
  static String[] header(Dataset<Row> patients) {
    List<String> names = new ArrayList<>(List.of(patients.columns()));
    names.remove(SparkInputs.CORRUPT_RECORD);
    return names.toArray(new String[0]);
  }

  private static org.apache.spark.sql.Column[] selectAll(Dataset<Row> kept, String[] names, String hubExpr) {
    org.apache.spark.sql.Column[] c = new org.apache.spark.sql.Column[names.length + 1];
    for (int i = 0; i < names.length; i++) {
      c[i] = kept.col(names[i]);
    }
    c[names.length] = org.apache.spark.sql.functions.expr(hubExpr).as("hub");
    return c;
  }

  private static double lap(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
