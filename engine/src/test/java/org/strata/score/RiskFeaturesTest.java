package org.strata.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one encoding of the admission model's features against a plain restatement of the model's published
 * definition (RiskModel's table, feature names in {@link RiskModel#FEATURES}), written here from the
 * definition and not from the encoding: dense vectors, one {@code if} per feature, on seeded edge-heavy batches.
 */
class RiskFeaturesTest {

  /** The features of one row, densely, from the definition. */
  static long[] reference(int age, int sex, int imdDecile, int flags, int efiCategory, int cmsX100, int emergency,
      int ae, int medicines) {
    long[] f = new long[RiskModel.FEATURES.size()];
    f[0] = 1; // intercept
    int a = age & 0xFF; // a negative byte is never stored; read unsigned it is over 85
    if (a <= 17) {
      f[1] = 1;
    } else if (a >= 50 && a <= 64) {
      f[2] = 1;
    } else if (a >= 65 && a <= 74) {
      f[3] = 1;
    } else if (a >= 75 && a <= 84) {
      f[4] = 1;
    } else if (a >= 85) {
      f[5] = 1;
    }
    f[6] = sex == 1 ? 1 : 0;
    f[7] = cmsX100; // hundredths of a CMS point
    int e = efiCategory & 3;
    f[8] = e == 1 ? 1 : 0;
    f[9] = e == 2 ? 1 : 0;
    f[10] = e == 3 ? 1 : 0;
    f[11] = Math.min(emergency, 3);
    f[12] = Math.min(ae, 3);
    f[13] = (flags & (1 << org.strata.format.Flags.CARE_HOME)) != 0 ? 1 : 0;
    f[14] = (flags & (1 << org.strata.format.Flags.PALLIATIVE_CARE)) != 0 ? 1 : 0;
    int d = imdDecile & 0xFF; // 1..10; anything else is "not recorded" and scores as quintile 3
    if (d >= 1 && d <= 10) {
      int quintile = (d + 1) / 2;
      f[15] = quintile == 1 ? 1 : 0;
      f[16] = quintile == 2 ? 1 : 0;
      f[17] = quintile == 4 ? 1 : 0;
      f[18] = quintile == 5 ? 1 : 0;
    }
    f[19] = medicines >= 10 ? 1 : 0;
    return f;
  }

  @Test
  void theEncodingIsTheModelsDefinition() {
    Random r = new Random(20261205L);
    for (long seed = 1; seed <= 30; seed++) {
      ScoreBatch in = RandomBatches.batch(seed);
      final int rows = in.rowCount();
      byte[] efi = new byte[rows];
      int[] cms = new int[rows];
      for (int i = 0; i < rows; i++) {
        in.imdDecile()[i] = (byte) (r.nextInt(14) - 2); // -2..11: the not-recorded codes and both edges
        efi[i] = (byte) r.nextInt(4);
        cms[i] = r.nextInt(4) == 0 ? 0 : r.nextInt(3000);
      }
      int[] index = new int[rows * RiskFeatures.MAX_NONZERO];
      int[] value = new int[rows * RiskFeatures.MAX_NONZERO];
      byte[] count = new byte[rows];
      RiskFeatures.sparse(in, efi, cms, index, value, count);
      for (int i = 0; i < rows; i++) {
        long[] dense = new long[RiskFeatures.COUNT];
        for (int j = 0; j < count[i]; j++) {
          dense[index[i * RiskFeatures.MAX_NONZERO + j]] = value[i * RiskFeatures.MAX_NONZERO + j];
        }
        long[] expected = reference(in.age()[i], in.sex()[i], in.imdDecile()[i], in.flags()[i], efi[i], cms[i],
            in.emergencyAdmissions()[i], in.aeAttendances()[i], in.medicines()[i]);
        assertArrayEquals(expected, dense, "seed " + seed + " row " + i);
      }
    }
  }
}
