package org.strata.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strata.level.BudgetTerms;

/**
 * {@code report.html}: one self-contained page of charts for sharing (docs/OUTPUTS.md, "The report") — the
 * footprint at a glance, levels by hub and practice, a funnel plot of level-1 shares, the distribution of risk,
 * standardised emergency admissions, movement, data quality and, with a budget, the money. Aggregates only,
 * suppressed as {@code shared/} is ({@link ReportData}). The chart library (Apache ECharts, vendored from npm) and
 * the data are inlined: the file makes no request when opened, offline, in any browser.
 */
public final class ReportOutput implements RunOutput {
  public static final String FILE = "report.html";
  private static final String RESOURCES = "/org/strata/output/";
  /** Where report.html takes its parts: the style, the chart library, the page's script, the data. */
  private static final Pattern PLACEHOLDER = Pattern.compile("/\\*(STYLE|ECHARTS|REPORT|DATA)\\*/");
  private static final ObjectWriter JSON = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
      .build().writer();

  private final BudgetTerms budget;

  /** A report without a budget section. */
  public ReportOutput() {
    this(null);
  }

  /** A report with a section on {@code budget} (null: none). */
  public ReportOutput(BudgetTerms budget) {
    this.budget = budget;
  }

  @Override
  public String name() {
    return "report-html";
  }

  /** The data behind the charts, as the page embeds it (and the golden file holds it). */
  public static String dataJson(RunContents run, BudgetTerms budget) throws IOException {
    return JSON.writeValueAsString(ReportData.of(run, budget));
  }

  @Override
  public void write(RunContents run, Path dir) throws IOException {
    // inside <script>, "</" would end the element early: JSON allows the escaped form
    byte[] data = dataJson(run, budget).replace("</", "<\\/").getBytes(StandardCharsets.UTF_8);
    String page = resource("report/report.html");
    // The page is streamed part by part: the vendored chart library (1.1 MB) is copied as bytes, never decoded
    // into a String that each placeholder's replacement would scan and copy again.
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(FILE)), 1 << 16)) {
      Matcher m = PLACEHOLDER.matcher(page);
      int at = 0;
      while (m.find()) {
        out.write(page.substring(at, m.start()).getBytes(StandardCharsets.UTF_8));
        switch (m.group(1)) {
          case "STYLE" -> copy("report/report.css", out);
          case "ECHARTS" -> copy("vendor/echarts.min.js", out);
          case "REPORT" -> copy("report/report.js", out);
          default -> out.write(data);
        }
        at = m.end();
      }
      out.write(page.substring(at).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void copy(String name, OutputStream out) throws IOException {
    try (InputStream in = open(name)) {
      in.transferTo(out);
    }
  }

  private static InputStream open(String name) throws IOException {
    InputStream in = ReportOutput.class.getResourceAsStream(RESOURCES + name);
    if (in == null) {
      throw new IOException("the report's " + name + " is missing from the jar");
    }
    return in;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = open(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
