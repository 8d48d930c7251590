package org.strata.rollup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.strata.ingest.RejectReason;
import org.strata.store.StoreManifest;

/**
 * The rollup of one run: a row per practice, per hub (plus an "unassigned" row when anyone could not be
 * placed in a hub) and one for the footprint, each with registered / unregistered / total people, the count
 * and share of each level of need, people aged 65+, moderate and severe frailty (eFI), two or more long-term
 * conditions, mean admission risk, expected emergency admissions over the next 12 months beside those of
 * the last 12 months, cost when the store has it, and the three most common deciding rules of levels 1–3
 * (level 4 is everyone no rule matched). Practice rows have no unregistered column: unregistered people belong
 * to hubs, placed by LSOA. Hub rows carry a flag when the hub is outside 30,000–50,000 registered patients,
 * with the reason. The footprint row also says what ingest did with the extract: rows read, stored and
 * quarantined, and quarantined by each reason code of docs/INPUT.md.
 *
 * <pre>{@code
 * RollupTables t = Rollup.compute(levels, store, hubs);
 * t.write(outDir);                                  // internal: exact counts
 * t.suppressed(RollupTables.DEFAULT_SUPPRESSION_THRESHOLD).write(sharedDir);
 * System.out.print(t.toText());                     // footprint and hub tables for a terminal
 * }</pre>
 *
 * <p><b>Files</b> ({@link #write}): {@code practices.csv} (sorted by practice code), {@code hubs.csv}
 * (sorted by hub name, the unassigned row last), {@code footprint.csv} and {@code rollup.json} (the same
 * rows, keys sorted). CSV has a header row, RFC 4180 quoting, LF line ends; numbers are formatted with
 * {@link Locale#ROOT} and exact decimal rounding (half up): shares are percent of the row's total with two
 * decimals, mean risk a probability with four, expected admissions one decimal, cost pounds and pence. No
 * timestamps and no paths: the same inputs give byte-identical files.
 *
 * <p><b>Small-number suppression</b> ({@link #suppressed(int)}), for outputs that leave the analytics team:
 * every count of people or events from 1 to {@code threshold − 1} (default {@value
 * #DEFAULT_SUPPRESSION_THRESHOLD}: 1–4 are suppressed) is written as {@code *}; zero is shown. Values that
 * depend on a suppressed count are blanked: a level's share when the level count or the row's total is
 * suppressed, the mean risk and expected admissions when the total is, the cost when the number of rows with
 * a recorded cost is. Every other count is rounded to the nearest 5 and shares are computed from the
 * rounded counts, so a suppressed cell cannot be derived by difference (total minus the other levels, a
 * hub minus its other practices): the difference of rounded counts is uncertain by more than the
 * suppressed range. This follows NHS Digital's practice of suppressing small numbers and rounding the rest.
 */
public final class RollupTables {
  /** Default suppression threshold: counts 1–4 become {@code *}. */
  public static final int DEFAULT_SUPPRESSION_THRESHOLD = 5;

  /** What a row aggregates. */
  public enum Kind {
    PRACTICE,
    HUB,
    /** Unregistered people who could not be placed in a hub. */
    UNASSIGNED,
    FOOTPRINT
  }

  /** A deciding rule and how many people of a level it decided. */
  public record Reason(String rule, long count) {}

  /**
   * One rollup row.
   *
   * @param code practice code, hub name, {@code unassigned} or {@code footprint}
   * @param hub the practice's hub (the hub itself for hub rows); null for the footprint
   * @param practices practices aggregated (1 for a practice row)
   * @param riskSumX1e6 sum of the admission risk in millionths = expected admissions × 10⁶
   * @param emergencyAdmissions emergency admissions in the last 12 months
   * @param costPence sum of cost over the rows with a recorded cost
   * @param costRecorded rows with a recorded cost
   * @param topReasons per level (index 0 = level 1) up to three deciding rules, most common first
   * @param flag why a hub is outside 30,000–50,000 registered (or what the unassigned row is); null if none
   * @param scoreCounts rollup column → patients counted, for each registered score the policy named that has
   *     one ({@code Score#rollupCount}), in registry order; empty otherwise
   */
  public record Row(Kind kind, String code, String name, String hub, int practices, long registered,
      long unregistered, long level1, long level2, long level3, long level4, long aged65Plus,
      long frailtyModerate, long frailtySevere, long ltc2Plus, long riskSumX1e6, long emergencyAdmissions,
      long costPence, long costRecorded, List<List<Reason>> topReasons, String flag,
      Map<String, Long> scoreCounts) {
    /** Registered plus unregistered: every person counted in this row. */
    public long total() {
      return registered + unregistered;
    }

    /** Count in level {@code level} (1–4). */
    public long level(int level) {
      switch (level) {
        case 1:
          return level1;
        case 2:
          return level2;
        case 3:
          return level3;
        case 4:
          return level4;
        default:
          throw new IllegalArgumentException("level must be 1..4: " + level);
      }
    }
  }

