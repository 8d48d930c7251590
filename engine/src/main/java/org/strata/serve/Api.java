package org.strata.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.strata.format.NhsNumber;
import org.strata.history.PatientRun;
import org.strata.score.FrailtyKernel;

/**
 * The JSON API under {@code /api/v1}, independent of the HTTP server: a request (method, path, query, bearer
 * token) in, a status and a body out. Every answer comes from one {@link ServedRun}, named in the body's
 * {@code run} and {@code store_generation}; identifiable answers are granted by role and written to the audit
 * trail before they are returned. See docs/API.md.
 */
final class Api {
  static final String PREFIX = "/api/v1";
  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 500;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A response: status and JSON body. */
  record Reply(int status, byte[] body) {}

  private final Access access;
  private final AuditLog audit;
  private final Capacity capacity; // null: no capacity file

  Api(Access access, AuditLog audit, Capacity capacity) {
    this.access = access;
    this.audit = audit;
    this.capacity = capacity;
  }

  /** Answers a GET of {@code path} (under {@link #PREFIX}) from {@code run}. */
  Reply get(ServedRun run, String path, Map<String, String> query, String authorization) throws IOException {
    Access.Grant grant = access.grantOf(bearer(authorization));
    if (grant == null) {
      return error(401, authorization == null ? "no token: send Authorization: Bearer TOKEN"
          : "the token is not valid");
    }
    String[] parts = path.substring(PREFIX.length()).split("/", -1);
    // parts[0] is "" (the path begins with a slash)
    try {
      if (parts.length == 2) {
        switch (parts[1]) {
          case "footprint":
          case "hubs":
          case "practices":
          case "capacity":
            return aggregate(run, grant, parts[1]);
          default:
            break;
        }
      }
      if (parts.length == 4 && parts[1].equals("practices") && parts[3].equals("patients")) {
        return worklist(run, grant, decode(parts[2]), query);
      }
      if (parts.length == 3 && parts[1].equals("patients")) {
        return patient(run, grant, decode(parts[2]));
      }
    } catch (BadRequest e) {
      return error(400, e.getMessage());
    }
    return error(404, "no such endpoint: " + path + " (see " + PREFIX + "/openapi.json)");
  }

  /** Builds every aggregate answer of a run before it is served, so no request waits for one to be made. */
  void prepare(ServedRun run) throws IOException {
    for (Access.Kind view : List.of(Access.Kind.ADMIN, Access.Kind.FOOTPRINT)) {
      Access.Grant g = new Access.Grant("", view, null);
      for (String what : List.of("footprint", "hubs", "practices", "capacity")) {
        aggregate(run, g, what);
      }
    }
  }

  /**
   * An aggregate answer: built once per run and view (full for admin, suppressed for the others), then served
   * from memory — the rollups of a run never change.
   */
  private Reply aggregate(ServedRun run, Access.Grant grant, String what) throws IOException {
    String key = what + (full(grant) ? "/full" : "/shared");
    byte[] body = run.answers.get(key);
    if (body == null) {
      JsonNode data = switch (what) {
        case "footprint" -> footprint(run, grant);
        case "hubs" -> hubs(run, grant);
        case "practices" -> practices(run, grant);
        default -> capacity(run, grant);
      };
      body = ok(run, data).body();
      run.answers.putIfAbsent(key, body);
    }
    return new Reply(200, body);
  }

