package org.strata.score;

import org.strata.format.Flags;

/**
 * The 20 features of the admission risk model ({@link RiskModel#FEATURES}) of a batch's rows, as small
 * integers in sparse form: what {@link AdmissionRiskKernel} multiplies its quantised coefficients by, written
 * out so that {@link RiskModelFitter} fits on exactly the features the kernel scores.
 *
 * <p>This is the one definition of the features (age bands of the unsigned age byte, {@code sex == 1}, {@code
 * cmsX100}, the eFI category's low two bits, capped counts, the care-home and palliative flags, IMD quintile
 * dummies of deciles 1–10 with anything else scoring as the reference quintile 3, 10+ medicines): the kernel
 * folds its per-value term tables from {@link #ageFeature}, {@link #efiFeature}, {@link #imdFeature}, {@link
 * #quantised} and the count functions, and the fitter fits on {@link #sparse}.
 *
 * <p>Integer units: every feature is in the model's own unit except {@link #CMS}, which is in hundredths of a
 * CMS point ({@code cmsX100}, the kernel's unit); {@link #UNIT} converts to model units.
 *
 * <pre>{@code
 * int[] index = new int[rows * RiskFeatures.MAX_NONZERO];
 * int[] value = new int[rows * RiskFeatures.MAX_NONZERO];
 * byte[] count = new byte[rows];
 * RiskFeatures.sparse(in, out.efiCategory(), out.cmsX100(), index, value, count);
 * // row i: features index[i * MAX_NONZERO + j] = value[...], j < count[i], index increasing
 * }</pre>
 */
final class RiskFeatures {
  /** Features, intercept included. */
  static final int COUNT = 20;
  /** Index of the intercept, which one-hot encodings use as "the reference value: no feature". */
  static final int INTERCEPT = 0;
  /** Index of the CMS feature (integer unit: 0.01 point). */
  static final int CMS = 7;
  /**
   * Most non-zero features a row can have: intercept, one age band, male, CMS, one eFI category, emergency
   * admissions, A&amp;E attendances, care home, palliative care, one IMD quintile, medicines.
   */
  static final int MAX_NONZERO = 11;
  /** Model units per integer unit, by feature: 1, except 0.01 for the CMS. */
  static final double[] UNIT = units();

  private static final int AGE_0_17 = 1;
  static final int MALE = 6;
  private static final int EFI_MILD = 8;
  static final int EMERGENCY = 11;
  static final int AE = 12;
  static final int CARE_HOME = 13;
  static final int PALLIATIVE = 14;
  static final int MEDICINES = 19;
  /** Feature index of each unsigned age byte: 0 for the reference band 18–49. */
  private static final byte[] AGE_FEATURE = ageFeatures();
  /** Feature index of each unsigned IMD decile byte: 0 for quintile 3 and for not recorded. */
  private static final byte[] IMD_FEATURE = imdFeatures();

  private RiskFeatures() {}

  private static double[] units() {
    double[] u = new double[COUNT];
    java.util.Arrays.fill(u, 1.0);
    u[CMS] = 0.01;
    return u;
  }

  private static byte[] ageFeatures() {
    byte[] f = new byte[256];
    for (int age = 0; age < 256; age++) {
      // as the kernel: 128..255 (negative bytes, never stored) fall in the oldest band
      f[age] = (byte) (age < RiskModel.ADULT_FROM ? AGE_0_17
          : age < RiskModel.AGE_50 ? 0
          : age < RiskModel.AGE_65 ? 2
          : age < RiskModel.AGE_75 ? 3
          : age < RiskModel.AGE_85 ? 4
          : 5);
    }
    return f;
  }

  private static byte[] imdFeatures() {
    byte[] byQuintile = {0, 15, 16, 0, 17, 18};
    byte[] f = new byte[256];
    for (int d = 1; d <= 10; d++) {
      f[d] = byQuintile[(d + 1) / 2];
    }
    return f;
  }

  /** The age-band feature of an age byte (read unsigned), {@link #INTERCEPT} for the reference band 18–49. */
  static int ageFeature(int ageByte) {
    return AGE_FEATURE[ageByte & 0xFF];
  }