  private static final String[] LEVEL_NAMES = {"High need", "Ongoing care needs", "Episodic/urgent needs",
      "Mostly well"};

  private static final ObjectWriter JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build()
      .writer(new DefaultPrettyPrinter()
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private final List<Row> practices;
  private final List<Row> hubs;
  private final Row unassigned;
  private final Row footprint;
  private final int hubCount;
  private final boolean hasCost;
  private final List<String> warnings;
  private final int threshold;
  private final StoreManifest.IngestCounts ingest;
  private final int[] hubOfLsoa;

  RollupTables(List<Row> practices, List<Row> hubs, Row unassigned, Row footprint, int hubCount,
      boolean hasCost, List<String> warnings, int threshold, StoreManifest.IngestCounts ingest, int[] hubOfLsoa) {
    this.practices = List.copyOf(practices);
    this.hubs = List.copyOf(hubs);
    this.unassigned = unassigned;
    this.footprint = footprint;
    this.hubCount = hubCount;
    this.hasCost = hasCost;
    this.warnings = List.copyOf(warnings);
    this.threshold = threshold;
    this.ingest = ingest;
    this.hubOfLsoa = hubOfLsoa;
  }

  /**
   * The hub each LSOA's unregistered people were counted in ({@link UnregisteredPlacement#UNPLACED} for none),
   * so that outputs place them as the rollup did without placing them again; the live array, not to be written.
   */
  public int[] hubOfLsoa() {
    return hubOfLsoa;
  }

  /** Practice rows sorted by code. */
  public List<Row> practices() {
    return practices;
  }

  /** Hub rows sorted by name (the unassigned row is {@link #unassigned()}). */
  public List<Row> hubs() {
    return hubs;
  }

  /** The row of people who could not be placed in a hub, or null when everyone was placed. */
  public Row unassigned() {
    return unassigned;
  }

  public Row footprint() {
    return footprint;
  }

  /** Whether the store had a cost column. */
  public boolean hasCost() {
    return hasCost;
  }

  /** Footprint-level warnings (hub formation's and a footprint under 100,000 people). */
  public List<String> warnings() {
    return warnings;
  }

  /** What the ingest of the stratified store read, stored and quarantined; null when the store did not record it. */
  public StoreManifest.IngestCounts ingest() {
    return ingest;
  }

  /** The suppression threshold of this variant; 0 for the exact internal tables. */
  public int suppressionThreshold() {
    return threshold;
  }

  /**
   * A copy that writes counts from 1 to {@code threshold − 1} as {@code *}, rounds every other count to the
   * nearest 5 (shares are computed from the rounded counts), and blanks what depends on a suppressed
   * count. The rows themselves keep the exact values; only the outputs differ.
   *
   * @param threshold smallest count shown, at least 2
   */
  public RollupTables suppressed(int threshold) {
    if (threshold < 2) {
      throw new IllegalArgumentException("suppression threshold must be at least 2: " + threshold);
    }
    return new RollupTables(practices, hubs, unassigned, footprint, hubCount, hasCost, warnings, threshold,
        ingest, hubOfLsoa);
  }

  // ---------------------------------------------------------------- columns

  /**
   * What a column is, for typed outputs (Parquet) and for docs/OUTPUTS.md (a test renders it there): the table it is
   * in, its name, its type ({@code scale} {@link #TEXT} for text, 0 for a whole number, more for a decimal with that
   * many places; values are String, Long or BigDecimal, or null), unit, how {@code shared/} shows it, and its meaning.
   * Names and meanings of a family use {@code L} for the level and {@code R} for the rank, so it reads as one row.
   */
  public record ColumnDoc(String table, String name, int scale, String unit, String shared, String meaning) {
    public static final int TEXT = -1;
  }

  /** One exact table (internal counts, not suppressed): its columns and its rows' values in column order. */
  public record Table(String name, List<ColumnDoc> columns, List<List<Object>> rows) {}

  // How shared/ shows a column: the rules of suppressed(int), said once.
  private static final String COUNT_RULE = "`*` from 1 to N−1, else rounded to the nearest 5";
  private static final String AS_IS = "as is";
  private static final String HUB_MEANING =
      "the hub (a practice's, in practices; `unassigned`: the unregistered who could not be placed)";

  private record Column(String name, int scale, String unit, String shared, String meaning,
      Function<Row, Object> value) {
    static Column text(String name, String meaning, Function<Row, Object> value) {
      return new Column(name, ColumnDoc.TEXT, "text", AS_IS, meaning, value);
    }

    /** A count of people, admissions or rows: suppressed in shared/. */
    static Column count(String name, String unit, String meaning, Function<Row, Object> value) {
      return new Column(name, 0, unit, COUNT_RULE, meaning, value);
    }

    /** A whole number that is not a count of people (practices, hubs): shown as it is. */
    static Column number(String name, String unit, String meaning, Function<Row, Object> value) {
      return new Column(name, 0, unit, AS_IS, meaning, value);
    }

    static Column decimal(String name, int scale, String unit, String shared, String meaning,
        Function<Row, Object> value) {
      return new Column(name, scale, unit, shared, meaning, value);
    }
  }

  /** Every column of the three tables, described (docs/OUTPUTS.md's rollup columns are rendered from this). */
  public List<ColumnDoc> columnDocs() {
    List<ColumnDoc> docs = new ArrayList<>();
    tableColumns().forEach((table, columns) -> docs.addAll(docs(table, columns)));
    return docs;
  }

  /** The three tables' names and columns, in the order {@link #tables()} gives them. */
  private Map<String, List<Column>> tableColumns() {
    Map<String, List<Column>> t = new LinkedHashMap<>();
    t.put("practices", practiceColumns());
    t.put("hubs", hubColumns());
    t.put("footprint", footprintColumns());
    return t;
  }

  private static List<ColumnDoc> docs(String table, List<Column> columns) {
    return columns.stream().map(c -> new ColumnDoc(table, c.name(), c.scale(), c.unit(), c.shared(), c.meaning()))
        .toList();
  }

  private List<Column> metricColumns() {
    List<Column> c = new ArrayList<>();
    c.add(Column.count("registered", "people", "registered with a practice", r -> count(r.registered())));
    c.add(Column.count("unregistered", "people", "not registered with a practice; placed in a hub by LSOA", r -> count(r.unregistered())));
    c.add(Column.count("total", "people", "registered and unregistered", r -> count(r.total())));
    for (int lv = 1; lv <= Rollup.LEVELS; lv++) {
      final int l = lv;
      c.add(Column.count("level" + l, "people", "in level L", r -> count(r.level(l))));
      c.add(Column.decimal("level" + l + "_share_pct", 2, "percent",
          "blank when level L or the total is suppressed; from the rounded counts", "level L's share of `total`",
          r -> share(r.level(l), r.total())));
    }
    c.add(Column.count("aged_65_plus", "people", "aged 65 or over", r -> count(r.aged65Plus())));
    c.add(Column.count("frailty_moderate", "people", "eFI category moderate", r -> count(r.frailtyModerate())));
    c.add(Column.count("frailty_severe", "people", "eFI category severe", r -> count(r.frailtySevere())));
    c.add(Column.count("ltc_2_plus", "people", "two or more long-term conditions", r -> count(r.ltc2Plus())));
    for (String name : footprint.scoreCounts().keySet()) { // registered scores the policy named
      c.add(Column.count(name, "people", "counted by a registered score the policy names", r -> count(r.scoreCounts().get(name))));
    }
    c.add(Column.decimal("mean_admission_risk", 4, "probability", "blank when the total is suppressed",
        "mean 12-month emergency admission risk", r -> r.total() == 0 || hidden(r.total()) ? null
        : BigDecimal.valueOf(r.riskSumX1e6()).divide(BigDecimal.valueOf(r.total()).scaleByPowerOfTen(6), 4,
            RoundingMode.HALF_UP)));
    c.add(Column.decimal("expected_emergency_admissions_12m", 1, "admissions",
        "blank when the total is suppressed", "the risk summed: admissions expected in the next 12 months", r -> hidden(r.total()) ? null
        : BigDecimal.valueOf(r.riskSumX1e6()).scaleByPowerOfTen(-6).setScale(1, RoundingMode.HALF_UP)));
    c.add(Column.count("emergency_admissions_last_12m", "admissions", "recorded in the extract for the last 12 months",
        r -> count(r.emergencyAdmissions())));
    c.add(Column.decimal("cost_gbp", 2, "GBP", "blank when `cost_recorded` is suppressed",
        "cost over the people with a `cost_12m` recorded (blank without the column)", r -> !hasCost || r.costRecorded() == 0 || hidden(r.costRecorded()) ? null
        : BigDecimal.valueOf(r.costPence(), 2)));
    c.add(Column.count("cost_recorded", "people", "with a `cost_12m` recorded (blank without the column)",
        r -> hasCost ? count(r.costRecorded()) : null));
    // Levels 1-3 only: level 4 is everyone no rule matched, so it has no deciding rules to count.
    for (int lv = 1; lv < Rollup.LEVELS; lv++) {
      for (int k = 1; k <= 3; k++) {
        final int l = lv;
        final int rank = k;
        c.add(Column.text("level" + l + "_reason" + k, "the R-th most common deciding rule of level L (1–3)", r -> reason(r, l, rank) == null ? null
            : reason(r, l, rank).rule()));
        c.add(Column.count("level" + l + "_reason" + k + "_count", "people", "decided by that rule", r -> reason(r, l, rank) == null ? null
            : count(reason(r, l, rank).count())));
      }
    }
    return c;
  }

  private List<Column> practiceColumns() {
    List<Column> c = new ArrayList<>();
    c.add(Column.text("practice_code", "the practice's ODS code", Row::code));
    c.add(Column.text("practice_name", "the practice's name", Row::name));
    c.add(Column.text("hub", HUB_MEANING, Row::hub));
    // Unregistered people belong to no practice (they are placed in hubs by LSOA): the column would always be 0.
    c.addAll(metricColumns().stream().filter(m -> !m.name().equals("unregistered")).toList());
    return c;
  }

  private List<Column> hubColumns() {
    List<Column> c = new ArrayList<>();
    c.add(Column.text("hub", HUB_MEANING, Row::name));
    c.add(Column.number("practices", "practices", "practices in the hub or footprint", r -> (long) r.practices()));
    c.addAll(metricColumns());
    c.add(new Column("flag", ColumnDoc.TEXT, "text", "the counts it quotes shown as the count columns show them",
        "why the hub is outside 30,000–50,000 registered, or what the unassigned row is", r -> flag(r.flag())));
    return c;
  }

  private List<Column> footprintColumns() {
    List<Column> c = new ArrayList<>();
    c.add(Column.number("practices", "practices", "practices in the hub or footprint", r -> (long) r.practices()));
    c.add(Column.number("hubs", "hubs", "hubs in the footprint", r -> (long) hubCount));
    c.addAll(metricColumns());
    c.addAll(ingestColumns());
    return c;
  }

  /**
   * What ingest did with the extract the store holds (the footprint row only): rows read, stored and
   * quarantined, and quarantined by each reason code of docs/INPUT.md, so that rows left out of every
   * table are counted somewhere in the results. Blank when the store did not record them.
   */
  private List<Column> ingestColumns() {
    List<Column> c = new ArrayList<>();
    c.add(Column.count("ingest_rows_read", "rows", "rows of the extract ingest read", r -> ingest == null ? null : count(ingest.rowsRead())));
    c.add(Column.count("ingest_rows_stored", "rows", "rows it stored", r -> ingest == null ? null : count(ingest.rowsStored())));
    c.add(Column.count("ingest_rows_quarantined", "rows", "rows it quarantined", r -> ingest == null ? null : count(ingest.rowsRejected())));
    for (RejectReason reason : RejectReason.values()) {
      if (!reason.patientRows()) {
        continue; // event rows' reasons: counted in the store manifest's events section, not a patients row
      }
      final String code = reason.code();
      c.add(Column.count("quarantined_" + code, "rows", "rows quarantined for that reason code of docs/INPUT.md", r -> ingest == null ? null
          : count(ingest.rejectedByReason() == null ? 0 : ingest.rejectedByReason().getOrDefault(code, 0L))));
    }
    return c;
  }

  private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("\\d{1,3}(,\\d{3})+|\\d+");

  /**
   * A hub's flag as this copy shows it: in a suppressed copy every count it quotes is shown as the count columns
   * show it (rounded to 5, or {@code *}), so that the flag cannot give back what the columns hide. The limits it
   * quotes (30,000, 50,000, 20 km) are multiples of 5 and read the same.
   */
  private String flag(String flag) {
    if (flag == null || threshold == 0) {
      return flag;
    }
    java.util.regex.Matcher m = NUMBER.matcher(flag);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String shown = sharedCount(Long.parseLong(m.group().replace(",", "")), threshold);
      m.appendReplacement(b, shown.equals("*") ? "*" : String.format(Locale.ROOT, "%,d", Long.parseLong(shown)));
    }
    return m.appendTail(b).toString();
  }

