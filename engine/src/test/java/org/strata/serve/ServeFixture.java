package org.strata.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.strata.cli.StrataCommandTest;

/**
 * Two months of a generated footprint, each run from the command line into one results directory, an access
 * file with a token of every role, and a real server on a free loopback port.
 */
final class ServeFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String AUDIT_KEY = "fixture-audit-key-0123456789";
  static final String ADMIN = "admin-token-aaaaaaaaaaaa";
  static final String FOOTPRINT = "footprint-token-bbbbbbbbbbbb";
  static final String PRACTICE = "practice-token-cccccccccccc";
  static final String HUB = "hub-token-dddddddddddd";

  final Path dir;
  final Path store;
  final Path results;
  final Path access;
  final Path audit;
  final String practice; // the practice token's practice
  final String hub; // the hub token's hub, which does not hold that practice
  final StrataServer server;
  final HttpClient http = HttpClient.newHttpClient();

  ServeFixture(Path dir, int patients) throws Exception {
    this.dir = dir;
    store = dir.resolve("store");
    results = dir.resolve("results");
    audit = dir.resolve("audit.log");
    assertEquals(0, StrataCommandTest.run("generate", "--patients", Integer.toString(patients), "--months", "2",
        "--seed", "8", "--out", dir.resolve("m").toString(), "--quiet").exit());
    for (int m = 1; m <= 2; m++) {
      withHubs(dir.resolve("m/month-0" + m).resolve("practices.csv"));
      runMonth(m);
    }
    JsonNode rollup = JSON.readTree(ResultsFiles.current(results).resolve("rollup.json").toFile());
    practice = rollup.get("practices").get(0).get("practice_code").asText();
    String practiceHub = rollup.get("practices").get(0).get("hub").asText();
    String other = null;
    for (JsonNode h : rollup.get("hubs")) {
      if (!h.get("hub").asText().equals(practiceHub)) {
        other = h.get("hub").asText();
        break;
      }
    }
    hub = other;
    access = dir.resolve("access.yaml");
    Files.writeString(access, "audit_key: \"" + AUDIT_KEY + "\"\ntokens:\n"
        + token("centre", ADMIN, "admin") + token("board", FOOTPRINT, "footprint")
        + token("surgery", PRACTICE, "practice:" + practice) + token("neighbourhood", HUB, "\"hub:" + hub + "\""));
    server = StrataServer.start(new StrataServer.Config(results, store, access, audit, null, "127.0.0.1", 0, null,
        null));
  }

  /** Gives the practices file a hub column: North and South by turns, so a small footprint has two hubs. */
  private static void withHubs(Path practices) throws IOException {
    List<String> lines = Files.readAllLines(practices);
    List<String> out = new ArrayList<>();
    out.add(lines.get(0) + ",hub");
    for (int i = 1; i < lines.size(); i++) {
      out.add(lines.get(i) + (i % 2 == 0 ? ",North" : ",South"));
    }
    Files.write(practices, out);
  }

  /** Ingests and runs month {@code m} (1 or 2) into the results. */
  void runMonth(int m) {
    Path month = dir.resolve("m/month-0" + m);
    StrataCommandTest.Run r = StrataCommandTest.run("run", "--patients", month.resolve("patients.csv").toString(),
        "--practices", month.resolve("practices.csv").toString(), "--store", store.toString(), "--out",
        results.toString(), "--keep-runs", "30", "--quiet");
    assertEquals(0, r.exit(), r.err());
  }

  private static String token(String name, String token, String role) {
    return "  - name: " + name + "\n    sha256: " + Access.sha256Hex(token) + "\n    role: " + role + "\n";
  }

  /** A GET of {@code path} with a bearer token (null for none). */
  HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  /** The current run's patients.csv: id, practice_code, level, deciding_rule, reasons, …, admission_risk. */
  List<String[]> patients() throws IOException {
    List<String> lines = Files.readAllLines(ResultsFiles.current(results).resolve("patients.csv"));
    List<String[]> out = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      out.add(l.split(",", -1));
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    server.close();
  }

  /** Where the results' pointer leads, read as a user would: the CURRENT file names the run. */
  static final class ResultsFiles {
    static Path current(Path results) throws IOException {
      return results.resolve("runs").resolve(Files.readString(results.resolve("CURRENT")).strip());
    }
  }
}
