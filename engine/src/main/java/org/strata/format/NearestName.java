package org.strata.format;

import java.util.Locale;

/** The known name nearest a mistyped one, for "did you mean …?" in messages about columns and options. */
public final class NearestName {
  private NearestName() {}

  /**
   * The name of {@code known} nearest {@code typed} by edit distance (case ignored), if it is near enough to be
   * a typo — at most 2 edits, and fewer than half the typed length — else null. Ties go to the earlier name.
   */
  public static String of(String typed, Iterable<String> known) {
    String t = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(t, k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best != null && bestDistance > 0 && bestDistance <= 2 && bestDistance * 2 < t.length() ? best : null;
  }

  /** Levenshtein distance: insertions, deletions and substitutions. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] x = prev;
      prev = cur;
      cur = x;
    }
    return prev[b.length()];
  }
}