  private static Reason reason(Row r, int level, int rank) {
    List<Reason> top = r.topReasons().get(level - 1);
    return rank <= top.size() ? top.get(rank - 1) : null;
  }

  private boolean hidden(long count) {
    return threshold > 0 && count >= 1 && count < threshold;
  }

  /**
   * A count as shared: exact internally; in a suppressed copy "*" from 1 to threshold − 1 and every other
   * count rounded to the nearest 5, so a suppressed cell cannot be recovered by subtracting the others
   * from a total (primary suppression alone leaks by subtraction).
   */
  private Object count(long c) {
    if (threshold == 0) {
      return c;
    }
    return hidden(c) ? "*" : (Object) roundTo5(c);
  }

  /**
   * A count as a copy suppressed at {@code threshold} shows it ({@code *} from 1 to threshold − 1, others rounded
   * to the nearest 5), for other shared outputs to suppress the same way.
   */
  public static String sharedCount(long c, int threshold) {
    return c >= 1 && c < threshold ? "*" : Long.toString(roundTo5(c));
  }

  private static long roundTo5(long c) {
    return (c + 2) / 5 * 5; // nearest multiple of 5, halves up (counts are not negative)
  }

  private Object share(long part, long total) {
    return share(part, total, 2);
  }

  /** The share in percent with {@code scale} decimals, rounded once (half up) from the exact ratio. */
  private Object share(long part, long total, int scale) {
    if (total == 0 || hidden(part) || hidden(total)) {
      return null;
    }
    long p = threshold == 0 ? part : roundTo5(part);
    long t = threshold == 0 ? total : roundTo5(total);
    if (t == 0) {
      return null;
    }
    return BigDecimal.valueOf(p * 100).divide(BigDecimal.valueOf(t), scale, RoundingMode.HALF_UP);
  }

