package org.strata.rollup;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.strata.format.InvalidInputException;
import org.strata.level.BudgetTerms;

/**
 * The whole-population budget shared out by need (docs/OUTPUTS.md, "The budget"): per practice, per hub's
 * unregistered people, per hub and for the footprint, the risk-weighted population, the share of the integrated
 * budget after the improvement top-slice, expected and observed emergency admissions, and the gain or loss at the
 * agreed share.
 *
 * <p><b>Risk-weighted population.</b> Each person weighs the footprint's mean 12-month cost of their age band,
 * sex and level, divided by the footprint's mean cost (a cell with nobody costed falls back to its level's mean,
 * then to the footprint's): a unit's weighted population is the sum of its people's weights, and the footprint's
 * is about its head count. <b>Share</b> = (budget − top-slice) × unit's weighted population / footprint's.
 * <b>Expected</b> emergency admissions are the admission-risk model's for the next 12 months (the rollups'
 * {@code expected_emergency_admissions_12m}); <b>observed</b> are the last 12 months' recorded in the extract.
 * <b>Gain/loss</b> = share % × price × (expected − observed): positive is admissions avoided.
 *
 * <p><b>To the penny.</b> Every value is computed exactly (decimal) for the finest units and rounded there by the
 * largest-remainder method to a total rounded once, so practices and unregistered units add up to their hub, hubs
 * to the footprint, and the shares to the budget after the top-slice, exactly.
 */
public final class BudgetTable {
  /** One row; money in pence, the weighted population in hundredths, expected admissions in tenths. */
  public record Row(String scope, String unit, String hub, long people, long weightedHundredths, long sharePence,
      long expectedTenths, long observed, long gainLossPence) {}

  private static final MathContext MC = new MathContext(34, RoundingMode.HALF_EVEN);

  private final List<Row> rows;
  private final long topSlicePence;

  private BudgetTable(List<Row> rows, long topSlicePence) {
    this.rows = List.copyOf(rows);
    this.topSlicePence = topSlicePence;
  }

  /** Rows: the footprint, hubs by name, the unassigned, practices by code, each hub's unregistered. */
  public List<Row> rows() {
    return rows;
  }

  /** The improvement top-slice held back from the integrated budget, in pence. */
  public long topSlicePence() {
    return topSlicePence;
  }

  /**
   * Shares out {@code terms} over {@code mix}.
   *
   * @param practiceCodes code of each practice ordinal
   * @throws InvalidInputException when nobody has a cost recorded
   */
  public static BudgetTable compute(CaseMix mix, BudgetTerms terms, List<String> practiceCodes, Hubs hubs)
      throws InvalidInputException {
    final int units = mix.unitCount();
    BigDecimal[] weight = weights(mix);
    BigDecimal[] weighted = new BigDecimal[units];
    BigDecimal all = BigDecimal.ZERO;
    for (int u = 0; u < units; u++) {
      BigDecimal w = BigDecimal.ZERO;
      for (int c = 0; c < CaseMix.CELLS; c++) {
        long n = mix.people(u, c);
        if (n != 0) {
          w = w.add(weight[c].multiply(BigDecimal.valueOf(n), MC), MC);
        }
      }
      weighted[u] = w;
      all = all.add(w, MC);
    }
    long topSlice = BigDecimal.valueOf(terms.totalBudgetPence()).multiply(terms.topSlicePct())
        .movePointLeft(2).setScale(0, RoundingMode.HALF_UP).longValueExact();
    BigDecimal integrated = BigDecimal.valueOf(terms.totalBudgetPence() - topSlice);
    BigDecimal share = terms.gainLossSharePct().movePointLeft(2);
    BigDecimal price = BigDecimal.valueOf(terms.admissionPricePence());
    BigDecimal[] shareExact = new BigDecimal[units];
    BigDecimal[] weightedExact = new BigDecimal[units];
    BigDecimal[] expectedExact = new BigDecimal[units];
    BigDecimal[] gainExact = new BigDecimal[units];
    for (int u = 0; u < units; u++) {
      shareExact[u] = all.signum() == 0 ? BigDecimal.ZERO : integrated.multiply(weighted[u], MC).divide(all, MC);
      weightedExact[u] = weighted[u].movePointRight(2);
      BigDecimal expected = BigDecimal.valueOf(mix.riskX1e6(u)).movePointLeft(6);
      expectedExact[u] = expected.movePointRight(1);
      gainExact[u] = share.multiply(price, MC).multiply(expected.subtract(BigDecimal.valueOf(mix.admissions(u))), MC);
    }
    long[] weightedH = apportion(weightedExact);
    long[] sharePence = apportion(shareExact);
    long[] expectedT = apportion(expectedExact);
    long[] gainPence = apportion(gainExact);

    List<Row> out = new ArrayList<>();
    final int p = mix.practiceCount();
    final int h = mix.hubCount();
    long[][] hubSums = new long[h][6];
    long[] foot = new long[6];
    for (int u = 0; u < units; u++) {
      long[] v = unit(mix, u, weightedH, sharePence, expectedT, gainPence);
      int hub = u < p ? hubs.hubOf(u) : u < p + h ? u - p : -1;
      for (int k = 0; k < 6; k++) {
        foot[k] += v[k];
        if (hub >= 0) {
          hubSums[hub][k] += v[k];
        }
      }
    }
    out.add(row("footprint", "footprint", null, foot));
    List<Integer> hubOrder = new ArrayList<>();
    for (int i = 0; i < h; i++) {
      hubOrder.add(i);
    }
    hubOrder.sort(Comparator.comparing(hubs::name));
    for (int i : hubOrder) {
      out.add(row("hub", hubs.name(i), hubs.name(i), hubSums[i]));
    }
    int un = mix.unassignedUnit();
    if (mix.people(un) > 0) {
      out.add(row("hub", Hubs.UNASSIGNED, null, unit(mix, un, weightedH, sharePence, expectedT, gainPence)));
    }
    List<Integer> practiceOrder = new ArrayList<>();
    for (int i = 0; i < p; i++) {
      practiceOrder.add(i);
    }
    practiceOrder.sort(Comparator.comparing(practiceCodes::get));
    for (int i : practiceOrder) {
      out.add(row("practice", practiceCodes.get(i), hubs.name(hubs.hubOf(i)),
          unit(mix, i, weightedH, sharePence, expectedT, gainPence)));
    }
    for (int i : hubOrder) {
      int u = mix.unregisteredUnit(i);
      if (mix.people(u) > 0) {
        out.add(row("unregistered", hubs.name(i), hubs.name(i), unit(mix, u, weightedH, sharePence, expectedT,
            gainPence)));
      }
    }
    return new BudgetTable(out, topSlice);
  }

