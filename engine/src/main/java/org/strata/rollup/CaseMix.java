package org.strata.rollup;

import java.util.List;
import org.strata.format.PatientColumn;
import org.strata.level.LevelResult;
import org.strata.parallel.Workers;
import org.strata.score.AdmissionRiskKernel;
import org.strata.store.BatchSlice;
import org.strata.store.Store;

/**
 * People, cost and emergency admissions of each unit by age band, sex and level: what standardised rates and the
 * risk-weighted budget are made from. Units are the finest the rollups add up from: each practice (ordinals
 * {@code 0..P-1}), the unregistered people placed in each hub ({@code P + hub}) and the unregistered who could
 * not be placed ({@link #unassignedUnit()}), so that a hub is its practices plus its unregistered unit.
 *
 * <p>Cells are {@code ((unit × AGE_BANDS + band) × SEXES + sex) × LEVELS + level − 1}; bands are 5 years wide
 * ({@code 0-4} … {@code 85-89}, {@code 90+}), sex is the store's code (0 unknown, 1 male, 2 female). Per unit it
 * also sums the admission risk (millionths: expected admissions × 10⁶) and the last 12 months' emergency
 * admissions, and it counts people by admission risk in 1% bins. One pass over the store, on every core, with the levels and scores the run assigned.
 */
public final class CaseMix {
  public static final int AGE_BANDS = 19;
  public static final int SEXES = 3;
  public static final int LEVELS = 4;
  /** Cells of one unit. */
  public static final int CELLS = AGE_BANDS * SEXES * LEVELS;
  /** Bins of the admission-risk histogram, 1% wide; the last holds 39% and over. */
  public static final int RISK_BINS = 40;
  /** Rows a worker counts at a time. */
  private static final int SLICE_ROWS = 8192;

  private final int practices;
  private final int hubs;
  final long[] people;
  final long[] costPence;
  final long[] costRecorded;
  final long[] cellAdmissions;
  final long[] riskX1e6;
  final long[] admissions;
  final long[] riskBins = new long[RISK_BINS];

  private CaseMix(int practices, int hubs) {
    this.practices = practices;
    this.hubs = hubs;
    int units = practices + hubs + 1;
    people = new long[units * CELLS];
    costPence = new long[units * CELLS];
    costRecorded = new long[units * CELLS];
    cellAdmissions = new long[units * CELLS];
    riskX1e6 = new long[units];
    admissions = new long[units];
  }

  /** The age band of an age (0–18). */
  public static int band(int age) {
    return Math.min(AGE_BANDS - 1, Math.max(0, age) / 5);
  }

  /** The label of a band: {@code 0-4} … {@code 90+}. */
  public static String bandLabel(int band) {
    return band == AGE_BANDS - 1 ? "90+" : band * 5 + "-" + (band * 5 + 4);
  }

