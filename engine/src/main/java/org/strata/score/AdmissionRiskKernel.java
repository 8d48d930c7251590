package org.strata.score;

import org.strata.format.Flags;

/**
 * Emergency-admission risk from a {@link RiskModel}: an integer linear predictor in millionths of a logit,
 * then the probability in millionths from a logistic table.
 *
 * <p><b>Predictor.</b> The model is compiled once, in the constructor, into integer terms per feature value
 * (age → term, IMD decile → term, flags → term, frailty category → term) and per-unit coefficients, each
 * quantised to 1e-6 logit ({@link RiskModel#micro}); the row loop is table loads and integer adds. Integer
 * addition is exact, so every engine and JDK that quantises the same way gets the same predictor and the
 * same ranking. The constructor proves the sum cannot overflow an {@code int} for these weights.
 *
 * <p><b>Probability.</b> {@code p = 1 / (1 + e^-x)} is read from a table of {@value #TABLE_SIZE} entries
 * spaced 4,096 micro-logits (0.0041) apart over ±16.8 logits (32 KiB: L1-resident), built at class
 * initialisation with {@link StrictMath#exp} (the same doubles on every JDK) and stored as p × 2^30; a row
 * interpolates linearly between two entries in integer arithmetic and rounds once to millionths. So {@code
 * riskX1e6} is the same on every JDK; it is within 1 of {@code round(1e6 / (1 + StrictMath.exp(-x)))}
 * (interpolation error below 2e-7), non-decreasing in the predictor, 0 below −16.8 logits and 1,000,000
 * above +16.8. A table replaced {@code Math.exp}, which is slower and may differ in the last bit between
 * JDKs and CPUs (numbers in ScoreKernelBenchmark).
 *
 * <pre>{@code
 * AdmissionRiskKernel k = new AdmissionRiskKernel(RiskModel.illustrative(), CambridgeWeights.general());
 * FrailtyKernel.score(batch, out);          // the risk kernel reads efiCategory
 * multimorbidity.score(batch, out);         // ... and cmsX100
 * k.score(batch, out);                      // riskPredictorMicro, riskX1e6
 * }</pre>
 */
public final class AdmissionRiskKernel {
  /** log2 of the table spacing in micro-logits. */
  static final int STEP_BITS = 12;
  /** Predictors below this (micro-logits, −16.78 logits) read as this. */
  public static final int TABLE_MIN_MICRO = -(1 << 24);
  /** Predictors at or above this (+16.78 logits) read as just below it. */
  public static final int TABLE_MAX_MICRO = 1 << 24;
  /** Entries of the logistic table. */
  public static final int TABLE_SIZE = ((TABLE_MAX_MICRO - TABLE_MIN_MICRO) >> STEP_BITS) + 1;
  /** Fixed-point scale of table entries. */
  static final int P_BITS = 30;

  private static final int[] LOGISTIC = buildTable();

  private final RiskModel model;
  private final int interceptMicro;
  private final int[] ageTermMicro = new int[256]; // by unsigned age byte
  private final int maleMicro;
  private final int cmsMicroPerX100;
  private final int[] frailtyTermMicro = new int[4]; // by eFI category
  private final int emergencyMicro;
  private final int aeMicro;
  private final int[] flagTermMicro = new int[64]; // by the six-bit flags mask: care home + palliative care
  private final int[] imdTermMicro = new int[256]; // by unsigned decile byte: -1 (255) and 0 → middle quintile
  private final int medicinesMicro;

