package org.strata.score;

import java.util.List;

/**
 * Coefficients (log-odds) of the emergency-admission risk model, a logistic regression
 * {@code p = 1 / (1 + e^-(b0 + Σ bᵢxᵢ))} over these features, summed in this order:
 *
 * <table>
 * <caption>Features of the admission risk model</caption>
 * <tr><th>#</th><th>component</th><th>feature xᵢ</th><th>reference (x = 0)</th></tr>
 * <tr><td>0</td><td>{@code intercept}</td><td>1</td><td></td></tr>
 * <tr><td>1–5</td><td>{@code age0To17}, {@code age50To64}, {@code age65To74}, {@code age75To84},
 *     {@code age85Plus}</td><td>1 when age (whole years) is in the band</td><td>age 18–49</td></tr>
 * <tr><td>6</td><td>{@code male}</td><td>1 when sex is male</td><td>female, and sex not known</td></tr>
 * <tr><td>7</td><td>{@code perCmsPoint}</td><td>Cambridge Multimorbidity Score (general weights), in
 *     points; the kernel multiplies {@code cmsX100} by the coefficient per 0.01 point</td><td>CMS 0</td></tr>
 * <tr><td>8–10</td><td>{@code efiMild}, {@code efiModerate}, {@code efiSevere}</td><td>1 when the eFI
 *     category (by deficit count: 5–8, 9–12, 13–36) is that one; all ages</td><td>fit (0–4 deficits)</td></tr>
 * <tr><td>11</td><td>{@code perEmergencyAdmission}</td><td>emergency admissions in the last 12 months,
 *     capped at {@value #EMERGENCY_ADMISSIONS_CAP}</td><td>none</td></tr>
 * <tr><td>12</td><td>{@code perAeAttendance}</td><td>A&amp;E attendances in the last 12 months, capped at
 *     {@value #AE_ATTENDANCES_CAP}</td><td>none</td></tr>
 * <tr><td>13</td><td>{@code careHome}</td><td>1 when the care_home flag is set</td><td>0</td></tr>
 * <tr><td>14</td><td>{@code palliativeCare}</td><td>1 when the palliative_care flag is set</td><td>0</td></tr>
 * <tr><td>15–18</td><td>{@code imdQuintile1}, {@code imdQuintile2}, {@code imdQuintile4},
 *     {@code imdQuintile5}</td><td>1 when the IMD quintile, {@code (imd_decile + 1) / 2} (1 = most deprived),
 *     is that one</td><td>quintile 3 (deciles 5–6), and imd_decile not recorded</td></tr>
 * <tr><td>19</td><td>{@code medicines10Plus}</td><td>1 when 10 or more distinct medicines in the last 12
 *     months</td><td>0–9 medicines</td></tr>
 * </table>
 *
 * <p>Not recorded deprivation scores as the middle quintile, so that a missing LSOA neither raises nor
 * lowers risk. Unknown sex scores as the reference.
 *
 * <p><b>Fixed point.</b> The kernel never sums doubles: each coefficient is quantised once to an integer
 * number of millionths of a logit per unit of its integer feature ({@link #micro}), and the CMS feature's
 * unit is 0.01 point (the CMS's own resolution), so its coefficient is quantised to 1e-4 per point. Integer
 * addition is exact and associative, so the predictor has the same bits whatever the order or engine.
 *
 * <p><b>Default coefficients.</b> {@link #illustrative()} is labelled {@value #ILLUSTRATIVE_LABEL}: fitted
 * by {@code strata fit} ({@link RiskModelFitter}) to the synthetic reference footprint, so they describe
 * Strata's own synthetic data, not any real population. They stay labelled illustrative: users load
 * coefficients fitted on their own data; outputs scored with these must say so.
 *
 * <pre>{@code
 * RiskModel m = RiskModel.illustrative();
 * RiskModel refitted = RiskModel.of("fitted on demo footprint 2025-06-01", fittedCoefficients);
 * }</pre>
 *
 * @param label what the coefficients are and where they come from; printed beside every risk output
 */