  private static long[] unit(CaseMix mix, int u, long[] weightedH, long[] sharePence, long[] expectedT,
      long[] gainPence) {
    return new long[] {mix.people(u), weightedH[u], sharePence[u], expectedT[u], mix.admissions(u), gainPence[u]};
  }

  private static Row row(String scope, String unit, String hub, long[] v) {
    return new Row(scope, unit, hub, v[0], v[1], v[2], v[3], v[4], v[5]);
  }

  /** Each cell's weight: its mean cost over the footprint's mean cost, falling back to its level's, then 1. */
  private static BigDecimal[] weights(CaseMix mix) throws InvalidInputException {
    long allCost = 0;
    long allRecorded = 0;
    long[] levelCost = new long[CaseMix.LEVELS];
    long[] levelRecorded = new long[CaseMix.LEVELS];
    for (int c = 0; c < CaseMix.CELLS; c++) {
      long cost = mix.footprintCostPence(c);
      long rec = mix.footprintCostRecorded(c);
      allCost += cost;
      allRecorded += rec;
      levelCost[c % CaseMix.LEVELS] += cost;
      levelRecorded[c % CaseMix.LEVELS] += rec;
    }
    if (allRecorded == 0 || allCost == 0) {
      throw new InvalidInputException("--budget weighs people by cost_12m, and no patient of the extract has one "
          + "recorded: ingest an extract with a cost_12m column");
    }
    BigDecimal mean = BigDecimal.valueOf(allCost).divide(BigDecimal.valueOf(allRecorded), MC);
    BigDecimal[] w = new BigDecimal[CaseMix.CELLS];
    for (int c = 0; c < CaseMix.CELLS; c++) {
      long rec = mix.footprintCostRecorded(c);
      int lv = c % CaseMix.LEVELS;
      BigDecimal cellMean = rec > 0 ? BigDecimal.valueOf(mix.footprintCostPence(c)).divide(BigDecimal.valueOf(rec), MC)
          : levelRecorded[lv] > 0 ? BigDecimal.valueOf(levelCost[lv]).divide(BigDecimal.valueOf(levelRecorded[lv]), MC)
          : mean;
      w[c] = cellMean.divide(mean, MC);
    }
    return w;
  }

  /**
   * Whole units that add up to the exact values' total rounded once (half up): each value's floor, and one more
   * for the largest fractional parts (ties to the earlier unit) until the total is reached.
   */
  static long[] apportion(BigDecimal[] exact) {
    long[] out = new long[exact.length];
    BigDecimal[] frac = new BigDecimal[exact.length];
    BigDecimal total = BigDecimal.ZERO;
    long floors = 0;
    for (int i = 0; i < exact.length; i++) {
      BigDecimal f = exact[i].setScale(0, RoundingMode.FLOOR);
      out[i] = f.longValueExact();
      frac[i] = exact[i].subtract(f);
      floors += out[i];
      total = total.add(exact[i]);
    }
    long left = total.setScale(0, RoundingMode.HALF_UP).longValueExact() - floors;
    Integer[] order = new Integer[exact.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> {
      int c = frac[b].compareTo(frac[a]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    for (int k = 0; k < left; k++) {
      out[order[k]]++;
    }
    return out;
  }
}
