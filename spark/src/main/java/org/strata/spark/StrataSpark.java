package org.strata.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.strata.format.IdKind;
import org.strata.format.InvalidInputException;
import org.strata.format.Practice;
import org.strata.level.Policy;
import org.strata.level.PolicyException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code spark-submit} entry point: stratifies a patients table on the cluster and publishes the results
 * directory. Exit 0 on success, 2 on bad input (one line naming the file, column or value), 1 otherwise.
 *
 * <pre>
 * spark-submit --class org.strata.spark.StrataSpark strata-spark.jar \
 *     --patients /data/patients.parquet --practices /data/practices.csv --form-hubs --out /results/latest
 * </pre>
 */
@Command(name = "strata-spark", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Stratifies a footprint on Spark: the levels, reasons and rollups strata run gives, from a"
        + " patients table (Parquet, or CSV by its name) and the practices file.")
public final class StrataSpark implements Callable<Integer> {
  @Option(names = "--patients", required = true, description = "Patients table: Parquet (file or directory), or .csv/.csv.gz.")
  String patients;

  @Option(names = "--practices", required = true, description = "Practices file (CSV), as for strata ingest.")
  String practices;

  @Option(names = "--out", required = true, description = "Results directory, published whole when complete.")
  String out;

  @Option(names = "--policy", description = "Policy file (YAML, read on the driver); default: the shipped policy.")
  Path policy;

  @Option(names = "--id-kind", defaultValue = "nhs-number", description = "nhs-number or pseudonym (default: ${DEFAULT-VALUE}).")
  String idKind;

  @Option(names = "--reference-date", paramLabel = "YYYY-MM-DD", description = "The extract's date (ages from date_of_birth).")
  String referenceDate;

  @Option(names = "--max-reject-rate", defaultValue = "0.01", paramLabel = "R",
      description = "Fail when more than this share of rows is rejected (default: ${DEFAULT-VALUE}).")
  double maxRejectRate;

  @Option(names = "--form-hubs", description = "Form hubs of 30,000-50,000 when the practices file has no hub column.")
  boolean formHubs;

  @Option(names = "--overwrite", description = "Replace OUT when it exists (atomically, once the new results are complete).")
  boolean overwrite;

  @Option(names = "--events", paramLabel = "DIR", description = "An event-level extract: DIR holds gp_events,"
      + " apc_spells, ae_attendances, op_attendances, medications (.parquet, .csv or .csv.gz); --patients holds the"
      + " demographics. Needs --reference-date.")
  String events;

  @Option(names = "--codelists", paramLabel = "DIR", description = "With --events: code lists every executor can"
      + " read (default: the shipped ones).")
  String codelists;

  @Option(names = "--features", paramLabel = "FILE", description = "With --events: a features file every executor"
      + " can read (default: the shipped one).")
  String features;

  @Option(names = "--shards", paramLabel = "N", description = "With --events: partitions each patient's events are"
      + " gathered into (default: 4 per core of the cluster).")
  Integer shards;

  @Option(names = "--master", description = "Spark master when not launched by spark-submit (e.g. local[2]).")
  String master;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line; returns the exit code. */
  public static int run(String... args) {
    return new CommandLine(new StrataSpark()).execute(args);
  }

  @Override
  public Integer call() throws IOException {
    final IdKind kind;
    final LocalDate reference;
    final String policyName;
    final String policyText;
    try {
      kind = IdKind.fromCliName(idKind);
      reference = referenceDate == null ? null : LocalDate.parse(referenceDate);
      if (policy == null) {
        policyName = "default-policy.yaml";
        policyText = Policy.defaultText();
      } else {
        Policy.load(policy); // a bad policy fails here with its file and line, before Spark starts
        policyName = policy.getFileName().toString();
        policyText = Files.readString(policy, StandardCharsets.UTF_8);
      }
    } catch (IllegalArgumentException | DateTimeParseException | PolicyException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    SparkSession.Builder builder = SparkSession.builder().appName("strata");
    if (!new org.apache.spark.SparkConf().contains("spark.serializer")) {
      // Kryo for the shuffles of rows and event records, unless the submitter chose a serializer.
      builder.config("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    }
    if (master != null) {
      builder.master(master);
    }
    SparkSession spark = builder.getOrCreate();
    if (master != null) {
      spark.sparkContext().setLogLevel("WARN"); // a local run prints its own summary, not Spark's INFO lines
    }
    try {
      long t0 = System.nanoTime();
      List<String> warnings = new ArrayList<>();
      List<String> found = new ArrayList<>();
      try {
        SparkOutputs.checkTarget(spark, out, overwrite, found);
      } finally {
        found.forEach(w -> System.err.println("warning: " + w)); // said at once, whatever happens next
      }
      List<Practice> list = SparkInputs.practices(spark, practices, warnings);
      EventTables eventTables = null;
      if (events != null) {
        if (reference == null) {
          throw new InvalidInputException("--events needs --reference-date: every window ends on it");
        }
        List<String> stems = org.strata.events.EventShard.open(codelists == null ? null : Path.of(codelists),
            features == null ? null : Path.of(features), reference, kind).sources();
        eventTables = SparkInputs.eventTables(spark, events, stems, codelists, features,
            shards != null ? shards : 4 * spark.sparkContext().defaultParallelism());
      }
      SparkStratify.Result r = SparkStratify.run(spark, SparkInputs.table(spark, patients),
          new org.apache.hadoop.fs.Path(patients).getName(), list,
          new SparkStratify.Request(kind, reference, maxRejectRate, formHubs, policyName, policyText), eventTables);
      SparkOutputs.publish(spark, r, out, overwrite);
      r.release();
      warnings.addAll(r.warnings());
      for (String w : new java.util.LinkedHashSet<>(warnings)) { // the rollup repeats the hubs' warnings
        System.err.println("warning: " + w);
      }
      System.out.printf(Locale.ROOT, "Patients: %,d read, %,d stratified, %,d quarantined%n", r.rowsRead(),
          r.rowsStored(), r.rowsRejected());
      long[] c = r.levelCounts();
      System.out.printf(Locale.ROOT, "Levels: 1 %,d  2 %,d  3 %,d  4 %,d%n", c[1], c[2], c[3], c[4]);
      StringBuilder phases = new StringBuilder("Phases:");
      r.seconds().forEach((k, v) -> phases.append(String.format(Locale.ROOT, "  %s %.2f s", k, v)));
      System.out.println(phases.append(String.format(Locale.ROOT, "  (total %.2f s)", (System.nanoTime() - t0) / 1e9)));
      System.out.println("Results: " + out + "  (patients.parquet identifies patients; the rollups do not)");
      return 0;
    } catch (InvalidInputException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    } finally {
      if (master != null) {
        spark.stop();
      }
    }
  }
}