public record RiskModel(
    String label,
    double intercept,
    double age0To17,
    double age50To64,
    double age65To74,
    double age75To84,
    double age85Plus,
    double male,
    double perCmsPoint,
    double efiMild,
    double efiModerate,
    double efiSevere,
    double perEmergencyAdmission,
    double perAeAttendance,
    double careHome,
    double palliativeCare,
    double imdQuintile1,
    double imdQuintile2,
    double imdQuintile4,
    double imdQuintile5,
    double medicines10Plus) {

  /** Prior emergency admissions count up to this many. */
  public static final int EMERGENCY_ADMISSIONS_CAP = 3;
  /** A&amp;E attendances count up to this many. */
  public static final int AE_ATTENDANCES_CAP = 3;
  /** Medicines from which the polypharmacy term applies. */
  public static final int MEDICINES_THRESHOLD = 10;
  /** Lower bounds of the age bands 18–49 (reference), 50–64, 65–74, 75–84, 85+. */
  public static final int ADULT_FROM = 18;
  public static final int AGE_50 = 50;
  public static final int AGE_65 = 65;
  public static final int AGE_75 = 75;
  public static final int AGE_85 = 85;

  /** Largest accepted |coefficient| other than the intercept, in logits (keeps the integer sum in range). */
  public static final double MAX_ABS_COEFFICIENT = 20;
  /** Largest accepted |intercept|, in logits. */
  public static final double MAX_ABS_INTERCEPT = 30;

  /** Label of the shipped default. */
  public static final String ILLUSTRATIVE_LABEL =
      "ILLUSTRATIVE: fitted on the synthetic reference footprint (1,000,000 patients, seed 2016) by strata fit;"
          + " not for clinical use";

  /** Feature names in summation order, one per coefficient of {@link #coefficients()}. */
  public static final List<String> FEATURES =
      List.of(
          "intercept",
          "age_0_17",
          "age_50_64",
          "age_65_74",
          "age_75_84",
          "age_85_plus",
          "male",
          "cms_per_point",
          "efi_mild",
          "efi_moderate",
          "efi_severe",
          "emergency_admissions_capped_3",
          "ae_attendances_capped_3",
          "care_home",
          "palliative_care",
          "imd_quintile_1",
          "imd_quintile_2",
          "imd_quintile_4",
          "imd_quintile_5",
          "medicines_10_plus");

  public RiskModel {
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("a risk model needs a label saying where its coefficients come from");
    }
    if (!Double.isFinite(intercept) || Math.abs(intercept) > MAX_ABS_INTERCEPT) {
      throw new IllegalArgumentException(
          "intercept must be finite and within ±" + MAX_ABS_INTERCEPT + " logits: " + intercept);
    }
    double[] c = {
      age0To17, age50To64, age65To74, age75To84, age85Plus, male, perCmsPoint, efiMild, efiModerate, efiSevere,
      perEmergencyAdmission, perAeAttendance, careHome, palliativeCare, imdQuintile1, imdQuintile2,
      imdQuintile4, imdQuintile5, medicines10Plus
    };
    for (int i = 0; i < c.length; i++) {
      if (!Double.isFinite(c[i]) || Math.abs(c[i]) > MAX_ABS_COEFFICIENT) {
        throw new IllegalArgumentException(FEATURES.get(i + 1) + " coefficient must be finite and within ±"
            + MAX_ABS_COEFFICIENT + " logits: " + c[i]);
      }
    }
  }

  /**
   * The shipped default, labelled {@value #ILLUSTRATIVE_LABEL}: maximum-likelihood coefficients for "at least
   * one emergency admission in the next 12 months", fitted by {@code strata fit} on the synthetic reference
   * footprint ({@code strata generate --patients 1000000 --seed 2016}, ingested) and rounded to 3 decimals.
   * There 7.6% have an admission; the fit's c-statistic is 0.651 (the earlier hand-set coefficients: about 0.64)
   * and its deciles of risk run from about 4% to 20% predicted and observed. About 5% a year for a
   * fit adult of 18–49 with nothing recorded (logit −2.880). Synthetic data only: not for clinical use.
   */
  public static RiskModel illustrative() {
    return new RiskModel(
        ILLUSTRATIVE_LABEL,
        -2.880, // intercept: logit(0.053)
        -0.022, // age 0-17
        0.047, // age 50-64
        0.204, // age 65-74
        0.412, // age 75-84
        0.507, // age 85+
        -0.010, // male
        0.207, // per CMS point
        0.255, // eFI mild
        0.450, // eFI moderate
        0.670, // eFI severe
        0.391, // per prior emergency admission, up to 3
        0.040, // per A&E attendance, up to 3
        0.194, // care home
        0.690, // palliative care
        0.288, // IMD quintile 1 (most deprived)
        0.160, // IMD quintile 2
        -0.119, // IMD quintile 4
        -0.272, // IMD quintile 5 (least deprived)
        0.146); // 10+ medicines
  }

  /** A model from coefficients in {@link #FEATURES} order (what a fitter produces). */
  public static RiskModel of(String label, double[] coefficients) {
    if (coefficients.length != FEATURES.size()) {
      throw new IllegalArgumentException(
          "expected " + FEATURES.size() + " coefficients (" + FEATURES + "), found " + coefficients.length);
    }
    double[] c = coefficients;
    return new RiskModel(label, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12],
        c[13], c[14], c[15], c[16], c[17], c[18], c[19]);
  }

  /** Coefficients in {@link #FEATURES} order (a new array). */
  public double[] coefficients() {
    return new double[] {
      intercept, age0To17, age50To64, age65To74, age75To84, age85Plus, male, perCmsPoint, efiMild, efiModerate,
      efiSevere, perEmergencyAdmission, perAeAttendance, careHome, palliativeCare, imdQuintile1, imdQuintile2,
      imdQuintile4, imdQuintile5, medicines10Plus
    };
  }

  /** Whether these are the shipped illustrative coefficients (outputs must say so). */
  public boolean isIllustrative() {
    return label.startsWith("ILLUSTRATIVE");
  }

  /**
   * A coefficient quantised to millionths of a logit: {@code Math.round(logit * 1e6)}. Both operations are
   * exactly specified by the JLS, so every JDK gives the same integer.
   */
  public static int micro(double logit) {
    return Math.toIntExact(Math.round(logit * 1e6));
  }

  /** The CMS coefficient per 0.01 point, in millionths of a logit: {@code Math.round(perCmsPoint * 1e4)}. */
  public int cmsMicroPerX100() {
    return Math.toIntExact(Math.round(perCmsPoint * 1e4));
  }
}
