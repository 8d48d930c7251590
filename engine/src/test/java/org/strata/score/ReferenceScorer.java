package org.strata.score;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.strata.format.Flags;

/**
 * The scores one row at a time, written the obvious way: if-else chains, one condition at a time, doubles
 * where a person would use them. The kernels must give the same integers.
 */
final class ReferenceScorer {
  /** General weights as doubles, read from the CSV here (independently of CambridgeWeights). */
  static final double[] WEIGHTS = readWeights();

  private ReferenceScorer() {}

  static int efiCategory(int deficits) {
    if (deficits <= 4) {
      return 0;
    } else if (deficits <= 8) {
      return 1;
    } else if (deficits <= 12) {
      return 2;
    } else {
      return 3;
    }
  }

  static int ltcCount(int mask) {
    int n = 0;
    for (int c = 0; c < 20; c++) {
      if ((mask & (1 << c)) != 0) {
        n++;
      }
    }
    return n;
  }

  static double cms(int mask) {
    double s = 0;
    for (int c = 0; c < 20; c++) {
      if ((mask & (1 << c)) != 0) {
        s += WEIGHTS[c];
      }
    }
    return s;
  }

  /** IMD quintile, 1 most deprived; not recorded → 3. */
  static int quintile(int decile) {
    if (decile < 1 || decile > 10) {
      return 3;
    }
    return (decile + 1) / 2;
  }

  /** Index of the CMS feature in {@link RiskModel#FEATURES}. */
  static final int CMS = RiskModel.FEATURES.indexOf("cms_per_point");

  /** The row's feature vector in {@link RiskModel#FEATURES} order (the CMS in points). */
  static double[] features(ScoreBatch b, int i) {
    double[] x = new double[RiskModel.FEATURES.size()];
    x[0] = 1;
    int age = b.age()[i];
    if (age < 18) {
      x[1] = 1;
    } else if (age >= 50 && age < 65) {
      x[2] = 1;
    } else if (age >= 65 && age < 75) {
      x[3] = 1;
    } else if (age >= 75 && age < 85) {
      x[4] = 1;
    } else if (age >= 85) {
      x[5] = 1;
    }
    if (b.sex()[i] == 1) {
      x[6] = 1;
    }
    x[7] = cms(b.conditions()[i]);
    int cat = efiCategory(b.efiDeficits()[i]);
    if (cat > 0) {
      x[7 + cat] = 1; // 8 mild, 9 moderate, 10 severe
    }
    x[11] = Math.min(b.emergencyAdmissions()[i], 3);
    x[12] = Math.min(b.aeAttendances()[i], 3);
    int flags = b.flags()[i];
    x[13] = (flags & (1 << Flags.CARE_HOME)) != 0 ? 1 : 0;
    x[14] = (flags & (1 << Flags.PALLIATIVE_CARE)) != 0 ? 1 : 0;
    switch (quintile(b.imdDecile()[i])) {
      case 1:
        x[15] = 1;
        break;
      case 2:
        x[16] = 1;
        break;
      case 4:
        x[17] = 1;
        break;
      case 5:
        x[18] = 1;
        break;
      default:
        break;
    }
    x[19] = b.medicines()[i] >= 10 ? 1 : 0;
    return x;
  }

  /** The linear predictor in logits, in double, from the unquantised coefficients. */
  static double predictor(RiskModel m, ScoreBatch b, int i) {
    double[] c = m.coefficients();
    double[] x = features(b, i);
    double s = 0;
    for (int k = 0; k < c.length; k++) {
      s += c[k] * x[k];
    }
    return s;
  }

  /**
   * The linear predictor in micro-logits, as documented: each coefficient rounded to 1e-6 logit per unit
   * of its feature (the CMS's unit being 0.01 point), summed as longs.
   */
  static long predictorMicro(RiskModel m, ScoreBatch b, int i) {
    double[] c = m.coefficients();
    double[] x = features(b, i);
    long s = 0;
    for (int k = 0; k < c.length; k++) {
      if (k == CMS) {
        s += Math.round(c[k] * 1e4) * Math.round(x[k] * 100);
      } else {
        s += Math.round(c[k] * 1e6) * (long) x[k];
      }
    }
    return s;
  }

  /** p = 1 / (1 + e^-x), x in micro-logits, rounded to millionths with StrictMath. */
  static int probabilityX1e6(long predictorMicro) {
    return (int) Math.round(1e6 / (1 + StrictMath.exp(-predictorMicro / 1e6)));
  }

  private static double[] readWeights() {
    List<String> lines = resourceLines(CambridgeWeights.RESOURCE);
    List<Double> w = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (!line.isBlank()) {
        w.add(Double.parseDouble(line.split(",")[1]));
      }
    }
    double[] out = new double[w.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = w.get(i);
    }
    return out;
  }

  static List<String> resourceLines(String resource) {
    try (InputStream in = ReferenceScorer.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
