package org.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.serve.HeadlessChromium;

/**
 * {@code report.html} of two consecutive months run with a budget: the data behind its charts held to a golden
 * file, no identifier in it, and the page opened in a real headless Chromium from the file, offline: no console
 * error, no request but the file itself, every chart drawn. After a deliberate change run with
 * {@code -Dgolden.update=true} and review the diff under {@code src/test/resources/golden/report/}.
 */
class ReportTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/report/report-data.json");

  @Test
  void theReportIsSelfContainedHeldToItsGoldenDataAndDrawsEveryChart(@TempDir Path tmp) throws Exception {
    Path in = tmp.resolve("in");
    assertEquals(0, StrataCommandTest.run("generate", "--months", "2", "--patients", "4000", "--seed", "77",
        "--out", in.toString(), "--quiet").exit());
    Path budget = Files.writeString(tmp.resolve("budget.yaml"), "total_budget_gbp: 6000000\n"
        + "improvement_top_slice_pct: 2\ngain_loss_share_pct: 50\nemergency_admission_price_gbp: 1650\n");
    Path results = tmp.resolve("results");
    for (int month = 1; month <= 2; month++) {
      Path m = in.resolve("month-0" + month);
      StrataCommandTest.Run r = StrataCommandTest.run("run", "--patients", m.resolve("patients.csv").toString(),
          "--practices", m.resolve("practices.csv").toString(), "--out", results.toString(), "--form-hubs",
          "--reference-date", "2025-0" + (4 + month) + "-01", "--budget", budget.toString(), "--quiet");
      assertEquals(0, r.exit(), r.err());
    }
    String first = Files.readString(results.resolve("runs/r000001/report.html"));
    assertTrue(first.contains("\"movement\":null"), "a first run has no movement");
    Path report = results.resolve("runs/r000002/report.html");
    String page = Files.readString(report, StandardCharsets.UTF_8);

    String data = page.substring(page.indexOf("id=\"report-data\">") + "id=\"report-data\">".length());
    data = data.substring(0, data.indexOf("</script>"));
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, data + "\n");
    }
    assertEquals(Files.readString(GOLDEN).strip(), data, "the data behind the charts (golden file)");

    for (String line : Files.readAllLines(in.resolve("month-02/patients.csv")).subList(1, 4001)) {
      assertFalse(page.contains(line.substring(0, line.indexOf(','))), "an NHS number in the report");
    }
    assertFalse(page.contains("http://") && page.contains("src=\"http"), "no external script");

    Path profile = Files.createDirectories(tmp.resolve("chromium-profile"));
    try (HeadlessChromium browser = HeadlessChromium.start(profile)) {
      String url = report.toUri().toString();
      browser.navigate(url);
      browser.waitFor("window.reportReady === true", 60);
      int charts = browser.eval("document.querySelectorAll('.chart').length").asInt();
      int drawn = browser.eval("[...document.querySelectorAll('.chart')].filter(c => "
          + "c.hasAttribute('data-rendered') && c.querySelector('canvas') && c.querySelector('canvas').width > 0).length")
          .asInt();
      assertEquals(8, charts, "glance (2), levels (2), funnel, risk, admissions, movement");
      assertEquals(charts, drawn, "every chart drawn");
      assertTrue(browser.eval("document.getElementById('budget-body').textContent").asText().contains("gain/loss"));
      assertTrue(browser.eval("document.getElementById('movement-body').textContent").asText()
          .contains("From the extract of 2025-05-01 to that of 2025-06-01"));
      browser.screenshot(Path.of("target/report.png")); // to look at after a change
      assertEquals(List.of(), browser.errors, "console errors");
      for (String request : browser.requests) {
        assertTrue(request.equals(url) || request.startsWith("data:"), "a request the report made: " + request);
      }
    }
  }
}
