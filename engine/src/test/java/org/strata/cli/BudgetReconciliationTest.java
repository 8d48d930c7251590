package org.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata run --budget}: every money column of budget.csv adds up to the penny (practices and unregistered to
 * their hub, hubs to the footprint, shares to the budget after the top-slice), and each practice's share and gain
 * or loss agree with a plain recomputation here from the extract and the run's patients.csv.
 */
class BudgetReconciliationTest {
  private static final String BUDGET = "total_budget_gbp: 12_345_678.91\nimprovement_top_slice_pct: 2.5\n"
      + "gain_loss_share_pct: 40\nemergency_admission_price_gbp: 1650\n";

  @Test
  void everyColumnReconcilesAndAgreesWithAPlainRecomputation(@TempDir Path tmp) throws Exception {
    Path in = tmp.resolve("in");
    assertEquals(0, StrataCommandTest.run("generate", "--patients", "6000", "--seed", "44", "--out", in.toString(),
        "--quiet").exit());
    Path budget = Files.writeString(tmp.resolve("budget.yaml"), BUDGET);
    Path results = tmp.resolve("results");
    StrataCommandTest.Run run = StrataCommandTest.run("run", "--patients", in.resolve("patients.csv").toString(),
        "--practices", in.resolve("practices.csv").toString(), "--out", results.toString(), "--form-hubs",
        "--budget", budget.toString(), "--quiet");
    assertEquals(0, run.exit(), run.err());
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(results.resolve("latest/budget.csv"))) {
      rows.add(line.split(",", -1));
    }
    assertEquals("scope,unit,hub,people,risk_weighted_population,budget_share_gbp,expected_emergency_admissions,"
        + "observed_emergency_admissions,gain_loss_gbp,improvement_top_slice_gbp", String.join(",", rows.get(0)));
    String[] foot = rows.get(1);
    assertEquals("footprint", foot[0]);
    BigDecimal total = new BigDecimal("12345678.91");
    BigDecimal topSlice = total.multiply(new BigDecimal("0.025")).setScale(2, java.math.RoundingMode.HALF_UP);
    assertEquals(topSlice, new BigDecimal(foot[9]));
    assertEquals(total.subtract(topSlice), new BigDecimal(foot[5]), "the shares are the budget after the top-slice");

    // Sums: finest units to hubs, hubs to the footprint, column by column, exactly.
    for (int col = 3; col <= 8; col++) {
      BigDecimal hubs = BigDecimal.ZERO;
      BigDecimal units = BigDecimal.ZERO;
      Map<String, BigDecimal> byHub = new HashMap<>();
      for (String[] r : rows.subList(2, rows.size())) {
        BigDecimal v = new BigDecimal(r[col]);
        if (r[0].equals("hub")) {
          hubs = hubs.add(v);
        } else {
          units = units.add(v);
          byHub.merge(r[2], v, BigDecimal::add);
        }
      }
      assertEquals(new BigDecimal(foot[col]), hubs, "hubs add up to the footprint, column " + rows.get(0)[col]);
      assertEquals(new BigDecimal(foot[col]), units, "practices and unregistered add up, column " + rows.get(0)[col]);
      for (String[] r : rows.subList(2, rows.size())) {
        if (r[0].equals("hub") && byHub.containsKey(r[1])) {
          assertEquals(new BigDecimal(r[col]), byHub.get(r[1]), r[1] + " is its practices and unregistered");
        }
      }
    }

