package org.strata.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    String page = resource("report/report.html")
        .replace("/*STYLE*/", resource("report/report.css"))
        .replace("/*ECHARTS*/", resource("vendor/echarts.min.js"))
        .replace("/*REPORT*/", resource("report/report.js"))
        // inside <script>, "</" would end the element early: JSON allows the escaped form
        .replace("/*DATA*/", dataJson(run, budget).replace("</", "<\\/"));
    Files.writeString(dir.resolve(FILE), page, StandardCharsets.UTF_8);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ReportOutput.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IOException("the report's " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