  /** The IMD-quintile feature of a decile byte (read unsigned), {@link #INTERCEPT} for quintile 3 or not recorded. */
  static int imdFeature(int decileByte) {
    return IMD_FEATURE[decileByte & 0xFF];
  }

  /** The frailty feature of an eFI category (its low two bits), {@link #INTERCEPT} for fit. */
  static int efiFeature(int category) {
    final int c = category & 3;
    return c == 0 ? INTERCEPT : EFI_MILD - 1 + c;
  }

  /** The emergency-admissions feature's value: the count, capped. */
  static int emergencyAdmissions(int count) {
    return Math.min(count, RiskModel.EMERGENCY_ADMISSIONS_CAP);
  }

  /** The A&amp;E-attendances feature's value: the count, capped. */
  static int aeAttendances(int count) {
    return Math.min(count, RiskModel.AE_ATTENDANCES_CAP);
  }

  /** The medicines feature's value: 1 for 10 or more distinct medicines. */
  static int polypharmacy(int medicines) {
    return medicines >= RiskModel.MEDICINES_THRESHOLD ? 1 : 0;
  }

  /**
   * The non-zero features of each of the batch's rows, in increasing feature order: row {@code i}'s are
   * {@code index[i * MAX_NONZERO + j]} with integer value {@code value[i * MAX_NONZERO + j]} for {@code j <
   * count[i]}. Reads {@code efiCategory} and {@code cmsX100}, which must hold this batch's scores.
   */
  static void sparse(ScoreBatch in, byte[] efiCategory, int[] cmsX100, int[] index, int[] value, byte[] count) {
    final int rows = in.rowCount();
    final byte[] age = in.age();
    final byte[] sex = in.sex();
    final byte[] imd = in.imdDecile();
    final byte[] flags = in.flags();
    final byte[] emergency = in.emergencyAdmissions();
    final short[] ae = in.aeAttendances();
    final byte[] medicines = in.medicines();
    for (int i = 0; i < rows; i++) {
      final int base = i * MAX_NONZERO;
      int k = base;
      index[k] = 0;
      value[k++] = 1;
      final int a = ageFeature(age[i]);
      if (a != 0) {
        index[k] = a;
        value[k++] = 1;
      }
      if (sex[i] == 1) {
        index[k] = MALE;
        value[k++] = 1;
      }
      if (cmsX100[i] != 0) {
        index[k] = CMS;
        value[k++] = cmsX100[i];
      }
      final int efi = efiFeature(efiCategory[i]);
      if (efi != INTERCEPT) {
        index[k] = efi;
        value[k++] = 1;
      }
      final int em = emergencyAdmissions(emergency[i]);
      if (em != 0) {
        index[k] = EMERGENCY;
        value[k++] = em;
      }
      final int att = aeAttendances(ae[i]);
      if (att != 0) {
        index[k] = AE;
        value[k++] = att;
      }
      final int f = flags[i];
      if ((f >>> Flags.CARE_HOME & 1) != 0) {
        index[k] = CARE_HOME;
        value[k++] = 1;
      }
      if ((f >>> Flags.PALLIATIVE_CARE & 1) != 0) {
        index[k] = PALLIATIVE;
        value[k++] = 1;
      }
      final int q = imdFeature(imd[i]);
      if (q != 0) {
        index[k] = q;
        value[k++] = 1;
      }
      if (polypharmacy(medicines[i]) != 0) {
        index[k] = MEDICINES;
        value[k++] = 1;
      }
      count[i] = (byte) (k - base);
    }
  }

  /**
   * The model's coefficients as the kernel quantises them, per integer unit of each feature, in micro-logits:
   * {@link RiskModel#micro} of each, and {@link RiskModel#cmsMicroPerX100} for the CMS.
   */
  static long[] quantised(RiskModel model) {
    double[] c = model.coefficients();
    long[] q = new long[COUNT];
    for (int k = 0; k < COUNT; k++) {
      q[k] = k == CMS ? model.cmsMicroPerX100() : RiskModel.micro(c[k]);
    }
    return q;
  }
}
