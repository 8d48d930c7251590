package org.strata.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.strata.level.Rule;

/**
 * The footprint's top-percent cuts, exact, without collecting the footprint: for every cut, {@code ceil(X% ×
 * eligible)} rows by the integer risk predictor, ties to the lower patient key (equal keys, a pseudonym hash
 * collision, by line) — what the engine's cuts select on one machine. Three aggregations, all cuts at once: (1)
 * a histogram of the predictor's high 16 bits among the adults and among everyone, which fixes each cut's
 * boundary bucket; (2) a histogram of the low 16 bits inside each boundary bucket, which fixes the boundary
 * value and how many of the rows equal to it are taken; (3) only the rows equal to the boundary (the tie group,
 * usually a handful) are brought to the driver as (key, line) and ranked. The marking is then a map.
 */
final class DistributedCuts {
  static final int BUCKETS = 1 << 16;

  private DistributedCuts() {}

  /** One cut, decided: rows above {@code lower} are selected, and of those equal to {@code tie} up to the cutoff. */
  record Decided(int bit, boolean adultsOnly, long lower, long tie, long cutoffKey, int cutoffLine)
      implements java.io.Serializable {
    boolean selects(int predictor, int reasons, long key, int line) {
      if (adultsOnly && reasons >= 0) { // bit 31: RowRules.ADULT
        return false;
      }
      if (predictor > lower) {
        return true;
      }
      return predictor == tie && (key < cutoffKey || key == cutoffKey && line <= cutoffLine);
    }
  }

  /** Decides every cut over {@code rows} (ScoredRows, duplicates dropped). */
  static List<Decided> decide(JavaRDD<Row> rows, List<Rule> cuts) {
    List<Decided> out = new ArrayList<>();
    if (cuts.isEmpty()) {
      return out;
    }
    long[][] high = rows.aggregate(new long[2][BUCKETS], (h, r) -> {
      int u = r.getInt(ScoredRows.PREDICTOR) ^ Integer.MIN_VALUE;
      if (r.getInt(ScoredRows.REASONS) < 0) {
        h[0][u >>> 16]++;
      }
      h[1][u >>> 16]++;
      return h;
    }, DistributedCuts::sum);
    final int m = cuts.size();
    final int[] bucket = new int[m];
    final long[] need = new long[m];
    final boolean[] split = new boolean[m];
    final long[] lower = new long[m];
    final long[] tie = new long[m];
    final boolean[] adults = new boolean[m];
    for (int c = 0; c < m; c++) {
      Rule rule = cuts.get(c);
      adults[c] = rule.eligible() == Rule.Eligible.ADULTS;
      long[] hist = high[adults[c] ? 0 : 1];
      long eligible = 0;
      for (long v : hist) {
        eligible += v;
      }
      long k = Math.min(rule.selectCount(eligible), eligible);
      tie[c] = Long.MIN_VALUE;
      if (k == 0) {
        lower[c] = Integer.MAX_VALUE; // no one
      } else if (k == eligible) {
        lower[c] = Integer.MIN_VALUE - 1L; // everyone eligible
      } else {
        int d = BUCKETS - 1;
        for (; hist[d] < k; d--) {
          k -= hist[d]; // every row of a higher bucket is selected
        }
        bucket[c] = d;
        need[c] = k;
        split[c] = true;
      }
    }
    boolean anySplit = false;
    for (boolean s : split) {
      anySplit |= s;
    }
    if (anySplit) {
      long[][] low = rows.aggregate(new long[m][BUCKETS], (h, r) -> {
        int u = r.getInt(ScoredRows.PREDICTOR) ^ Integer.MIN_VALUE;
        boolean adult = r.getInt(ScoredRows.REASONS) < 0;
        for (int c = 0; c < m; c++) {
          if (split[c] && u >>> 16 == bucket[c] && (!adults[c] || adult)) {
            h[c][u & 0xFFFF]++;
          }
        }
        return h;
      }, DistributedCuts::sum);
      for (int c = 0; c < m; c++) {
        if (!split[c]) {
          continue;
        }
        long k = need[c];
        int e = BUCKETS - 1;
        for (; low[c][e] < k; e--) {
          k -= low[c][e];
        }
        int boundary = ((bucket[c] << 16) | e) ^ Integer.MIN_VALUE;
        need[c] = k;
        if (k == low[c][e]) { // the whole tie group is selected
          lower[c] = boundary - 1L;
        } else {
          lower[c] = boundary;
          tie[c] = boundary;
        }
      }
    }
    for (int c = 0; c < m; c++) {
      long cutoffKey = Long.MIN_VALUE;
      int cutoffLine = Integer.MIN_VALUE;
      if (tie[c] != Long.MIN_VALUE) {
        final int boundary = (int) tie[c];
        final boolean adultsOnly = adults[c];
        List<long[]> group = new ArrayList<>(rows
            .filter(r -> r.getInt(ScoredRows.PREDICTOR) == boundary && (!adultsOnly || r.getInt(ScoredRows.REASONS) < 0))
            .map(r -> new long[] {r.getLong(ScoredRows.KEY), r.getInt(ScoredRows.LINE)})
            .collect());
        group.sort(Comparator.<long[]>comparingLong(x -> x[0]).thenComparingLong(x -> x[1]));
        long[] last = group.get((int) need[c] - 1); // the need lowest (key, line) are selected
        cutoffKey = last[0];
        cutoffLine = (int) last[1];
      }
      out.add(new Decided(1 << cuts.get(c).index(), adults[c], lower[c], tie[c], cutoffKey, cutoffLine));
    }
    return out;
  }

  /** The reasons of a row with every decided cut's bit set where it selects the row. */
  static int mark(List<Decided> cuts, Row r) {
    int reasons = r.getInt(ScoredRows.REASONS);
    final int p = r.getInt(ScoredRows.PREDICTOR);
    final long key = r.getLong(ScoredRows.KEY);
    final int line = r.getInt(ScoredRows.LINE);
    int marked = reasons;
    for (Decided c : cuts) {
      if (c.selects(p, reasons, key, line)) {
        marked |= c.bit();
      }
    }
    return marked;
  }

  private static long[][] sum(long[][] a, long[][] b) {
    for (int g = 0; g < a.length; g++) {
      for (int i = 0; i < a[g].length; i++) {
        a[g][i] += b[g][i];
      }
    }
    return a;
  }
}
