package org.strata.score;

import java.util.SplittableRandom;
import org.strata.format.Conditions;

/** Seeded random input batches that lean on the edges: band and category boundaries, caps, all/no conditions. */
final class RandomBatches {
  private static final int[] AGE_EDGES = {0, 17, 18, 49, 50, 64, 65, 74, 75, 84, 85, 120};
  private static final int[] DEFICIT_EDGES = {0, 4, 5, 8, 9, 12, 13, 36};
  static final int ALL_CONDITIONS = (1 << Conditions.COUNT) - 1;

  private RandomBatches() {}

  /** A batch for {@code seed}: 0–3,000 rows (every 50th seed has none), capacity a little above. */
  static ScoreBatch batch(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int rows = seed % 50 == 0 ? 0 : 1 + r.nextInt(3_000);
    ScoreBatch b = new ScoreBatch(rows + r.nextInt(8));
    int density = r.nextInt(60); // per-batch condition density, percent
    for (int i = 0; i < rows; i++) {
      b.age()[i] = (byte) (r.nextInt(8) == 0 ? AGE_EDGES[r.nextInt(AGE_EDGES.length)] : r.nextInt(121));
      b.sex()[i] = (byte) r.nextInt(3);
      b.imdDecile()[i] = (byte) (r.nextInt(12) - 1); // -1 = not recorded
      int mode = r.nextInt(10);
      int mask;
      if (mode == 0) {
        mask = 0;
      } else if (mode == 1) {
        mask = ALL_CONDITIONS;
      } else if (mode == 2) {
        mask = 1 << r.nextInt(Conditions.COUNT);
      } else {
        mask = 0;
        for (int c = 0; c < Conditions.COUNT; c++) {
          mask |= (r.nextInt(100) < density ? 1 : 0) << c;
        }
      }
      b.conditions()[i] = mask;
      b.flags()[i] = (byte) r.nextInt(64);
      b.efiDeficits()[i] = (byte) (r.nextInt(3) == 0 ? DEFICIT_EDGES[r.nextInt(DEFICIT_EDGES.length)] : r.nextInt(37));
      b.emergencyAdmissions()[i] = (byte) (r.nextInt(5) == 0 ? r.nextInt(51) : r.nextInt(5));
      b.aeAttendances()[i] = (short) (r.nextInt(5) == 0 ? r.nextInt(201) : r.nextInt(5));
      b.medicines()[i] = (byte) (r.nextInt(5) == 0 ? r.nextInt(101) : r.nextInt(12));
    }
    return b.rowCount(rows);
  }

  /** A model with every coefficient drawn from ±3 logits (intercept from −6..0). */
  static RiskModel model(SplittableRandom r) {
    double[] c = new double[RiskModel.FEATURES.size()];
    c[0] = -6 + 6 * r.nextDouble();
    for (int i = 1; i < c.length; i++) {
      c[i] = -3 + 6 * r.nextDouble();
    }
    return RiskModel.of("random test model", c);
  }
}
