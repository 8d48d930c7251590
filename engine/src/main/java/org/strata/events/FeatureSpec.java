package org.strata.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strata.format.Conditions;
import org.strata.format.Flags;
import org.strata.format.InvalidInputException;
import org.strata.store.Checksums;

/**
 * A features file (YAML): for each per-patient column of the input contract it derives, the term or terms that
 * decide it — source, code list, window and measure. The shipped file ({@code features.yaml} beside this class)
 * derives every column the shipped code lists can; docs/INPUT.md describes the grammar.
 *
 * @param file the file's name, for messages and the manifest
 * @param sizeBytes its size
 * @param sha256 of its bytes
 */
public record FeatureSpec(String file, long sizeBytes, String sha256, List<Feature> features) {

  /** How the matching events of a term become a value. */
  enum Measure { ANY, ROWS, DAYS, DISTINCT_CODES, DISTINCT_GROUPS, BED_DAYS }

  /** One way a column is decided. */
  record Term(EventSource source, String codelist, String admissionMethod, Window window, Measure measure,
      Long valueBelowHundredths, String unlessLater) {}

  /** A derived column: 0/1 for a flag column (any term holds), else the one term's count. */
  record Feature(String column, boolean flag, List<Term> terms) {}

  /** The activity and frailty columns, derived as counts. */
  static final List<String> COUNT_COLUMNS = List.of("efi_deficits", "emergency_admissions", "ae_attendances",
      "elective_admissions", "outpatient_attendances", "gp_contacts", "bed_days", "medicines");

  private static final Set<String> TERM_KEYS =
      Set.of("source", "codelist", "admission_method", "window", "count", "latest_value_below", "unless_later");

  /** The shipped features file. */
  public static FeatureSpec shipped() throws IOException {
    try (java.io.InputStream in = FeatureSpec.class.getResourceAsStream("features.yaml")) {
      if (in == null) {
        throw new IllegalStateException("the shipped features.yaml is missing from the jar");
      }
      return parse("features.yaml (shipped)", in.readAllBytes());
    }
  }