  /**
   * Counts the store's patients with the run's levels, placing the unregistered where the rollup did ({@link
   * RollupTables#hubOfLsoa}).
   */
  public static CaseMix compute(LevelResult levels, Store store, Hubs hubs, int[] hubOfLsoa) {
    final int p = store.practices().size();
    final boolean hasCost = Rollup.hasCost(store);
    final List<BatchSlice> slices = store.slices(SLICE_ROWS);
    // One set of counters a worker, added up at the end (whole numbers: the same whichever worker counted a
    // row). Workers beyond the first each cost a set (about 60 MB at national scale), so they are allowed only
    // while the sets stay within an eighth of the heap.
    final long setBytes = (long) (p + hubs.hubCount() + 1) * CELLS * 4 * Long.BYTES;
    final int workers = (int) Math.max(1,
        Math.min(Workers.forItems(slices.size()), 1 + Runtime.getRuntime().maxMemory() / 8 / setBytes));
    final CaseMix[] parts = new CaseMix[workers];
    final int[] predictor = levels.riskPredictorMicro();
    final int[] unitOfLsoa = UnregisteredPlacement.unitOfLsoa(hubOfLsoa, p, hubs.hubCount());
    final int unassigned = p + hubs.hubCount();
    Workers.drain(workers, slices.size(), "strata-casemix-", w -> {
      final CaseMix m = new CaseMix(p, hubs.hubCount());
      parts[w] = m;
      final short[] practice = new short[SLICE_ROWS];
      final int[] lsoa = new int[SLICE_ROWS];
      final int[] cost = new int[SLICE_ROWS];
      final byte[] age = new byte[SLICE_ROWS];
      final byte[] sex = new byte[SLICE_ROWS];
      final byte[] adm = new byte[SLICE_ROWS];
      final byte[] level = new byte[SLICE_ROWS];
      final byte[] deciding = new byte[SLICE_ROWS];
      return u -> {
        final BatchSlice s = slices.get(u);
        final int rows = s.rows();
        store.readShorts(PatientColumn.PRACTICE, s.batch(), s.from(), practice, 0, rows);
        store.readInts(PatientColumn.LSOA, s.batch(), s.from(), lsoa, 0, rows);
        store.readBytes(PatientColumn.AGE, s.batch(), s.from(), age, 0, rows);
        store.readBytes(PatientColumn.SEX, s.batch(), s.from(), sex, 0, rows);
        store.readBytes(PatientColumn.EMERGENCY_ADMISSIONS, s.batch(), s.from(), adm, 0, rows);
        if (hasCost) {
          store.readInts(PatientColumn.COST_PENCE, s.batch(), s.from(), cost, 0, rows);
        }
        levels.levels((int) s.firstRow(), rows, level, deciding);
        final int first = (int) s.firstRow();
        for (int i = 0; i < rows; i++) {
          final int unit = practice[i] >= 0 ? practice[i] : lsoa[i] >= 0 ? unitOfLsoa[lsoa[i]] : unassigned;
          final int cell = ((unit * AGE_BANDS + band(age[i])) * SEXES + Math.min(SEXES - 1, Math.max(0, sex[i])))
              * LEVELS + level[i] - 1;
          m.people[cell]++;
          m.cellAdmissions[cell] += adm[i];
          if (hasCost && cost[i] >= 0) {
            m.costPence[cell] += cost[i];
            m.costRecorded[cell]++;
          }
          // the kept predictor's probability: the same arithmetic as the scorer's, without scoring again
          final int risk = AdmissionRiskKernel.probabilityX1e6(predictor[first + i]);
          m.riskX1e6[unit] += risk;
          m.riskBins[Math.min(RISK_BINS - 1, risk / 10_000)]++;
          m.admissions[unit] += adm[i];
        }
      };
    });
    final CaseMix m = parts[0];
    for (int w = 1; w < workers; w++) {
      m.add(parts[w]);
    }
    return m;
  }

  private void add(CaseMix o) {
    add(people, o.people);
    add(costPence, o.costPence);
    add(costRecorded, o.costRecorded);
    add(cellAdmissions, o.cellAdmissions);
    add(riskX1e6, o.riskX1e6);
    add(admissions, o.admissions);
    add(riskBins, o.riskBins);
  }

  private static void add(long[] into, long[] from) {
    for (int i = 0; i < into.length; i++) {
      into[i] += from[i];
    }
  }

  public int practiceCount() {
    return practices;
  }

  public int hubCount() {
    return hubs;
  }

  public int unitCount() {
    return practices + hubs + 1;
  }

  /** The unit of the unregistered people placed in {@code hub}. */
  public int unregisteredUnit(int hub) {
    return practices + hub;
  }

  public int unassignedUnit() {
    return practices + hubs;
  }

  /** People of {@code unit} in cell {@code c} (0 to {@link #CELLS} − 1). */
  public long people(int unit, int c) {
    return people[unit * CELLS + c];
  }

  /** People of a unit. */
  public long people(int unit) {
    long n = 0;
    for (int c = 0; c < CELLS; c++) {
      n += people[unit * CELLS + c];
    }
    return n;
  }

  /** Sum over every unit of cell {@code c}'s cost in pence, and how many of its people have a cost recorded. */
  public long footprintCostPence(int c) {
    long s = 0;
    for (int u = 0; u < unitCount(); u++) {
      s += costPence[u * CELLS + c];
    }
    return s;
  }

  public long footprintCostRecorded(int c) {
    long s = 0;
    for (int u = 0; u < unitCount(); u++) {
      s += costRecorded[u * CELLS + c];
    }
    return s;
  }

  /** Emergency admissions in the last 12 months of {@code unit}'s people in cell {@code c}. */
  public long admissions(int unit, int c) {
    return cellAdmissions[unit * CELLS + c];
  }

  /** People whose admission risk is in [{@code bin}%, {@code bin + 1}%), the last bin open-ended. */
  public long riskBin(int bin) {
    return riskBins[bin];
  }

  /** Expected emergency admissions of a unit × 10⁶ (the admission risk summed). */
  public long riskX1e6(int unit) {
    return riskX1e6[unit];
  }

  /** Emergency admissions of a unit's people in the last 12 months. */
  public long admissions(int unit) {
    return admissions[unit];
  }
}