  // ---------------------------------------------------------------- CSV and JSON

  /** {@code practices.csv}: one row per practice, sorted by code. */
  public String practicesCsv() {
    return csv(practiceColumns(), practices);
  }

  /** {@code hubs.csv}: one row per hub sorted by name, then the unassigned row if any. */
  public String hubsCsv() {
    return csv(hubColumns(), hubRowsWithUnassigned());
  }

  /** {@code footprint.csv}: one row. */
  public String footprintCsv() {
    return csv(footprintColumns(), List.of(footprint));
  }

  /**
   * The exact tables with their column types, for typed outputs: {@code practices}, {@code hubs} (the unassigned
   * row last) and {@code footprint}, the rows and columns of the CSVs. Only for the exact tables: a suppressed
   * copy's counts may be {@code *}.
   */
  public List<Table> tables() {
    if (threshold != 0) {
      throw new IllegalStateException("typed tables are the exact ones; a suppressed copy holds '*' in counts");
    }
    Map<String, List<Row>> rows = Map.of("practices", practices, "hubs", hubRowsWithUnassigned(), "footprint",
        List.of(footprint));
    List<Table> out = new ArrayList<>();
    tableColumns().forEach((name, columns) -> out.add(table(name, columns, rows.get(name))));
    return out;
  }