  public AdmissionRiskKernel(RiskModel model, CambridgeWeights weights) {
    this.model = model;
    // The terms are folded from the one feature encoding (RiskFeatures) that the fitter fits on.
    long[] q = RiskFeatures.quantised(model);
    interceptMicro = (int) q[RiskFeatures.INTERCEPT];
    for (int age = 0; age < 256; age++) {
      ageTermMicro[age] = term(q, RiskFeatures.ageFeature(age));
    }
    maleMicro = (int) q[RiskFeatures.MALE];
    cmsMicroPerX100 = (int) q[RiskFeatures.CMS];
    for (int c = 0; c < frailtyTermMicro.length; c++) {
      frailtyTermMicro[c] = term(q, RiskFeatures.efiFeature(c));
    }
    emergencyMicro = (int) q[RiskFeatures.EMERGENCY];
    aeMicro = (int) q[RiskFeatures.AE];
    for (int f = 0; f < 64; f++) {
      flagTermMicro[f] = ((f >>> Flags.CARE_HOME & 1) != 0 ? (int) q[RiskFeatures.CARE_HOME] : 0)
          + ((f >>> Flags.PALLIATIVE_CARE & 1) != 0 ? (int) q[RiskFeatures.PALLIATIVE] : 0);
    }
    for (int d = 0; d < 256; d++) {
      imdTermMicro[d] = term(q, RiskFeatures.imdFeature(d)); // not recorded: the reference quintile
    }
    medicinesMicro = (int) q[RiskFeatures.MEDICINES];
    checkRange(weights);
  }

  /** A one-hot feature's term: its coefficient, or 0 for the reference (feature index 0). */
  private static int term(long[] q, int feature) {
    return feature == RiskFeatures.INTERCEPT ? 0 : (int) q[feature];
  }

  /** The predictor is an int sum: prove no row can overflow it with these weights. */
  private void checkRange(CambridgeWeights weights) {
    long hi = interceptMicro;
    long lo = interceptMicro;
    hi += max(ageTermMicro);
    lo += min(ageTermMicro);
    hi += Math.max(0, maleMicro);
    lo += Math.min(0, maleMicro);
    long c1 = (long) cmsMicroPerX100 * weights.maxCmsX100();
    long c2 = (long) cmsMicroPerX100 * weights.minCmsX100();
    hi += Math.max(c1, c2);
    lo += Math.min(c1, c2);
    hi += max(frailtyTermMicro);
    lo += min(frailtyTermMicro);
    hi += Math.max(0, (long) emergencyMicro * RiskModel.EMERGENCY_ADMISSIONS_CAP);
    lo += Math.min(0, (long) emergencyMicro * RiskModel.EMERGENCY_ADMISSIONS_CAP);
    hi += Math.max(0, (long) aeMicro * RiskModel.AE_ATTENDANCES_CAP);
    lo += Math.min(0, (long) aeMicro * RiskModel.AE_ATTENDANCES_CAP);
    hi += max(flagTermMicro);
    lo += min(flagTermMicro);
    hi += max(imdTermMicro);
    lo += min(imdTermMicro);
    hi += Math.max(0, medicinesMicro);
    lo += Math.min(0, medicinesMicro);
    if (hi > Integer.MAX_VALUE || lo < Integer.MIN_VALUE) {
      throw new IllegalArgumentException("model '" + model.label() + "' can reach a linear predictor of "
          + lo / 1e6 + ".." + hi / 1e6 + " logits, beyond the fixed-point int range");
    }
  }

  private static long max(int[] a) {
    long m = Long.MIN_VALUE;
    for (int v : a) {
      m = Math.max(m, v);
    }
    return m;
  }

  private static long min(int[] a) {
    long m = Long.MAX_VALUE;
    for (int v : a) {
      m = Math.min(m, v);
    }
    return m;
  }

  public RiskModel model() {
    return model;
  }

  /**
   * Writes {@code out.riskPredictorMicro()} and {@code out.riskX1e6()} for the batch's rows; reads {@code
   * out.efiCategory()} and {@code out.cmsX100()}, which must already hold this batch's values.
   */
  public void score(ScoreBatch in, ScoreColumns out) {
    final int rows = in.rowCount();
    if (out.capacity() < rows) {
      throw new IllegalArgumentException("output capacity " + out.capacity() + " < " + rows + " rows");
    }
    predictors(in, out.efiCategory(), out.cmsX100(), out.riskPredictorMicro());
    probabilitiesX1e6(out.riskPredictorMicro(), rows, out.riskX1e6());
  }

