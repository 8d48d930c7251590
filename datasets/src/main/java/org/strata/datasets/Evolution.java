package org.strata.datasets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One month of a person's life, applied to their row of a clean {@code patients.csv} (see {@link
 * MonthlyFootprints} for the model and docs/INPUT.md for the figures).
 */
final class Evolution {
  /** What became of a person this month. */
  enum Fate { STAYS, DIED, LEFT, GAVE_BIRTH }

  /** Knot ages of the life tables. */
  private static final int[] Q_AGES = {0, 1, 5, 15, 25, 35, 45, 55, 65, 75, 85, 95, 105};
  /** Annual probability of death, males, at the knot ages (ONS National life tables, England, 2020 to 2022). */
  private static final double[] Q_MALE =
      {.0042, .0002, .0001, .0002, .0007, .0012, .0024, .0056, .0125, .0300, .0850, .2500, .5000};
  /** The same, females. */
  private static final double[] Q_FEMALE =
      {.0035, .0002, .0001, .0001, .0003, .0007, .0016, .0037, .0080, .0200, .0650, .2100, .4600};
  /** Births a year per woman aged 15–44: the general fertility rate, 54.2 per 1,000 (ONS, births 2022). */
  static final double GENERAL_FERTILITY_RATE = 0.0542;
  /** Annual death probability in palliative care (at least). */
  static final double PALLIATIVE_ANNUAL_DEATH = 0.45;

  /**
   * A person's expected rate of each activity: this much the mean of their age band and number of conditions,
   * the rest their own last 12 months. What is not explained by those is mostly chance, and regresses.
   */
  static final double SHRINK = 0.85;
  /**
   * The share of last year's events still inside the 12-month window a month later. A window can only hold a
   * year: 0.89 a month leaves a quarter after 12 months (the exact window would leave none; the counts carry
   * no dates to know which events drop out).
   */
  static final double KEPT_A_MONTH = 0.89;

  private final Columns columns;
  private final ConditionModel conditions;
  private final int[] activity;
  /** Mean of each activity column by age band (0–9 … 100+) and number of conditions (0–5+). */
  private final double[][][] mean;
  private double deathScale = 1;
  /**
   * What depends on age alone, computed once for every age (a month draws for each person and condition):
   * the life tables' annual death by sex ({@code [0]} male, {@code [1]} female), each condition's monthly
   * incidence, the monthly chance of leaving the list. The same arithmetic as the functions they tabulate.
   */
  private final double[][] lifeTableDeath = new double[2][AgeCurve.MAX_AGE + 1];
  private final double[][] monthlyIncidence;
  private final double[] monthlyLeaving = new double[AgeCurve.MAX_AGE + 1];

  Evolution(Columns columns, ConditionModel conditions) {
    this.columns = columns;
    this.conditions = conditions;
    activity = new int[] {columns.emergencyAdmissions, columns.aeAttendances, columns.electiveAdmissions,
        columns.outpatientAttendances, columns.gpContacts, columns.bedDays};
    mean = new double[activity.length][11][6];
    monthlyIncidence = new double[columns.conditionCount][AgeCurve.MAX_AGE + 1];
    for (int age = 0; age <= AgeCurve.MAX_AGE; age++) {
      lifeTableDeath[0][age] = annualDeath(age, false);
      lifeTableDeath[1][age] = annualDeath(age, true);
      monthlyLeaving[age] = monthly(annualLeaving(age));
      for (int c = 0; c < columns.conditionCount; c++) {
        monthlyIncidence[c][age] = incidence(c, age) / 12;
      }
    }
  }

  /**
   * A person's annual probability of death: the life table's for their age and sex, raised for care home
   * residence and each condition, at least {@link #PALLIATIVE_ANNUAL_DEATH} in palliative care. {@link
   * #deathScale} then brings the footprint's total back to the life tables': the sick die sooner, not more.
   */
  private double annualDeath(Row p, int age, boolean female, int conditionCount) {
    double q = lifeTableDeath(age, female) * (1 + 0.12 * conditionCount);
    if (p.is(columns.careHome, '1')) {
      q *= 3;
    }
    return p.is(columns.palliativeCare, '1') ? Math.max(q, PALLIATIVE_ANNUAL_DEATH) : q;
  }

