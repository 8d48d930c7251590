package org.strata.score;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The registry of scores beyond the four built-in ones: add a {@link Score} to {@link #REGISTERED} and it can
 * be used by name in a policy, and is written and rolled up by every run whose policy names it.
 */
public final class Scores {
  /** The registered scores, in the order outputs write them. */
  public static final List<Score> REGISTERED = check(List.of(new Polypharmacy()));

  private Scores() {}

  /** The registered score of that name, or null. */
  public static Score named(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (Score s : REGISTERED) {
      if (s.name().equals(n)) {
        return s;
      }
    }
    return null;
  }

  /** A registered score's position in {@link #REGISTERED}, which {@link ScoreColumns#registered} is indexed by. */
  public static int indexOf(Score score) {
    int i = REGISTERED.indexOf(score);
    if (i < 0) {
      throw new IllegalArgumentException(score.name() + " is not registered");
    }
    return i;
  }

  /** The registered scores among {@code names}, in registry order. */
  public static List<Score> among(Set<String> names) {
    List<Score> out = new ArrayList<>();
    for (Score s : REGISTERED) {
      if (names.contains(s.name())) {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  private static List<Score> check(List<Score> scores) {
    Set<String> names = new HashSet<>(List.of("efi_category", "ltc_count", "cms", "risk", "admission_risk"));
    for (Score s : scores) {
      if (!s.name().matches("[a-z][a-z0-9_]*") || !names.add(s.name())) {
        throw new ExceptionInInitializerError("score name '" + s.name() + "' is not a new lower-case name");
      }
      if (s.max() < 0 || s.max() > Integer.MAX_VALUE / 2) {
        throw new ExceptionInInitializerError("score " + s.name() + ": max " + s.max());
      }
    }
    return List.copyOf(scores);
  }
}
