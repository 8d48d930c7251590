package org.strata.output;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strata.history.Movement;
import org.strata.level.BudgetTerms;
import org.strata.rollup.BudgetTable;
import org.strata.rollup.CaseMix;
import org.strata.rollup.Hubs;
import org.strata.rollup.IndirectStandardisation;
import org.strata.rollup.RollupTables;
import org.strata.store.StoreManifest;

/**
 * The data behind every chart and table of {@code report.html}, as one JSON-ready map: aggregates only, every count
 * shown as shared outputs show it ({@link RollupTables#sharedCount}: 1 to threshold − 1 hidden, others rounded to
 * 5) and shares and ratios computed from what is shown, or left out where a small count would show through.
 * Decimals are exact-decimal rounded ({@link #dec}), so the same run gives the same bytes on every JDK.
 */
final class ReportData {
  private ReportData() {}

  static Map<String, Object> of(RunContents run, BudgetTerms budget) throws java.io.IOException {
    final int t = run.suppressionThreshold();
    RollupTables r = run.rollup();
    CaseMix mix = CaseMix.compute(run.levels(), run.store(), run.hubs(), run.rollup().hubOfLsoa());
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("suppress_below", t);
    d.put("level_names", run.levels().levelNames());

    RollupTables.Row f = r.footprint();
    Map<String, Object> glance = new LinkedHashMap<>();
    glance.put("people", shown(f.total(), t));
    glance.put("registered", shown(f.registered(), t));
    glance.put("unregistered", shown(f.unregistered(), t));
    glance.put("practices", f.practices());
    glance.put("levels", levels(f, t));
    List<Map<String, Object>> hubSizes = new ArrayList<>();
    for (RollupTables.Row h : r.hubs()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("hub", h.name());
      m.put("registered", shown(h.registered(), t));
      m.put("total", shown(h.total(), t));
      m.put("in_range", h.registered() >= Hubs.MIN_REGISTERED && h.registered() <= Hubs.MAX_REGISTERED);
      hubSizes.add(m);
    }
    glance.put("hubs", hubSizes);
    glance.put("hub_range", List.of(Hubs.MIN_REGISTERED, Hubs.MAX_REGISTERED));
    d.put("glance", glance);

    d.put("levels_by_hub", unitLevels(r.hubs(), t));
    d.put("levels_by_practice", unitLevels(r.practices(), t));
    d.put("funnel", funnel(r, t));
    d.put("risk", risk(mix, t));
    d.put("admissions", admissions(mix, run, t));
    d.put("movement", movement(run.movement(), t));
    d.put("quality", quality(r.ingest(), run.warnings(), t));
    d.put("budget", budget == null ? null : budget(mix, budget, run));
    return d;
  }

  /** A count as shared, or null when it is suppressed. */
  private static Long shown(long c, int t) {
    String s = RollupTables.sharedCount(c, t);
    return s.equals("*") ? null : Long.valueOf(s);
  }

  /** Exact decimal rounding of a double (its binary value, not its shortest string, which JDKs print differently). */
  static BigDecimal dec(double x, int scale) {
    return Double.isFinite(x) ? new BigDecimal(x).setScale(scale, RoundingMode.HALF_UP) : null;
  }

  private static BigDecimal pct(Long part, Long total) {
    return part == null || total == null || total == 0 ? null
        : BigDecimal.valueOf(part * 100).divide(BigDecimal.valueOf(total), 2, RoundingMode.HALF_UP);
  }

  private static List<Map<String, Object>> levels(RollupTables.Row row, int t) {
    List<Map<String, Object>> out = new ArrayList<>();
    Long total = shown(row.total(), t);
    for (int lv = 1; lv <= 4; lv++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("level", lv);
      Long n = shown(row.level(lv), t);
      m.put("people", n);
      m.put("share_pct", pct(n, total));
      out.add(m);
    }
    return out;
  }