  /**
   * Learns month 1's activity means, by age band and number of conditions, and the scale of death rates. Rows are
   * read on the workers; the sums are made in the people's order, so the result does not depend on the threads.
   */
  void learnMeans(List<String> people, ExecutorService workers) throws IOException {
    int n = people.size();
    double[] lifeTable = new double[n];
    double[] raised = new double[n];
    List<Future<long[][][]>> chunks = new ArrayList<>();
    for (int from = 0; from < n; from += Tasks.ROWS) {
      int start = from;
      int end = Math.min(n, from + Tasks.ROWS);
      chunks.add(workers.submit(() -> {
        // [0][band][cond] people, [1 + k][band][cond] the sum of activity k
        long[][][] sums = new long[1 + activity.length][11][6];
        Row p = new Row(columns.cleanCount);
        for (int i = start; i < end; i++) {
          p.reset(people.get(i));
          int age = p.intAt(Columns.AGE);
          boolean female = p.is(Columns.SEX, 'F');
          int conditionCount = conditionCount(p);
          lifeTable[i] = lifeTableDeath(age, female);
          raised[i] = annualDeath(p, age, female, conditionCount);
          int band = band(p);
          int cond = Math.min(5, conditionCount);
          sums[0][band][cond]++;
          for (int k = 0; k < activity.length; k++) {
            sums[1 + k][band][cond] += p.intAt(activity[k]);
          }
        }
        return sums;
      }));
    }
    long[][][] total = new long[1 + activity.length][11][6];
    for (Future<long[][][]> chunk : chunks) {
      long[][][] sums = Tasks.await(chunk);
      for (int k = 0; k < total.length; k++) {
        for (int b = 0; b < 11; b++) {
          for (int c = 0; c < 6; c++) {
            total[k][b][c] += sums[k][b][c];
          }
        }
      }
    }
    double lifeTableSum = 0;
    double raisedSum = 0;
    for (int i = 0; i < n; i++) {
      lifeTableSum += lifeTable[i];
      raisedSum += raised[i];
    }
    deathScale = lifeTableSum / raisedSum;
    for (int k = 0; k < activity.length; k++) {
      for (int b = 0; b < 11; b++) {
        for (int c = 0; c < 6; c++) {
          mean[k][b][c] = total[0][b][c] == 0 ? 0 : (double) total[1 + k][b][c] / total[0][b][c];
        }
      }
    }
  }

  /** Ages, dies, leaves or goes on: updates the row in place when the person stays. */
  Fate step(Row p, int month, SplittableRandom rng) {
    int age = p.intAt(Columns.AGE);
    boolean female = p.is(Columns.SEX, 'F');
    int conditionCount = conditionCount(p);
    if (rng.nextDouble() < monthly(Math.min(deathScale * annualDeath(p, age, female, conditionCount), 0.95))) {
      return Fate.DIED;
    }
    if (rng.nextDouble() < monthlyLeaving[Math.min(age, AgeCurve.MAX_AGE)]) {
      return Fate.LEFT;
    }
    long nhs = p.longAt(Columns.PATIENT_ID);
    if ((month - 1) % 12 == (int) (nhs % 12) && age < AgeCurve.MAX_AGE) {
      age++;
      p.setInt(Columns.AGE, age);
    }
    int newDiagnoses = 0;
    for (int c = 0; c < columns.conditionCount; c++) {
      int col = Columns.FIRST_CONDITION + c;
      if (p.is(col, '0') && rng.nextDouble() < monthlyIncidence[c][age] * (1 + 0.2 * conditionCount)) {
        p.set(col, "1");
        newDiagnoses++;
      }
    }
    int deficits = p.intAt(columns.efiDeficits);
    double frailer = age < 50 ? 0.0005 : 0.004 * Math.exp((age - 50) / 15.0);
    if (deficits < 36 && rng.nextDouble() < frailer) {
      p.setInt(columns.efiDeficits, deficits + 1);
    }
    if (age >= 75 && deficits >= 12 && p.is(columns.careHome, '0') && rng.nextDouble() < 0.003) {
      p.set(columns.careHome, "1");
    }
    if (age >= 60 && conditionCount >= 3 && p.is(columns.palliativeCare, '0') && rng.nextDouble() < 0.0008) {
      p.set(columns.palliativeCare, "1");
    }
    if (newDiagnoses > 0) {
      p.setInt(columns.medicines, Math.min(100, p.intAt(columns.medicines) + newDiagnoses));
    }
    rollActivity(p, conditionCount + newDiagnoses, rng);
    boolean mother = female && age >= 15 && age <= 44 && rng.nextDouble() < GENERAL_FERTILITY_RATE / 12;
    return mother ? Fate.GAVE_BIRTH : Fate.STAYS;
  }

  /** Last year's events thin by a month; new ones arrive around the expected rate. */
  private void rollActivity(Row p, int conditionCount, SplittableRandom rng) {
    long before = weight(p);
    int band = band(p);
    int cond = Math.min(5, conditionCount);
    for (int k = 0; k < activity.length; k++) {
      int c = p.intAt(activity[k]);
      double expected = SHRINK * mean[k][band][cond] + (1 - SHRINK) * c;
      int kept = 0;
      for (int i = 0; i < c; i++) {
        kept += rng.nextDouble() < KEPT_A_MONTH ? 1 : 0;
      }
      // arrivals balance departures at the expected rate, so the footprint's totals hold steady month to month
      p.setInt(activity[k], kept + poisson(expected * (1 - KEPT_A_MONTH), rng));
    }
    // cost moves by what the change in activity costs: additive, so a person's own costs (drugs, care) stay.
    // In pence: the column has two decimals and the weights are whole pounds, so this is exact.
    p.set(columns.cost, pounds(Math.max(0, pence(p.get(columns.cost)) + 100 * (weight(p) - before))));
    double admissions = SHRINK * mean[0][band][cond] + (1 - SHRINK) * p.intAt(columns.emergencyAdmissions);
    p.setInt(columns.emergencyAdmissionsNext12m, poisson(admissions, rng));
  }

