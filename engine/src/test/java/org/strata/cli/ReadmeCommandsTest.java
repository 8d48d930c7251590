package org.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's command lines that need nothing but what earlier lines make, run as written (in a temporary
 * directory): the synthetic-footprint examples and the months walk-through.
 */
class ReadmeCommandsTest {
  private static final Path README = Path.of("../README.md");

  /** The {@code ./strata} lines of the README's code blocks that contain {@code marker}, comments cut off. */
  private static List<String[]> commands(String marker) throws Exception {
    List<String[]> out = new ArrayList<>();
    boolean code = false;
    for (String line : Files.readAllLines(README)) {
      if (line.startsWith("```")) {
        code = !code;
      } else if (code && line.startsWith("./strata ")) {
        String cmd = line.contains(" #") ? line.substring(0, line.indexOf(" #")) : line;
        if (cmd.contains(marker)) {
          out.add(tokens(cmd.substring("./strata ".length()).strip()));
        }
      }
    }
    return out;
  }

  private static String[] tokens(String s) {
    List<String> t = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(s);
    while (m.find()) {
      t.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return t.toArray(new String[0]);
  }

  /** Paths of the README are relative to the checkout: run them relative to {@code dir}. */
  private static String[] in(Path dir, String[] args) {
    String[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i].contains("/") && !out[i].startsWith("-")) {
        out[i] = dir.resolve(out[i]).toString();
      }
    }
    return out;
  }

  @Test
  void theDirtyFootprintIsGeneratedAndIngestedAsWritten(@TempDir Path tmp) throws Exception {
    List<String[]> cmds = commands("dirty");
    assertEquals(2, cmds.size(), "generate --dirty and its ingest");
    for (String[] c : cmds) {
      StrataCommandTest.Run r = StrataCommandTest.run(in(tmp, c));
      assertEquals(0, r.exit(), String.join(" ", c) + ": " + r.err());
    }
    assertTrue(Files.exists(tmp.resolve("dirty-store/CURRENT")));
  }

  @Test
  void theBudgetAndExportExamplesRunAsWritten(@TempDir Path tmp) throws Exception {
    assertEquals(0, StrataCommandTest.run("generate", "--patients", "2000", "--seed", "5", "--out",
        tmp.resolve("extract").toString(), "--quiet").exit());
    Path csv = tmp.resolve("extract/patients.csv");
    try (java.io.OutputStream gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(
        tmp.resolve("extract/patients.csv.gz")))) {
      Files.copy(csv, gz); // the README ingests the extract as it arrives, gzipped
    }
    Files.createDirectories(tmp.resolve("docs"));
    Files.copy(Path.of("../docs/budget.yaml"), tmp.resolve("docs/budget.yaml"));
    for (String[] c : List.of(commands("ingest --patients extract/").get(0), commands("run --store store/ --out").get(0),
        commands("--budget").get(0), commands("--format parquet").get(0))) {
      StrataCommandTest.Run r = StrataCommandTest.run(in(tmp, c));
      assertEquals(0, r.exit(), String.join(" ", c) + ": " + r.err());
    }
    String keyLine = Files.readAllLines(README).stream().filter(l -> l.startsWith("head -c 32 /dev/urandom"))
        .findFirst().orElseThrow();
    Process p = new ProcessBuilder("bash", "-c", keyLine.substring(0, keyLine.indexOf(" #"))).directory(tmp.toFile())
        .redirectErrorStream(true).start();
    assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
    String[] export = in(tmp, commands("export --results").get(0));
    for (int i = 0; i < export.length; i++) {
      export[i] = export[i].endsWith(".key") ? tmp.resolve(export[i]).toString() : export[i];
    }
    StrataCommandTest.Run r = StrataCommandTest.run(export);
    assertEquals(0, r.exit(), r.out() + r.err());
    assertEquals("", r.err(), "the README's key is made readable by its owner only: no warning");
    assertEquals(2001, Files.readAllLines(tmp.resolve("export/patients.csv")).size());
    assertTrue(Files.readString(tmp.resolve("results/runs/r000002/budget.csv")) // the budget run
        .startsWith("scope,unit,hub,people,"));
    for (String f : List.of("patients", "practices", "hubs", "footprint")) { // the Parquet run, the latest
      assertTrue(Files.size(tmp.resolve("results/latest/" + f + ".parquet")) > 0, f + ".parquet");
    }
  }

  @Test
  void theEventExtractWalkThroughRunsAsWritten(@TempDir Path tmp) throws Exception {
    List<String[]> cmds = commands(" ev");
    assertEquals(4, cmds.size(), "generate --events, ingest --events, run, reproduce");
    for (String[] c : cmds) {
      String[] args = in(tmp, c);
      for (int i = 0; i < args.length; i++) {
        args[i] = args[i].equals("100000") ? "3000" : args[i]; // the README's size; CI runs it at full size
      }
      StrataCommandTest.Run r = StrataCommandTest.run(args);
      assertEquals(0, r.exit(), String.join(" ", c) + ": " + r.out() + r.err());
    }
    assertTrue(Files.exists(tmp.resolve("ev-results/latest/patients.csv")));
  }

  @Test
  void theMonthsWalkThroughRunsAsWritten(@TempDir Path tmp) throws Exception {
    List<String[]> cmds = commands("month");
    assertEquals(6, cmds.size(), "the six lines of the walk-through");
    for (String[] c : cmds) {
      StrataCommandTest.Run r = StrataCommandTest.run(in(tmp, c));
      // history of the README's example number: not one of the synthetic people, so "not in the history"
      int expected = c[0].equals("history") ? 1 : 0;
      assertEquals(expected, r.exit(), String.join(" ", c) + ": " + r.out() + r.err());
      assertFalse(r.err().contains("Exception"), r.err());
    }
    assertTrue(Files.exists(tmp.resolve("monthly/runs/r000002/transitions.csv")));
  }

  /** The README's {@code curl} lines and shell assignments of the code block that holds {@code ./strata serve}. */
  private static List<String> serveShellLines() throws Exception {
    List<String> block = new ArrayList<>();
    boolean code = false;
    List<String> current = new ArrayList<>();
    for (String line : Files.readAllLines(README)) {
      if (line.startsWith("```")) {
        if (code && current.stream().anyMatch(l -> l.startsWith("./strata serve "))) {
          block = current;
        }
        current = new ArrayList<>();
        code = !code;
      } else if (code) {
        current.add(line);
      }
    }
    return block.stream().filter(l -> !l.startsWith("./strata ")).toList();
  }

  @Test
  void theServeExampleAnswersAsWrittenAfterTheDemo(@TempDir Path tmp) throws Exception {
    // the demo, smaller than its default so the test is quick; CI runs it at full size
    StrataCommandTest.Run demo = StrataCommandTest.run("demo", "--out", tmp.resolve("demo").toString(),
        "--patients", "3000", "--quiet");
    assertEquals(0, demo.exit(), demo.err());
    List<String[]> serve = commands("serve --store");
    assertEquals(1, serve.size(), "one serve line");
    assertTrue(demo.out().contains(String.join(" ", serve.get(0)).replace("demo/", tmp.resolve("demo") + "/")),
        "the demo prints the README's serve command: " + demo.out());
    List<String> args = new ArrayList<>(List.of(in(tmp, serve.get(0))));
    args.addAll(List.of("--port", "0")); // the README's 8080 may be taken on a shared machine
    Path log = tmp.resolve("serve.log");
    Process p = org.strata.run.ChildStrata.start(log, List.of(), args.toArray(new String[0]));
    try {
      String url = null;
      for (int i = 0; i < 600 && url == null; i++) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+)/")
            .matcher(Files.readString(log));
        if (m.find()) {
          url = m.group(1);
        } else {
          assertTrue(p.isAlive(), "serve exited: " + Files.readString(log));
          Thread.sleep(100);
        }
      }
      assertTrue(url != null, "no start line: " + Files.readString(log));
      assertTrue(Files.readString(log).startsWith("strata: serving run r000002 (store generation 2) at " + url),
          Files.readString(log));
      StringBuilder script = new StringBuilder("set -e\n");
      List<String> lines = serveShellLines();
      assertEquals(4, lines.size(), lines.toString());
      for (String line : lines) {
        String cmd = line.contains("  #") ? line.substring(0, line.indexOf("  #")) : line;
        cmd = cmd.replace("http://127.0.0.1:8080", url);
        script.append(cmd.startsWith("curl ") ? cmd.replace("curl ", "curl -sS ") + "; echo" : cmd).append('\n');
      }
      Process sh = new ProcessBuilder("bash", "-c", script.toString()).directory(tmp.toFile())
          .redirectErrorStream(true).start();
      String out = new String(sh.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(0, sh.waitFor(), out);
      String[] answers = out.split("\n");
      assertTrue(answers[0].startsWith("{\"run\":\"r000002\",\"store_generation\":2,"), answers[0]);
      assertTrue(answers[0].contains("\"level1\":"), answers[0]);
      String nhs = Files.readAllLines(tmp.resolve("demo/input/month-02/patients.csv")).get(1).split(",")[0];
      assertTrue(answers[1].contains("\"nhs_number\":\"" + nhs + "\""), answers[1]);
      assertTrue(answers[1].contains("\"history\":[{\"run\":\"r000001\""), answers[1]);
      assertTrue(out.contains("HTTP/1.1 401"), out);
      assertTrue(out.contains("{\"status\":401,"), out);
      String audit = Files.readString(tmp.resolve("demo/audit.log"));
      assertEquals(1, audit.lines().count(), audit);
      assertFalse(audit.contains(nhs), "the audit trail never holds the NHS number");
      assertFalse(Files.readString(log).contains(nhs), "nor does the service's output");
    } finally {
      p.destroy(); // SIGTERM
    }
    assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "SIGTERM stops it");
    assertEquals(143, p.exitValue(), "128 + SIGTERM, as for any JVM service: " + Files.readString(log));
  }
}