  public static FeatureSpec read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(file + ": no such features file");
    }
    return parse(file.toString(), Files.readAllBytes(file));
  }

  static FeatureSpec parse(String file, byte[] yaml) throws InvalidInputException {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)).readTree(yaml);
    } catch (IOException e) {
      String m = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("unreadable");
      throw new InvalidInputException(file + ": not a features file (" + m + ")");
    }
    if (root == null || !root.path("features").isObject() || root.path("features").isEmpty()) {
      throw new InvalidInputException(file + ": expected a 'features:' mapping of column names to terms");
    }
    List<Feature> features = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : root.path("features").properties()) {
      features.add(feature(file, e.getKey(), e.getValue()));
    }
    java.security.MessageDigest sha = Checksums.sha256();
    sha.update(yaml);
    return new FeatureSpec(file, yaml.length, Checksums.hex(sha), List.copyOf(features));
  }

  private static Feature feature(String file, String column, JsonNode node) throws InvalidInputException {
    String where = file + ": feature '" + column + "'";
    boolean flag = Conditions.NAMES.contains(column) || Flags.NAMES.contains(column);
    if (!flag && !COUNT_COLUMNS.contains(column)) {
      throw new InvalidInputException(where + ": not a column of the input contract that events can give (the"
          + " conditions, the register flags, efi_deficits and the activity counts; docs/INPUT.md)");
    }
    List<Term> terms = new ArrayList<>();
    if (node.isObject() && node.has("any")) {
      if (node.size() != 1 || !node.get("any").isArray() || node.get("any").isEmpty()) {
        throw new InvalidInputException(where + ": 'any:' takes a list of terms and nothing beside it");
      }
      for (JsonNode t : node.get("any")) {
        terms.add(term(where, t));
      }
    } else {
      terms.add(term(where, node));
    }
    for (Term t : terms) {
      if (flag != (t.measure() == Measure.ANY)) {
        throw new InvalidInputException(where + (flag ? ": a 0/1 column takes no 'count:'"
            : ": a count column needs 'count:' (rows, days, distinct_codes, distinct_groups or bed_days)"));
      }
    }
    if (!flag && terms.size() > 1) {
      throw new InvalidInputException(where + ": a count column has one term ('any:' is for 0/1 columns)");
    }
    return new Feature(column, flag, List.copyOf(terms));
  }

  private static Term term(String where, JsonNode t) throws InvalidInputException {
    if (!t.isObject()) {
      throw new InvalidInputException(where + ": expected a term such as {source: gp_events, codelist: NAME}");
    }
    Iterator<String> keys = t.fieldNames();
    while (keys.hasNext()) {
      String k = keys.next();
      if (!TERM_KEYS.contains(k)) {
        throw new InvalidInputException(where + ": unknown key '" + k + "' (a term has " + String.join(", ",
            TERM_KEYS.stream().sorted().toList()) + ")");
      }
    }
    EventSource source = EventSource.ofStem(text(t, "source", where));
    if (source == null) {
      throw new InvalidInputException(where + ": source '" + t.path("source").asText()
          + "' is not gp_events, apc_spells, ae_attendances, op_attendances or medications");
    }
    String codelist = t.has("codelist") ? text(t, "codelist", where) : null;
    String method = t.has("admission_method") ? text(t, "admission_method", where) : null;
    Window window = Window.EVER;
    if (t.has("window")) {
      window = Window.parse(text(t, "window", where));
      if (window == null) {
        throw new InvalidInputException(where + ": window '" + t.get("window").asText()
            + "' is not ever or N days/months/years such as 30d, 12m, 5y");
      }
    }
    Measure measure = Measure.ANY;
    if (t.has("count")) {
      String c = text(t, "count", where);
      measure = switch (c) {
        case "rows" -> Measure.ROWS;
        case "days" -> Measure.DAYS;
        case "distinct_codes" -> Measure.DISTINCT_CODES;
        case "distinct_groups" -> Measure.DISTINCT_GROUPS;
        case "bed_days" -> Measure.BED_DAYS;
        default -> throw new InvalidInputException(where + ": count '" + c
            + "' is not rows, days, distinct_codes, distinct_groups or bed_days");
      };
    }
    Long below = null;
    if (t.has("latest_value_below")) {
      if (!t.get("latest_value_below").isNumber()) {
        throw new InvalidInputException(where + ": latest_value_below takes a number");
      }
      below = Math.round(t.get("latest_value_below").asDouble() * 100);
    }
    String unlessLater = t.has("unless_later") ? text(t, "unless_later", where) : null;
    check(where, source, codelist, method, window, measure, below, unlessLater);
    return new Term(source, codelist, method, window, measure, below, unlessLater);
  }

  private static void check(String where, EventSource source, String codelist, String method, Window window,
      Measure measure, Long below, String unlessLater) throws InvalidInputException {
    if (codelist != null && !(source.hasCode() || source == EventSource.APC_SPELLS)) {
      throw new InvalidInputException(where + ": " + source.stem() + " rows have no code to match a codelist");
    }
    if (method != null && source != EventSource.APC_SPELLS) {
      throw new InvalidInputException(where + ": admission_method is for apc_spells");
    }
    if ((below != null || unlessLater != null) && (source != EventSource.GP_EVENTS || codelist == null)) {
      throw new InvalidInputException(where + ": latest_value_below and unless_later are for gp_events with a codelist");
    }
    if (below != null && unlessLater != null) {
      throw new InvalidInputException(where + ": a term takes latest_value_below or unless_later, not both");
    }
    if (measure == Measure.BED_DAYS && source != EventSource.APC_SPELLS) {
      throw new InvalidInputException(where + ": count bed_days is for apc_spells");
    }
    if (measure == Measure.DISTINCT_CODES && !source.hasCode()) {
      throw new InvalidInputException(where + ": count distinct_codes is for gp_events or medications");
    }
    if (measure == Measure.DISTINCT_GROUPS && codelist == null) {
      throw new InvalidInputException(where + ": count distinct_groups needs a grouped codelist (deficit,code,term)");
    }
    if (measure == Measure.DAYS && (window.unit() == 'e' || window.startExclusive(java.time.LocalDate.of(2000, 3, 1))
        < java.time.LocalDate.of(2000, 3, 1).toEpochDay() - FeatureState.MAX_DAYS_WINDOW)) {
      throw new InvalidInputException(where + ": count days needs a window of at most "
          + FeatureState.MAX_DAYS_WINDOW + " days (such as 12m)");
    }
  }

  private static String text(JsonNode t, String key, String where) throws InvalidInputException {
    JsonNode v = t.get(key);
    if (v == null || !v.isTextual() && !v.isNumber() || v.asText().isBlank()) {
      throw new InvalidInputException(where + ": '" + key + "' needs a value");
    }
    return v.asText().strip();
  }

  /** The derived column names, in file order. */
  public List<String> columns() {
    return features.stream().map(Feature::column).toList();
  }
}