  /** A baby born this month to {@code mother}: her practice, LSOA and deprivation, a month of activity. */
  String[] newborn(Row mother, String nhsNumber, SplittableRandom rng) {
    String[] b = new String[columns.cleanCount];
    java.util.Arrays.fill(b, "0");
    b[Columns.PATIENT_ID] = nhsNumber;
    b[Columns.PRACTICE_CODE] = mother.get(Columns.PRACTICE_CODE);
    b[Columns.LSOA] = mother.get(Columns.LSOA);
    b[Columns.SEX] = rng.nextDouble() < 0.512 ? "M" : "F"; // 105 boys to 100 girls
    b[Columns.IMD_DECILE] = mother.get(Columns.IMD_DECILE);
    int[] counts = new int[activity.length];
    for (int k = 0; k < activity.length; k++) {
      counts[k] = poisson(mean[k][0][0] / 12, rng);
      b[activity[k]] = Integer.toString(counts[k]);
    }
    b[columns.cost] = pounds(100 * weight(counts));
    b[columns.emergencyAdmissionsNext12m] = Integer.toString(poisson(mean[0][0][0], rng));
    return b;
  }

  /** What the activity costs in whole pounds at the generator's unit costs (docs/INPUT.md), for moving cost with it. */
  private long weight(Row p) {
    int[] counts = new int[activity.length];
    for (int k = 0; k < activity.length; k++) {
      counts[k] = p.intAt(activity[k]);
    }
    return weight(counts);
  }

  /** The same, of the counts of each {@link #activity} column. */
  private static long weight(int[] counts) {
    return 2500 * counts[0] + 160 * counts[1] + 1300 * counts[2] + 135 * counts[3] + 39 * counts[4] + 400 * counts[5];
  }

  /** A cost of the clean extract ({@code 1440.00}: digits, a point, two decimals) in pence. */
  static long pence(String pounds) {
    int point = pounds.length() - 3;
    if (point < 1 || pounds.charAt(point) != '.') {
      throw new IllegalArgumentException("not a cost with two decimals: " + pounds);
    }
    return Long.parseLong(pounds, 0, point, 10) * 100 + Integer.parseInt(pounds, point + 1, pounds.length(), 10);
  }

  /** Pence as the extract writes a cost: pounds, a point, two decimals. */
  static String pounds(long pence) {
    long p = pence % 100;
    return (pence / 100) + (p < 10 ? ".0" : ".") + p;
  }

  private double lifeTableDeath(int age, boolean female) {
    return lifeTableDeath[female ? 1 : 0][Math.min(age, AgeCurve.MAX_AGE)];
  }

  private int conditionCount(Row p) {
    int n = 0;
    for (int c = 0; c < columns.conditionCount; c++) {
      n += p.is(Columns.FIRST_CONDITION + c, '1') ? 1 : 0;
    }
    return n;
  }

  private static int band(Row p) {
    return Math.min(10, p.intAt(Columns.AGE) / 10);
  }

  /** Annual incidence at an age: the rise in prevalence to the next year of age, among those without. */
  double incidence(int condition, int age) {
    if (age >= AgeCurve.MAX_AGE) {
      return 0;
    }
    double now = sigmoid(conditions.baseLogit[condition][age]);
    double next = sigmoid(conditions.baseLogit[condition][age + 1]);
    return Math.max(0, next - now) / (1 - now);
  }

  static double annualDeath(int age, boolean female) {
    double[] q = female ? Q_FEMALE : Q_MALE;
    if (age >= Q_AGES[Q_AGES.length - 1]) {
      return q[q.length - 1];
    }
    int i = 1;
    while (Q_AGES[i] < age) {
      i++;
    }
    double t = (age - Q_AGES[i - 1]) / (double) (Q_AGES[i] - Q_AGES[i - 1]);
    return Math.exp(Math.log(q[i - 1]) + t * (Math.log(q[i]) - Math.log(q[i - 1])));
  }

  /** Annual probability of leaving the practice's list other than by death (list turnover), by age. */
  static double annualLeaving(int age) {
    return age < 18 ? 0.07 : age < 35 ? 0.17 : age < 65 ? 0.06 : 0.03;
  }

  private static double monthly(double annual) {
    return 1 - Math.pow(1 - annual, 1.0 / 12);
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static int poisson(double lambda, SplittableRandom rng) {
    if (lambda <= 0) {
      return 0;
    }
    if (lambda > 30) {
      return Math.max(0, (int) Math.round(lambda + Math.sqrt(lambda) * gaussian(rng)));
    }
    double l = Math.exp(-lambda);
    int k = 0;
    double p = rng.nextDouble();
    while (p > l) {
      k++;
      p *= rng.nextDouble();
    }
    return k;
  }

  private static double gaussian(SplittableRandom rng) {
    double u = 1 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