  private static Table table(String name, List<Column> columns, List<Row> rows) {
    List<List<Object>> values = new ArrayList<>(rows.size());
    for (Row r : rows) {
      List<Object> v = new ArrayList<>(columns.size());
      for (Column c : columns) {
        Object x = c.value().apply(r);
        v.add(x instanceof Integer i ? Long.valueOf(i) : x);
      }
      values.add(java.util.Collections.unmodifiableList(v));
    }
    return new Table(name, docs(name, columns), List.copyOf(values));
  }

  /** {@code rollup.json}: every table, keys sorted, two-space indent, LF line ends. */
  public String json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("footprint", rowMap(footprintColumns(), footprint));
    root.put("hubs", rowMaps(hubColumns(), hubRowsWithUnassigned()));
    root.put("practices", rowMaps(practiceColumns(), practices));
    root.put("has_cost", hasCost);
    root.put("warnings", warnings);
    if (threshold > 0) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("threshold", threshold);
      s.put("rule", "counts 1.." + (threshold - 1) + " shown as *; shares, means and sums that depend on them"
          + " blanked; zero shown; every other count rounded to the nearest 5, shares from rounded counts");
      root.put("suppression", s);
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the rollup", e);
    }
  }

  /** Writes practices.csv, hubs.csv, footprint.csv and rollup.json into {@code dir} (created if absent). */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("practices.csv"), practicesCsv(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("hubs.csv"), hubsCsv(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("footprint.csv"), footprintCsv(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("rollup.json"), json(), StandardCharsets.UTF_8);
  }

  private List<Row> hubRowsWithUnassigned() {
    if (unassigned == null) {
      return hubs;
    }
    List<Row> all = new ArrayList<>(hubs);
    all.add(unassigned);
    return all;
  }

  private static String csv(List<Column> columns, List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(columns.get(i).name());
    }
    sb.append('\n');
    for (Row r : rows) {
      for (int i = 0; i < columns.size(); i++) {
        sb.append(i == 0 ? "" : ",").append(csvField(columns.get(i).value().apply(r)));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String csvField(Object v) {
    if (v == null) {
      return "";
    }
    String s = v instanceof BigDecimal d ? d.toPlainString() : v.toString();
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  private static Map<String, Object> rowMap(List<Column> columns, Row r) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Column c : columns) {
      m.put(c.name(), c.value().apply(r));
    }
    return m;
  }

  private static List<Map<String, Object>> rowMaps(List<Column> columns, List<Row> rows) {
    List<Map<String, Object>> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(rowMap(columns, r));
    }
    return out;
  }

  // ---------------------------------------------------------------- terminal

  /** The footprint table and the hub table, fixed-width, for a terminal (as {@code strata demo} prints). */
  public String toText() {
    return toText(List.of("", LEVEL_NAMES[0], LEVEL_NAMES[1], LEVEL_NAMES[2], LEVEL_NAMES[3]));
  }

  /** As {@link #toText()}, with the policy's level names (index 1–4; index 0 unused). */
  public String toText(List<String> levelNames) {
    StringBuilder sb = new StringBuilder();
    Row f = footprint;
    sb.append(String.format(Locale.ROOT, "Footprint: %s people (%s registered in %d practices, %s unregistered),"
        + " %d hub%s%n", text(f.total()), text(f.registered()), f.practices(), text(f.unregistered()), hubCount,
        hubCount == 1 ? "" : "s"));
    sb.append(String.format(Locale.ROOT, "  %-25s %10s %7s  %s%n", "level", "people", "share",
        "most common deciding rules"));
    for (int lv = 1; lv <= Rollup.LEVELS; lv++) {
      StringBuilder why = new StringBuilder();
      for (Reason r : f.topReasons().get(lv - 1)) {
        why.append(why.length() == 0 ? "" : "; ").append(r.rule()).append(' ').append(text(r.count()));
      }
      sb.append(String.format(Locale.ROOT, "  %-25s %10s %7s  %s%n", lv + " " + levelNames.get(lv),
          text(f.level(lv)), pct(share(f.level(lv), f.total(), 1)), why));
    }
    sb.append(String.format(Locale.ROOT, "  aged 65+ %s, moderate frailty %s, severe frailty %s, 2+ LTCs %s%n",
        text(f.aged65Plus()), text(f.frailtyModerate()), text(f.frailtySevere()), text(f.ltc2Plus())));
    sb.append(String.format(Locale.ROOT, "  emergency admissions: %s expected in the next 12 months (mean risk"
        + " %s), %s in the last 12 months%n", plain(metric(f, "expected_emergency_admissions_12m")),
        plain(metric(f, "mean_admission_risk")), text(f.emergencyAdmissions())));
    if (hasCost) {
      Object cost = metric(f, "cost_gbp");
      sb.append(String.format(Locale.ROOT, "  cost, last 12 months: GBP %s over %s people with a recorded"
          + " cost%n", cost == null ? "-" : String.format(Locale.ROOT, "%,.2f", (BigDecimal) cost),
          text(f.costRecorded())));
    }
    if (ingest != null) {
      sb.append(String.format(Locale.ROOT, "  ingest: %s rows read, %s stored, %s quarantined%n",
          text(ingest.rowsRead()), text(ingest.rowsStored()), text(ingest.rowsRejected())));
    }
    for (String w : warnings) {
      sb.append("  warning: ").append(w).append('\n');
    }
    sb.append('\n');
    int nameWidth = "unassigned".length();
    for (Row h : hubs) {
      nameWidth = Math.max(nameWidth, h.name().length());
    }
    String fmt = "  %-" + nameWidth + "s %9s %10s %12s %10s %7s %7s %7s %7s %9s %9s  %s%n";
    sb.append(String.format(Locale.ROOT, fmt, "hub", "practices", "registered", "unregistered", "total",
        "L1 %", "L2 %", "L3 %", "L4 %", "exp. adm", "adm 12m", "flag"));
    for (Row h : hubRowsWithUnassigned()) {
      sb.append(String.format(Locale.ROOT, fmt, h.name(), h.kind() == Kind.HUB ? Integer.toString(h.practices())
          : "", text(h.registered()), text(h.unregistered()), text(h.total()),
          pct(share(h.level1(), h.total(), 1)), pct(share(h.level2(), h.total(), 1)),
          pct(share(h.level3(), h.total(), 1)), pct(share(h.level4(), h.total(), 1)),
          plain(metric(h, "expected_emergency_admissions_12m")), text(h.emergencyAdmissions()),
          h.flag() == null ? "" : h.flag()));
    }
    return sb.toString();
  }

  private Object metric(Row r, String column) {
    for (Column c : metricColumns()) {
      if (c.name().equals(column)) {
        return c.value().apply(r);
      }
    }
    throw new IllegalArgumentException(column);
  }

  /** A count with thousands separators, or "*". */
  private String text(long c) {
    Object v = count(c);
    return v instanceof Long n ? String.format(Locale.ROOT, "%,d", n) : v.toString();
  }

  private static String pct(Object share) {
    return share == null ? "-" : ((BigDecimal) share).toPlainString() + "%";
  }

  /** A decimal with thousands separators and its own scale, "-" when blank. */
  private static String plain(Object v) {
    return v == null ? "-" : v instanceof BigDecimal d
        ? String.format(Locale.ROOT, "%,." + Math.max(0, d.scale()) + "f", d) : v.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RollupTables t && practices.equals(t.practices) && hubs.equals(t.hubs)
        && Objects.equals(unassigned, t.unassigned) && footprint.equals(t.footprint)
        && hubCount == t.hubCount && hasCost == t.hasCost && warnings.equals(t.warnings)
        && threshold == t.threshold && Objects.equals(ingest, t.ingest);
  }

  @Override
  public int hashCode() {
    return footprint.hashCode();
  }
}