    // A plain recomputation of each practice's share and gain or loss (doubles; within a penny or two).
    List<String> input = Files.readAllLines(in.resolve("patients.csv"));
    List<String> header = List.of(input.get(0).split(","));
    int age = header.indexOf("age");
    int sex = header.indexOf("sex");
    int cost = header.indexOf("cost_12m");
    int adm = header.indexOf("emergency_admissions");
    Map<String, String[]> result = new HashMap<>();
    List<String> out = Files.readAllLines(results.resolve("latest/patients.csv"));
    for (String line : out.subList(1, out.size())) {
      String[] f = line.split(",", -1);
      result.put(f[0], f);
    }
    Map<String, double[]> cell = new HashMap<>(); // band|sex|level -> {cost sum, costed}
    double allCost = 0;
    double costed = 0;
    List<String[]> people = new ArrayList<>();
    for (String line : input.subList(1, input.size())) {
      String[] f = line.split(",", -1);
      String[] r = result.get(f[0]);
      String key = Math.min(18, Integer.parseInt(f[age]) / 5) + "|" + f[sex] + "|" + r[2];
      people.add(new String[] {key, r[1], r[8], f[adm]});
      if (!f[cost].isEmpty()) {
        double c = Double.parseDouble(f[cost]);
        cell.computeIfAbsent(key, k -> new double[2])[0] += c;
        cell.get(key)[1]++;
        allCost += c;
        costed++;
      }
    }
    assertEquals(costed, people.size(), "the generator costs everyone, so no cell falls back");
    double mean = allCost / costed;
    Map<String, double[]> practice = new HashMap<>(); // code -> {weighted, expected, observed}
    double weightedAll = 0;
    for (String[] p : people) {
      double[] c = cell.get(p[0]);
      double w = c[0] / c[1] / mean;
      weightedAll += w;
      if (!p[1].isEmpty()) {
        double[] a = practice.computeIfAbsent(p[1], k -> new double[3]);
        a[0] += w;
        a[1] += Double.parseDouble(p[2]);
        a[2] += Integer.parseInt(p[3]);
      }
    }
    double integrated = total.subtract(topSlice).doubleValue();
    int checked = 0;
    for (String[] r : rows.subList(2, rows.size())) {
      if (r[0].equals("practice")) {
        double[] a = practice.get(r[1]);
        assertEquals(integrated * a[0] / weightedAll, Double.parseDouble(r[5]), 0.02, r[1] + " share");
        assertEquals(0.40 * 1650 * (a[1] - a[2]), Double.parseDouble(r[8]), 0.02, r[1] + " gain/loss");
        assertEquals((long) a[2], Long.parseLong(r[7]), r[1] + " observed");
        checked++;
      }
    }
    assertTrue(checked >= 2, checked + " practices checked");
  }

  @Test
  void mistakesInTheBudgetFileNameTheFileLineAndValue(@TempDir Path tmp) throws Exception {
    Path in = tmp.resolve("in");
    assertEquals(0, StrataCommandTest.run("generate", "--patients", "2000", "--seed", "3", "--out", in.toString(),
        "--quiet").exit());
    String[][] cases = {
      {"total_budget_gbp: lots\nimprovement_top_slice_pct: 2\ngain_loss_share_pct: 50\n"
          + "emergency_admission_price_gbp: 1650\n", "line 1", "lots"},
      {"total_budget_gbp: 100\nimprovement_top_slice_pct: 120\ngain_loss_share_pct: 50\n"
          + "emergency_admission_price_gbp: 1650\n", "line 2", "0 to 100"},
      {"total_budget_gbp: 100\nimprovement_top_slice_pct: 2\ngain_loss_shares_pct: 50\n"
          + "emergency_admission_price_gbp: 1650\n", "line 3", "gain_loss_share_pct"},
      {"total_budget_gbp: 100\nimprovement_top_slice_pct: 2\ngain_loss_share_pct: 50\n", "missing",
          "emergency_admission_price_gbp"},
    };
    for (String[] c : cases) {
      Path budget = Files.writeString(tmp.resolve("budget.yaml"), c[0]);
      MistakeSuiteTest.badInput(tmp, new String[] {"run", "--patients", in.resolve("patients.csv").toString(),
          "--practices", in.resolve("practices.csv").toString(), "--out", tmp.resolve("results").toString(),
          "--form-hubs", "--budget", budget.toString(), "--quiet"}, "budget.yaml", c[1], c[2]);
    }
    MistakeSuiteTest.badInput(tmp, new String[] {"run", "--patients", in.resolve("patients.csv").toString(),
        "--practices", in.resolve("practices.csv").toString(), "--out", tmp.resolve("results").toString(),
        "--form-hubs", "--budget", tmp.toString(), "--quiet"}, "a directory, not a budget file");
    assertTrue(!Files.exists(tmp.resolve("results/latest")), "nothing published");
  }
}