  private static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String a = authorization.strip();
    return a.regionMatches(true, 0, "Bearer ", 0, 7) ? a.substring(7).strip() : null;
  }

  private static String decode(String segment) throws BadRequest {
    try {
      return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("malformed path segment");
    }
  }

  // ---------------------------------------------------------------- aggregates

  private static boolean full(Access.Grant g) {
    return g.kind() == Access.Kind.ADMIN;
  }

  private ObjectNode footprint(ServedRun run, Access.Grant g) {
    ObjectNode f = ((ObjectNode) (full(g) ? run.footprint : run.sharedFootprint)).deepCopy();
    f.set("movement", movement(run, g, "footprint/footprint"));
    return f;
  }

  private ArrayNode hubs(ServedRun run, Access.Grant g) {
    ArrayNode out = NODES.arrayNode();
    for (Map.Entry<String, ObjectNode> e : (full(g) ? run.hubs : run.sharedHubs).entrySet()) {
      ObjectNode h = e.getValue().deepCopy();
      h.set("movement", movement(run, g, "hub/" + e.getKey()));
      out.add(h);
    }
    return out;
  }

  private ArrayNode practices(ServedRun run, Access.Grant g) {
    ArrayNode out = NODES.arrayNode();
    for (JsonNode p : full(g) ? run.practices : run.sharedPractices) {
      ObjectNode o = ((ObjectNode) p).deepCopy();
      o.set("movement", movement(run, g, "practice/" + p.get("practice_code").asText()));
      out.add(o);
    }
    return out;
  }

  private static ArrayNode movement(ServedRun run, Access.Grant g, String unit) {
    ArrayNode m = (full(g) ? run.movement : run.sharedMovement).get(unit);
    return m == null ? NODES.arrayNode() : m;
  }

  private ObjectNode capacity(ServedRun run, Access.Grant g) {
    ObjectNode out = NODES.objectNode();
    ArrayNode hubs = out.putArray("hubs");
    ArrayNode unknown = out.putArray("unknown_hubs");
    ArrayNode over = out.putArray("over_capacity");
    if (capacity == null) {
      out.put("note", "no capacity file: start the service with --capacity capacity.csv");
      return out;
    }
    Map<String, ObjectNode> rows = full(g) ? run.hubs : run.sharedHubs;
    for (Map.Entry<String, long[]> e : capacity.byHub.entrySet()) {
      ObjectNode h = rows.get(e.getKey());
      if (h == null) {
        unknown.add(e.getKey());
        continue;
      }
      ObjectNode o = hubs.addObject();
      o.put("hub", e.getKey());
      ArrayNode levels = o.putArray("levels");
      boolean isOver = false;
      for (int l = 1; l <= 4; l++) {
        long cap = e.getValue()[l];
        if (cap < 0) {
          continue;
        }
        JsonNode caseload = h.get("level" + l);
        ObjectNode lv = levels.addObject();
        lv.put("level", l);
        lv.put("capacity", cap);
        lv.set("caseload", caseload);
        if (caseload != null && caseload.isNumber()) {
          double ratio = cap == 0 ? Double.POSITIVE_INFINITY : caseload.asDouble() / cap;
          if (Double.isInfinite(ratio)) {
            lv.putNull("ratio");
          } else {
            lv.put("ratio", Math.round(ratio * 1000) / 1000.0);
          }
          boolean o2 = caseload.asLong() > cap;
          lv.put("over_capacity", o2);
          isOver |= o2;
        } else {
          lv.putNull("ratio");
          lv.putNull("over_capacity");
        }
      }
      o.put("over_capacity", isOver);
      if (isOver) {
        over.add(e.getKey());
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- identifiable

  /** Whether the grant may see the patients of a practice (by code; null is unregistered). */
  private static boolean mayIdentify(ServedRun run, Access.Grant g, String practice) {
    switch (g.kind()) {
      case ADMIN:
        return true;
      case PRACTICE:
        return practice != null && practice.equals(g.unit());
      case HUB:
        return practice != null && g.unit().equals(run.hubOfPractice.get(practice));
      default:
        return false;
    }
  }

  private Reply worklist(ServedRun run, Access.Grant g, String code, Map<String, String> query)
      throws IOException, BadRequest {
    if (g.kind() == Access.Kind.FOOTPRINT) {
      return error(403, "token '" + g.name() + "' sees aggregates only");
    }
    Integer ordinal = run.practiceOrdinal.get(code);
    if (!mayIdentify(run, g, code)) {
      return error(403, "token '" + g.name() + "' may not see the patients of practice " + code);
    }
    if (ordinal == null) {
      return error(404, "no practice " + code + " in run " + run.run);
    }
    int level = intParam(query, "level", 0, 1, 4);
    int page = intParam(query, "page", 0, 0, Integer.MAX_VALUE);
    int size = intParam(query, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    for (String k : query.keySet()) {
      if (!k.equals("level") && !k.equals("page") && !k.equals("page_size")) {
        throw new BadRequest("unknown parameter '" + k + "' (allowed: level, page, page_size)");
      }
    }
    PatientTable t = run.patients;
    int[] ranked = t.ranked(ordinal, level);
    ObjectNode out = NODES.objectNode();
    out.put("practice", code);
    if (level > 0) {
      out.put("level", level);
    }
    out.put("page", page);
    out.put("page_size", size);
    ArrayNode list = NODES.arrayNode();
    long from = Math.min((long) page * size, ranked.length);
    int shown = (int) Math.min(size, ranked.length - from);
    Object[] keys = new Object[shown];
    for (int i = 0; i < shown; i++) {
      int row = ranked[(int) from + i];
      list.add(patientSummary(t, row));
      keys[i] = t.keyOf(row);
    }
    long matched = ranked.length;
    out.put("patients_total", matched);
    out.set("patients", list);
    if (shown > 0) {
      audit.record(g.name(), PREFIX + "/practices/{code}/patients", code, keys);
    }
    return ok(run, out);
  }

  private Reply patient(ServedRun run, Access.Grant g, String id) throws IOException, BadRequest {
    if (g.kind() == Access.Kind.FOOTPRINT) {
      return error(403, "token '" + g.name() + "' sees aggregates only");
    }
    PatientTable t = run.patients;
    int row;
    if (t.nhs != null) {
      String digits = id.replace(" ", "");
      long n = NhsNumber.parse(digits);
      if (n == NhsNumber.INVALID) {
        throw new BadRequest("not a valid NHS number (10 digits with a correct Modulus 11 check digit)");
      }
      row = t.rowOf(n);
    } else {
      if (id.isEmpty() || id.length() > 64) {
        throw new BadRequest("a pseudonym is 1 to 64 characters");
      }
      row = t.rowOf(id);
    }
    String practice = row < 0 ? null : practiceCode(run, t.practice[row]);
    if (row < 0 || !mayIdentify(run, g, practice)) {
      // the same answer whether absent or another practice's: a token learns nothing of others' lists
      return g.kind() == Access.Kind.ADMIN ? error(404, "no such patient in run " + run.run)
          : error(403, "not a patient that token '" + g.name() + "' may see");
    }
    ObjectNode p = patientSummary(t, row);
    p.put("practice", practice);
    p.put("hub", practice == null ? null : run.hubOfPractice.get(practice));
    ArrayNode history = p.putArray("history");
    for (PatientRun r : run.history(t.keyOf(row))) {
      ObjectNode h = history.addObject();
      h.put("run", r.run().run());
      h.put("reference_date", r.run().referenceDate());
      if (r.left()) {
        h.put("left", true);
        continue;
      }
      h.put("level", r.level());
      h.put("deciding_rule", r.decidingRule());
      if (Double.isNaN(r.riskPercentile())) {
        h.putNull("risk_percentile");
      } else {
        h.put("risk_percentile", r.riskPercentile());
      }
      h.put("practice", r.practice());
    }
    audit.record(g.name(), PREFIX + "/patients/{nhs_number}", practice, t.keyOf(row));
    return ok(run, p);
  }

  private static String practiceCode(ServedRun run, int ordinal) {
    return ordinal >= 0 && ordinal < run.practiceCodes.size() ? run.practiceCodes.get(ordinal) : null;
  }

  private static ObjectNode patientSummary(PatientTable t, int row) {
    ObjectNode p = NODES.objectNode();
    if (t.nhs != null) {
      p.put("nhs_number", org.strata.format.NhsNumber.tenDigits(t.nhs[row]));
    } else {
      p.put("pseudonym", t.pseudonym[row]);
    }
    p.put("level", t.level[row]);
    p.put("deciding_rule", t.decidingRuleOf(row));
    ArrayNode reasons = p.putArray("reasons");
    t.reasonsOf(row).forEach(reasons::add);
    ObjectNode s = p.putObject("scores");
    s.put("admission_risk", t.risk[row]);
    s.put("cms", t.cms[row]);
    s.put("ltc_count", t.ltc[row]);
    int e = t.efi[row];
    s.put("efi_category", e >= 0 && e < FrailtyKernel.CATEGORY_NAMES.size() ? FrailtyKernel.CATEGORY_NAMES.get(e) : null);
    for (Map.Entry<String, int[]> r : t.registered.entrySet()) {
      s.put(r.getKey(), r.getValue()[row]);
    }
    return p;
  }

  private static int intParam(Map<String, String> query, String name, int absent, int min, int max)
      throws BadRequest {
    String v = query.get(name);
    if (v == null) {
      return absent;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new BadRequest(name + " must be a whole number from " + min + " to " + max);
  }

  // ---------------------------------------------------------------- replies

  private static Reply ok(ServedRun run, JsonNode data) throws IOException {
    ObjectNode o = envelope(run);
    o.set("data", data);
    return new Reply(200, JSON.writeValueAsBytes(o));
  }

  static ObjectNode envelope(ServedRun run) {
    ObjectNode o = NODES.objectNode();
    o.put("run", run.run);
    o.put("store_generation", run.storeGeneration);
    o.put("reference_date", run.referenceDate);
    return o;
  }

  static Reply error(int status, String message) {
    ObjectNode o = NODES.objectNode();
    o.put("status", status);
    o.put("error", message);
    try {
      return new Reply(status, JSON.writeValueAsBytes(o));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A malformed request: answered 400 with the reason. */
  static final class BadRequest extends Exception {
    BadRequest(String message) {
      super(message, null, false, false);
    }
  }

  static List<String> endpoints() {
    return List.of("/footprint", "/hubs", "/practices", "/practices/{code}/patients", "/patients/{nhs_number}",
        "/capacity");
  }
}
