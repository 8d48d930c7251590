package org.strata.score;

import java.util.List;
import org.strata.format.PatientColumn;

/**
 * Polypharmacy: 1 when a patient had 10 or more distinct medicines in the last 12 months, else 0. Policies name
 * it {@code polypharmacy}; rollups count {@code polypharmacy_10_plus}.
 *
 * <p>The threshold is the one NHS England's structured medication review guidance uses to say who should be
 * offered a review first: among others, "those with complex and problematic polypharmacy, specifically those on
 * 10 or more medications" (NHS England, <i>Network Contract Directed Enhanced Service: Structured medication
 * reviews and medicines optimisation — guidance</i>, 2020, and later editions). It is the same threshold as the
 * admission-risk model's medicines feature ({@link RiskModel#MEDICINES_THRESHOLD}). The store's {@code medicines}
 * column counts distinct medicines issued in the last 12 months, which stands in for "on" (currently taking).
 */
public final class Polypharmacy implements Score {
  @Override
  public String name() {
    return "polypharmacy";
  }

  @Override
  public String meaning() {
    return "1 when 10 or more distinct medicines in the last 12 months (NHS England structured medication review"
        + " guidance), else 0";
  }

  @Override
  public List<PatientColumn> reads() {
    return List.of(PatientColumn.MEDICINES);
  }

  @Override
  public int max() {
    return 1;
  }

  @Override
  public void score(ScoreBatch in, int[] out) {
    final byte[] medicines = in.medicines();
    final int rows = in.rowCount();
    for (int i = 0; i < rows; i++) {
      out[i] = medicines[i] >= RiskModel.MEDICINES_THRESHOLD ? 1 : 0;
    }
  }

  @Override
  public String rollupCount() {
    return "polypharmacy_10_plus";
  }
}