  private static List<Map<String, Object>> unitLevels(List<RollupTables.Row> rows, int t) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (RollupTables.Row row : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("unit", row.kind() == RollupTables.Kind.PRACTICE ? row.code() : row.name());
      m.put("people", shown(row.total(), t));
      m.put("levels", levels(row, t));
      out.add(m);
    }
    return out;
  }

  /** Each practice's level-1 share against its list size, with the footprint's share and its control limits. */
  private static Map<String, Object> funnel(RollupTables r, int t) {
    long n1 = 0;
    long n = 0;
    for (RollupTables.Row p : r.practices()) {
      n1 += p.level1();
      n += p.registered();
    }
    double p0 = n == 0 ? 0 : (double) n1 / n;
    List<Map<String, Object>> points = new ArrayList<>();
    List<String> outside = new ArrayList<>();
    long max = 1;
    for (RollupTables.Row p : r.practices()) {
      Long size = shown(p.registered(), t);
      Long level1 = shown(p.level1(), t);
      if (size == null || level1 == null || size == 0) {
        continue; // a small list or a small level-1 count would show through
      }
      max = Math.max(max, size);
      double share = (double) level1 / size;
      boolean out95 = share < IndirectStandardisation.funnelLimit(p0, size, -IndirectStandardisation.Z95)
          || share > IndirectStandardisation.funnelLimit(p0, size, IndirectStandardisation.Z95);
      boolean out998 = share < IndirectStandardisation.funnelLimit(p0, size, -IndirectStandardisation.Z998)
          || share > IndirectStandardisation.funnelLimit(p0, size, IndirectStandardisation.Z998);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("practice", p.code());
      m.put("registered", size);
      m.put("level1", level1);
      m.put("share_pct", dec(share * 100, 2));
      m.put("outside", out998 ? "99.8%" : out95 ? "95%" : null);
      if (out95) {
        outside.add(p.code() + (share > p0 ? " (above" : " (below") + (out998 ? " 99.8%)" : " 95%)"));
      }
      points.add(m);
    }
    List<Map<String, Object>> limits = new ArrayList<>();
    for (int k = 0; k <= 60; k++) {
      long size = Math.max(10, Math.round(Math.pow(max * 1.1, k / 60.0)));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("registered", size);
      m.put("lower998", dec(100 * IndirectStandardisation.funnelLimit(p0, size, -IndirectStandardisation.Z998), 3));
      m.put("lower95", dec(100 * IndirectStandardisation.funnelLimit(p0, size, -IndirectStandardisation.Z95), 3));
      m.put("upper95", dec(100 * IndirectStandardisation.funnelLimit(p0, size, IndirectStandardisation.Z95), 3));
      m.put("upper998", dec(100 * IndirectStandardisation.funnelLimit(p0, size, IndirectStandardisation.Z998), 3));
      limits.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("footprint_share_pct", dec(p0 * 100, 3));
    out.put("points", points);
    out.put("limits", limits);
    out.put("outside", outside);
    return out;
  }

  /** People by admission risk, 1% bins. */
  private static Map<String, Object> risk(CaseMix mix, int t) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int b = 0; b < CaseMix.RISK_BINS; b++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("from_pct", b);
      m.put("to_pct", b == CaseMix.RISK_BINS - 1 ? null : b + 1);
      m.put("people", shown(mix.riskBin(b), t));
      out.add(m);
    }
    return Map.of("bins", out);
  }

  /**
   * Observed emergency admissions against those expected from the footprint's rates by age band, sex and level,
   * per hub and per practice, with Byar's intervals. Hidden where the observed count is suppressed.
   */
  private static Map<String, Object> admissions(CaseMix mix, RunContents run, int t) {
    double[] rate = new double[CaseMix.CELLS];
    for (int c = 0; c < CaseMix.CELLS; c++) {
      long n = 0;
      long a = 0;
      for (int u = 0; u < mix.unitCount(); u++) {
        n += mix.people(u, c);
        a += mix.admissions(u, c);
      }
      rate[c] = n == 0 ? 0 : (double) a / n;
    }
    int hubs = mix.hubCount();
    double[] hubE = new double[hubs];
    long[] hubO = new long[hubs];
    List<Map<String, Object>> practices = new ArrayList<>();
    List<String> codes = run.store().practices().stream().map(org.strata.format.Practice::code).toList();
    List<Integer> order = new ArrayList<>();
    for (int u = 0; u < mix.unitCount(); u++) {
      double e = 0;
      for (int c = 0; c < CaseMix.CELLS; c++) {
        e += mix.people(u, c) * rate[c];
      }
      long o = 0;
      for (int c = 0; c < CaseMix.CELLS; c++) {
        o += mix.admissions(u, c);
      }
      int hub = u < mix.practiceCount() ? run.hubs().hubOf(u) : u < mix.practiceCount() + hubs
          ? u - mix.practiceCount() : -1;
      if (hub >= 0) {
        hubE[hub] += e;
        hubO[hub] += o;
      }
      if (u < mix.practiceCount()) {
        order.add(u);
        practices.add(ratio(codes.get(u), o, e, t));
      }
    }
    List<Map<String, Object>> sortedPractices = new ArrayList<>();
    order.stream().sorted(java.util.Comparator.comparing(codes::get)).forEach(u -> sortedPractices.add(practices.get(u)));
    List<Map<String, Object>> hubRows = new ArrayList<>();
    for (int h = 0; h < hubs; h++) {
      hubRows.add(ratio(run.hubs().name(h), hubO[h], hubE[h], t));
    }
    hubRows.sort(java.util.Comparator.comparing(m -> (String) m.get("unit")));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("hubs", hubRows);
    out.put("practices", sortedPractices);
    return out;
  }

  private static Map<String, Object> ratio(String unit, long observed, double expected, int t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("unit", unit);
    Long o = shown(observed, t);
    m.put("observed", o);
    m.put("expected", dec(expected, 1));
    // From the count as shown: a ratio of the exact count, times the expected, would give the count back.
    boolean hide = o == null;
    IndirectStandardisation.Ratio r = IndirectStandardisation.of(hide ? 0 : o, expected);
    m.put("ratio", hide ? null : dec(r.ratio(), 3));
    m.put("lower95", hide ? null : dec(r.lower95(), 3));
    m.put("upper95", hide ? null : dec(r.upper95(), 3));
    m.put("lower998", hide ? null : dec(r.lower998(), 3));
    m.put("upper998", hide ? null : dec(r.upper998(), 3));
    return m;
  }

  private static Map<String, Object> movement(Movement movement, int t) {
    if (movement == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    // Reference dates, not run ids: the same inputs give the same report whatever the run is numbered.
    out.put("from_date", movement.from().referenceDate());
    out.put("to_date", movement.to().referenceDate());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Movement.Transition tr : movement.transitions()) {
      if (tr.scope().equals("footprint")) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from_level", tr.fromLevel());
        m.put("to_level", tr.toLevel());
        m.put("patients", shown(tr.patients(), t));
        rows.add(m);
      }
    }
    out.put("footprint", rows);
    return out;
  }

  private static Map<String, Object> quality(StoreManifest.IngestCounts ingest, List<String> warnings, int t) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rows_read", ingest == null ? null : shown(ingest.rowsRead(), t));
    out.put("rows_stored", ingest == null ? null : shown(ingest.rowsStored(), t));
    out.put("rows_quarantined", ingest == null ? null : shown(ingest.rowsRejected(), t));
    Map<String, Object> by = new java.util.TreeMap<>();
    if (ingest != null && ingest.rejectedByReason() != null) {
      ingest.rejectedByReason().forEach((k, v) -> by.put(k, RollupTables.sharedCount(v, t)));
    }
    out.put("quarantined_by_reason", by);
    out.put("warnings", warnings);
    return out;
  }

  private static List<Map<String, Object>> budget(CaseMix mix, BudgetTerms terms, RunContents run)
      throws java.io.IOException {
    BudgetTable b = BudgetTable.compute(mix, terms, run.store().practices().stream()
        .map(org.strata.format.Practice::code).toList(), run.hubs());
    List<Map<String, Object>> out = new ArrayList<>();
    for (BudgetTable.Row row : b.rows()) {
      if (row.scope().equals("footprint") || row.scope().equals("hub")) { // money of a whole hub: no small numbers
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unit", row.unit());
        m.put("budget_share_gbp", BigDecimal.valueOf(row.sharePence(), 2));
        m.put("risk_weighted_population", BigDecimal.valueOf(row.weightedHundredths(), 2));
        m.put("expected_emergency_admissions", BigDecimal.valueOf(row.expectedTenths(), 1));
        m.put("observed_emergency_admissions", shown(row.observed(), run.suppressionThreshold()));
        m.put("gain_loss_gbp", BigDecimal.valueOf(row.gainLossPence(), 2));
        out.add(m);
      }
    }
    return out;
  }
}
