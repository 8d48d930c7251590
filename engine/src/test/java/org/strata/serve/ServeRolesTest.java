package org.strata.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each role against each endpoint of a real server, the answers held to the run's own files: admin sees
 * {@code rollup.json}, every other token {@code shared/rollup.json}; identifiable answers only for the token's
 * own patients, each written to the audit trail as a keyed hash. Malformed requests get 400, 404, 405, 413
 * or 431 as JSON, never a stack trace.
 */
class ServeRolesTest {
  @TempDir static Path tmp;
  static ServeFixture f;
  static Path run;
  static List<String[]> patients;
  static Map<String, String> hubOfPractice = new java.util.HashMap<>();

  @BeforeAll
  static void serve() throws Exception {
    f = new ServeFixture(tmp, 6000);
    run = ServeFixture.ResultsFiles.current(f.results);
    patients = f.patients();
    for (JsonNode p : ServeFixture.JSON.readTree(run.resolve("rollup.json").toFile()).get("practices")) {
      hubOfPractice.put(p.get("practice_code").asText(), p.get("hub").asText());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  private static JsonNode file(String name) throws Exception {
    return ServeFixture.JSON.readTree(run.resolve(name).toFile());
  }

  private static String[] patientOf(java.util.function.Predicate<String[]> p) {
    return patients.stream().filter(p).findFirst().orElseThrow();
  }

  @Test
  void withoutAValidTokenEveryEndpointIs401() throws Exception {
    for (String path : List.of("/api/v1/footprint", "/api/v1/hubs", "/api/v1/practices", "/api/v1/capacity",
        "/api/v1/practices/" + f.practice + "/patients", "/api/v1/patients/" + patients.get(0)[0])) {
      for (String token : new String[] {null, "not-a-token"}) {
        HttpResponse<String> r = f.get(path, token);
        assertEquals(401, r.statusCode(), path);
        assertTrue(f.json(r).get("error").asText().length() > 0, r.body());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
      }
    }
  }

  @Test
  void aggregatesAreTheRunsFilesUnsuppressedOnlyForAdmin() throws Exception {
    JsonNode full = file("rollup.json");
    JsonNode shared = file("shared/rollup.json");
    for (String token : List.of(ServeFixture.ADMIN, ServeFixture.FOOTPRINT, ServeFixture.PRACTICE, ServeFixture.HUB)) {
      JsonNode expected = token.equals(ServeFixture.ADMIN) ? full : shared;
      JsonNode fp = f.json(f.get("/api/v1/footprint", token));
      assertEquals(run.getFileName().toString(), fp.get("run").asText());
      JsonNode data = ((com.fasterxml.jackson.databind.node.ObjectNode) fp.get("data").deepCopy()).without("movement");
      assertEquals(expected.get("footprint"), data, token);
      JsonNode hubs = f.json(f.get("/api/v1/hubs", token)).get("data");
      assertEquals(expected.get("hubs").size(), hubs.size());
      for (int i = 0; i < hubs.size(); i++) {
        assertEquals(expected.get("hubs").get(i), ((com.fasterxml.jackson.databind.node.ObjectNode) hubs.get(i))
            .deepCopy().without("movement"));
      }
      JsonNode practices = f.json(f.get("/api/v1/practices", token)).get("data");
      assertEquals(expected.get("practices").size(), practices.size());
    }
    assertFalse(full.equals(shared), "the fixture should have something to suppress");
  }

  @Test
  void movementIsTheRunsTransitions() throws Exception {
    List<String> lines = Files.readAllLines(run.resolve("transitions.csv"));
    long footprintRows = lines.stream().filter(l -> l.startsWith("footprint,footprint,")).count();
    JsonNode moves = f.json(f.get("/api/v1/footprint", ServeFixture.ADMIN)).get("data").get("movement");
    assertEquals(footprintRows, moves.size());
    for (JsonNode m : moves) {
      String line = "footprint,footprint," + m.get("from_level").asText() + "," + m.get("to_level").asText() + ","
          + m.get("patients").asText();
      assertTrue(lines.contains(line), line);
    }
  }

  @Test
  void aPatientIsSeenByAdminTheirPracticeAndTheirHubOnly() throws Exception {
    String[] own = patientOf(p -> p[1].equals(f.practice));
    String[] inHub = patientOf(p -> !p[1].isEmpty() && f.hub.equals(hubOfPractice.get(p[1])));
    String[] elsewhere = patientOf(p -> !p[1].isEmpty() && !p[1].equals(f.practice)
        && !f.hub.equals(hubOfPractice.get(p[1])));
    check(ServeFixture.ADMIN, own, 200);
    check(ServeFixture.ADMIN, elsewhere, 200);
    check(ServeFixture.PRACTICE, own, 200);
    check(ServeFixture.PRACTICE, elsewhere, 403);
    check(ServeFixture.PRACTICE, inHub, 403);
    check(ServeFixture.HUB, inHub, 200);
    check(ServeFixture.HUB, own, 403);
    check(ServeFixture.FOOTPRINT, own, 403);
  }

  private static void check(String token, String[] patient, int status) throws Exception {
    long before = Files.exists(f.audit) ? Files.readAllLines(f.audit).size() : 0;
    HttpResponse<String> r = f.get("/api/v1/patients/" + patient[0], token);
    assertEquals(status, r.statusCode(), r.body());
    List<String> audit = Files.exists(f.audit) ? Files.readAllLines(f.audit) : List.of();
    if (status != 200) {
      assertEquals(before, audit.size(), "nothing identifiable was served, nothing audited");
      return;
    }
    JsonNode p = f.json(r).get("data");
    assertEquals(patient[0], p.get("nhs_number").asText());
    assertEquals(patient[1], p.get("practice").asText());
    assertEquals(Integer.parseInt(patient[2]), p.get("level").asInt());
    assertEquals(patient[3], p.get("deciding_rule").isNull() ? "" : p.get("deciding_rule").asText());
    List<String> reasons = new ArrayList<>();
    p.get("reasons").forEach(x -> reasons.add(x.asText()));
    assertEquals(patient[4], String.join(";", reasons));
    assertEquals(Double.parseDouble(patient[8]), p.get("scores").get("admission_risk").asDouble(), 5e-7);
    JsonNode history = p.get("history");
    assertEquals(2, history.size(), "both months' runs: " + history);
    assertEquals(Integer.parseInt(patient[2]), history.get(1).get("level").asInt());
    assertEquals(before + 1, audit.size());
    JsonNode line = ServeFixture.JSON.readTree(audit.get(audit.size() - 1));
    assertEquals(patient[1], line.get("practice").asText());
    assertEquals("/api/v1/patients/{nhs_number}", line.get("endpoint").asText());
    assertEquals(hmac(Long.toString(Long.parseLong(patient[0]))), line.get("patient").asText());
    assertNotNull(line.get("token").asText());
  }

  private static String hmac(String key) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(ServeFixture.AUDIT_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)), 0, 16);
  }

  @Test
  void aWorklistIsThePracticesPatientsHighestRiskFirstPageByPage() throws Exception {
    List<String[]> mine = patients.stream().filter(p -> p[1].equals(f.practice) && p[2].equals("2")).toList();
    List<String> seen = new ArrayList<>();
    double last = Double.MAX_VALUE;
    for (int page = 0; ; page++) {
      HttpResponse<String> r = f.get("/api/v1/practices/" + f.practice + "/patients?level=2&page_size=7&page=" + page,
          ServeFixture.PRACTICE);
      assertEquals(200, r.statusCode(), r.body());
      JsonNode d = f.json(r).get("data");
      assertEquals(mine.size(), d.get("patients_total").asInt());
      if (d.get("patients").isEmpty()) {
        break;
      }
      for (JsonNode p : d.get("patients")) {
        assertEquals(2, p.get("level").asInt());
        double risk = p.get("scores").get("admission_risk").asDouble();
        assertTrue(risk <= last, "highest risk first");
        last = risk;
        seen.add(p.get("nhs_number").asText());
      }
    }
    assertEquals(mine.stream().map(p -> p[0]).sorted().toList(), seen.stream().sorted().toList());
    assertEquals(seen.size(), new java.util.HashSet<>(seen).size(), "no patient on two pages");
    String otherPractice = patientOf(p -> !p[1].isEmpty() && !p[1].equals(f.practice))[1];
    assertEquals(403, f.get("/api/v1/practices/" + otherPractice + "/patients", ServeFixture.PRACTICE).statusCode());
    assertEquals(403, f.get("/api/v1/practices/" + f.practice + "/patients", ServeFixture.FOOTPRINT).statusCode());
    assertEquals(200, f.get("/api/v1/practices/" + f.practice + "/patients", ServeFixture.ADMIN).statusCode());
    String hubPractice = patientOf(p -> !p[1].isEmpty() && f.hub.equals(hubOfPractice.get(p[1])))[1];
    assertEquals(200, f.get("/api/v1/practices/" + hubPractice + "/patients", ServeFixture.HUB).statusCode());
  }

  @Test
  void theAuditTrailNeverHoldsAnNhsNumber() throws Exception {
    f.get("/api/v1/practices/" + f.practice + "/patients?page_size=500", ServeFixture.ADMIN);
    String trail = Files.readString(f.audit);
    assertTrue(trail.contains("\"token\":\"centre\""), trail);
    for (String[] p : patients) {
      assertFalse(trail.contains(p[0]), "an NHS number in the audit trail");
    }
  }

  @Test
  void malformedRequestsAreAnsweredAsJsonWithAReason() throws Exception {
    String valid = patients.get(0)[0];
    String badCheck = valid.substring(0, 9) + ((valid.charAt(9) - '0' + 1) % 10);
    for (String[] c : new String[][] {
        {"/api/v1/patients/" + badCheck, "400"}, {"/api/v1/patients/12345", "400"},
        {"/api/v1/patients/abcdefghij", "400"},
        {"/api/v1/practices/" + f.practice + "/patients?page=-1", "400"},
        {"/api/v1/practices/" + f.practice + "/patients?level=9", "400"},
        {"/api/v1/practices/" + f.practice + "/patients?sort=x", "400"},
        {"/api/v1/practices/" + f.practice + "/patients?page=1&page=2", "400"},
        {"/api/v1/practices/NOPE/patients", "404"}, {"/api/v1/nothing", "404"}, {"/nothing", "404"},
        {"/api/v1/patients/9434765919", "404"}}) {
      HttpResponse<String> r = f.get(c[0], ServeFixture.ADMIN);
      assertEquals(Integer.parseInt(c[1]), r.statusCode(), c[0] + ": " + r.body());
      assertTrue(f.json(r).get("error").asText().length() > 3, r.body());
      assertFalse(r.body().contains("Exception") || r.body().contains("at org."), r.body());
    }
    assertTrue(f.json(f.get("/api/v1/patients/" + badCheck, ServeFixture.ADMIN)).get("error").asText()
        .contains("Modulus 11"));
    String post = raw("POST /api/v1/footprint HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    assertTrue(post.startsWith("HTTP/1.1 405"), post);
    String big = raw("GET /api/v1/footprint HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
        + "\r\nConnection: close\r\n\r\n");
    assertTrue(big.startsWith("HTTP/1.1 431"), big);
    assertFalse(big.contains("Exception"), big);
    String body = raw("GET /api/v1/footprint HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\nConnection: close\r\n\r\n"
        + "x".repeat(10_000));
    assertTrue(body.startsWith("HTTP/1.1 413"), body);
  }

  private static String raw(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", f.server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void healthReadinessAndTheOpenApiDocumentNeedNoToken() throws Exception {
    assertEquals(200, f.get("/health", null).statusCode());
    JsonNode ready = f.json(f.get("/ready", null));
    assertEquals(run.getFileName().toString(), ready.get("run").asText());
    JsonNode api = f.json(f.get("/api/v1/openapi.json", null));
    assertEquals("3.1.0", api.get("openapi").asText());
    for (String p : Api.endpoints()) {
      assertTrue(api.get("paths").has(p), p);
    }
  }
}