  /** The linear predictor, millionths of a logit, for the batch's rows; terms in {@link RiskModel} order. */
  public void predictors(ScoreBatch in, byte[] efiCategory, int[] cmsX100, int[] predictorMicro) {
    final int rows = in.rowCount();
    final byte[] age = in.age();
    final byte[] sex = in.sex();
    final byte[] imd = in.imdDecile();
    final byte[] flags = in.flags();
    final byte[] emergency = in.emergencyAdmissions();
    final short[] ae = in.aeAttendances();
    final byte[] medicines = in.medicines();
    final int[] ageTerm = ageTermMicro;
    final int[] frailtyTerm = frailtyTermMicro;
    final int[] flagTerm = flagTermMicro;
    final int[] imdTerm = imdTermMicro;
    final int intercept = interceptMicro;
    final int male = maleMicro;
    final int perCms = cmsMicroPerX100;
    final int perEmergency = emergencyMicro;
    final int perAe = aeMicro;
    final int polypharmacy = medicinesMicro;
    for (int i = 0; i < rows; i++) {
      int x = intercept;
      x += ageTerm[age[i] & 0xFF];
      x += sex[i] == 1 ? male : 0;
      x += perCms * cmsX100[i];
      x += frailtyTerm[efiCategory[i] & 3];
      x += perEmergency * RiskFeatures.emergencyAdmissions(emergency[i]);
      x += perAe * RiskFeatures.aeAttendances(ae[i]);
      x += flagTerm[flags[i] & 0x3F];
      x += imdTerm[imd[i] & 0xFF];
      x += RiskFeatures.polypharmacy(medicines[i]) * polypharmacy;
      predictorMicro[i] = x;
    }
  }

  /** Probabilities in millionths of {@code rows} predictors, from the logistic table. */
  public static void probabilitiesX1e6(int[] predictorMicro, int rows, int[] riskX1e6) {
    final int[] t = LOGISTIC;
    for (int i = 0; i < rows; i++) {
      final int x = Math.max(TABLE_MIN_MICRO, Math.min(TABLE_MAX_MICRO - 1, predictorMicro[i]));
      final int off = x - TABLE_MIN_MICRO;
      final int k = off >>> STEP_BITS;
      final long a = t[k];
      final long v = (a << STEP_BITS) + (t[k + 1] - a) * (off & ((1 << STEP_BITS) - 1)); // p × 2^42
      riskX1e6[i] = (int) ((v * 1_000_000L + (1L << (P_BITS + STEP_BITS - 1))) >> (P_BITS + STEP_BITS));
    }
  }

  /** The probability in millionths of one predictor (the same arithmetic as {@link #probabilitiesX1e6}). */
  public static int probabilityX1e6(int predictorMicro) {
    final int x = Math.max(TABLE_MIN_MICRO, Math.min(TABLE_MAX_MICRO - 1, predictorMicro));
    final int off = x - TABLE_MIN_MICRO;
    final int k = off >>> STEP_BITS;
    final long a = LOGISTIC[k];
    final long v = (a << STEP_BITS) + (LOGISTIC[k + 1] - a) * (off & ((1 << STEP_BITS) - 1));
    return (int) ((v * 1_000_000L + (1L << (P_BITS + STEP_BITS - 1))) >> (P_BITS + STEP_BITS));
  }

  private static int[] buildTable() {
    int[] t = new int[TABLE_SIZE];
    for (int k = 0; k < TABLE_SIZE; k++) {
      double x = ((long) TABLE_MIN_MICRO + ((long) k << STEP_BITS)) / 1e6;
      t[k] = (int) Math.round((1 << P_BITS) / (1.0 + StrictMath.exp(-x)));
    }
    return t;
  }
}
