package org.strata.output;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.strata.level.BudgetTerms;
import org.strata.rollup.BudgetTable;
import org.strata.rollup.CaseMix;

/**
 * {@code budget.csv} ({@code strata run --budget budget.yaml}): the whole-population budget per hub and practice
 * ({@link BudgetTable} says how it is computed). Aggregates with exact counts, like the internal rollups.
 */
public final class BudgetOutput implements RunOutput {
  public static final String FILE = "budget.csv";
  static final String HEADER = "scope,unit,hub,people,risk_weighted_population,budget_share_gbp,"
      + "expected_emergency_admissions,observed_emergency_admissions,gain_loss_gbp,improvement_top_slice_gbp\n";

  private final BudgetTerms terms;

  public BudgetOutput(BudgetTerms terms) {
    this.terms = terms;
  }

  @Override
  public String name() {
    return "budget-csv";
  }

  @Override
  public void write(RunContents run, Path dir) throws IOException {
    CaseMix mix = CaseMix.compute(run.levels(), run.store(), run.hubs(), run.rollup().hubOfLsoa());
    BudgetTable t = BudgetTable.compute(mix, terms,
        run.store().practices().stream().map(org.strata.format.Practice::code).toList(), run.hubs());
    StringBuilder b = new StringBuilder(HEADER);
    for (BudgetTable.Row r : t.rows()) {
      b.append(r.scope()).append(',').append(CsvFields.quote(r.unit())).append(',')
          .append(r.hub() == null ? "" : CsvFields.quote(r.hub())).append(',').append(r.people()).append(',')
          .append(BigDecimal.valueOf(r.weightedHundredths(), 2).toPlainString()).append(',')
          .append(BigDecimal.valueOf(r.sharePence(), 2).toPlainString()).append(',')
          .append(BigDecimal.valueOf(r.expectedTenths(), 1).toPlainString()).append(',')
          .append(r.observed()).append(',')
          .append(BigDecimal.valueOf(r.gainLossPence(), 2).toPlainString()).append(',')
          .append(r.scope().equals("footprint") ? BigDecimal.valueOf(t.topSlicePence(), 2).toPlainString() : "")
          .append('\n');
    }
    Files.writeString(dir.resolve(FILE), b, StandardCharsets.UTF_8);
  }
}
