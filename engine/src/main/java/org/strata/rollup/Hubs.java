package org.strata.rollup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;
import org.strata.format.Practice;

/**
 * Which neighbourhood hub each practice belongs to: practice ordinal (the store's {@code PRACTICE} value)
 * → hub ordinal, the hub names (sorted; the sort order defines the ordinals), and for each hub the reason
 * it falls outside {@value #MIN_REGISTERED}–{@value #MAX_REGISTERED} registered patients when that is
 * known. Immutable.
 *
 * <pre>{@code
 * Hubs hubs = Hubs.declaredIn(store.practices())
 *     ? Hubs.fromPracticesFile(store.practices())                        // the practices file's hub column
 *     : HubFormation.form(store.practices(), HubFormation.registeredByPractice(store));
 * int hub = hubs.hubOf(practiceOrdinal);
 * String why = hubs.problem(hub);                                        // null when in range or not known
 * }</pre>
 *
 * Hubs read from the practices file carry no problems (their sizes are not known here); {@link Rollup}
 * flags them from the counts it makes. Hubs from {@link HubFormation} carry the formation's reasons and,
 * in {@link #warnings()}, a warning when the whole footprint is under {@value #MIN_FOOTPRINT}.
 */
public final class Hubs {
  /** Fewest registered patients of a hub (DESIGN §1: hubs serve 30,000–50,000 people). */
  public static final long MIN_REGISTERED = 30_000;
  /** Most registered patients of a hub. */
  public static final long MAX_REGISTERED = 50_000;
  /** Smallest footprint of an integrated care provider. */
  public static final long MIN_FOOTPRINT = 100_000;
  /** Name of the rollup row of people who cannot be placed in a hub; no hub may be called this. */
  public static final String UNASSIGNED = "unassigned";

  private final int[] hubOfPractice;
  private final List<String> names;
  private final List<String> problems;
  private final List<String> warnings;

  Hubs(int[] hubOfPractice, List<String> names, List<String> problems, List<String> warnings) {
    if (names.size() != problems.size()) {
      throw new IllegalArgumentException(names.size() + " hub names but " + problems.size() + " problems");
    }
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      if (n == null || n.isBlank()) {
        throw new IllegalArgumentException("hub " + i + " has a blank name");
      }
      if (UNASSIGNED.equalsIgnoreCase(n.strip())) {
        throw new IllegalArgumentException("a hub must not be called \"" + n + "\": the name is reserved for"
            + " people who cannot be placed in a hub");
      }
      if (i > 0 && names.get(i - 1).compareTo(n) >= 0) {
        throw new IllegalArgumentException("hub names must be sorted and distinct: \"" + names.get(i - 1)
            + "\" then \"" + n + "\"");
      }
    }
    int[] members = new int[names.size()];
    for (int p = 0; p < hubOfPractice.length; p++) {
      int h = hubOfPractice[p];
      if (h < 0 || h >= names.size()) {
        throw new IllegalArgumentException("practice " + p + " is in hub " + h + ", outside 0.."
            + (names.size() - 1));
      }
      members[h]++;
    }
    for (int h = 0; h < members.length; h++) {
      if (members[h] == 0) {
        throw new IllegalArgumentException("hub \"" + names.get(h) + "\" has no practice");
      }
    }
    this.hubOfPractice = hubOfPractice.clone();
    this.names = List.copyOf(names);
    this.problems = Collections.unmodifiableList(new ArrayList<>(problems)); // may hold nulls
    this.warnings = List.copyOf(warnings);
  }

  /** Whether any practice names a hub (the practices file has a filled {@code hub} column). */
  public static boolean declaredIn(List<Practice> practices) {
    for (Practice p : practices) {
      if (p.hub() != null && !p.hub().isBlank()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Hubs as the practices file names them. Every practice must have a hub.
   *
   * @throws IllegalArgumentException naming the first practice (in file order) without a hub, or when no
   *     practice has one
   */
  public static Hubs fromPracticesFile(List<Practice> practices) {
    if (!declaredIn(practices)) {
      throw new IllegalArgumentException("no practice names a hub: form hubs with HubFormation instead");
    }
    TreeSet<String> sorted = new TreeSet<>();
    for (Practice p : practices) {
      if (p.hub() == null || p.hub().isBlank()) {
        throw new IllegalArgumentException("practice " + p.code() + " has no hub while other practices have"
            + " one: give every practice a hub, or none to have hubs formed");
      }
      sorted.add(p.hub());
    }
    List<String> names = new ArrayList<>(sorted);
    TreeMap<String, Integer> ordinal = new TreeMap<>();
    for (int i = 0; i < names.size(); i++) {
      ordinal.put(names.get(i), i);
    }
    int[] hubOf = new int[practices.size()];
    for (int p = 0; p < hubOf.length; p++) {
      hubOf[p] = ordinal.get(practices.get(p).hub());
    }
    return new Hubs(hubOf, names, Collections.nCopies(names.size(), null), List.of());
  }

  /**
   * Why a hub is out of range by the people it serves in total (its registered patients and the unregistered
   * placed in it), or null when it is in range: {@code formed}, the reason hub formation gave (from registered
   * counts), when the total agrees that the hub is out of range, else the counts.
   */
  public static String rangeProblem(long registered, long total, String formed) {
    if (total >= MIN_REGISTERED && total <= MAX_REGISTERED) {
      return null;
    }
    if (formed != null && (total < MIN_REGISTERED) == formed.startsWith("below")) {
      return formed;
    }
    return String.format(Locale.ROOT, "%s: %,d people in total (%,d registered)",
        total < MIN_REGISTERED ? "below 30,000" : "above 50,000", total, registered);
  }

  /**
   * The generic reason a hub of {@code registered} patients is out of range, or null when it is in range.
   */
  public static String rangeProblem(long registered) {
    if (registered < MIN_REGISTERED) {
      return String.format(Locale.ROOT, "below 30,000: %,d registered", registered);
    }
    if (registered > MAX_REGISTERED) {
      return String.format(Locale.ROOT, "above 50,000: %,d registered", registered);
    }
    return null;
  }

  /** Practices covered (the store's practice count). */
  public int practiceCount() {
    return hubOfPractice.length;
  }

  public int hubCount() {
    return names.size();
  }

  /** Hub ordinal of practice ordinal {@code practice}. */
  public int hubOf(int practice) {
    return hubOfPractice[practice];
  }

  /** Practice ordinal → hub ordinal (a copy). */
  public int[] hubOfPractice() {
    return hubOfPractice.clone();
  }

  public String name(int hub) {
    return names.get(hub);
  }

  /** Hub names in ordinal (sorted) order. */
  public List<String> names() {
    return names;
  }

  /** Practices in hub {@code hub}. */
  public int practicesIn(int hub) {
    int n = 0;
    for (int h : hubOfPractice) {
      n += h == hub ? 1 : 0;
    }
    return n;
  }

  /** Why hub {@code hub} is outside 30,000–50,000 registered, or null when it is not (or not known). */
  public String problem(int hub) {
    return problems.get(hub);
  }

  /** Footprint-level warnings from hub formation (for example a footprint under 100,000). */
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hubs h && Arrays.equals(hubOfPractice, h.hubOfPractice) && names.equals(h.names)
        && problems.equals(h.problems) && warnings.equals(h.warnings);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(hubOfPractice) + names.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Hubs[");
    for (int h = 0; h < names.size(); h++) {
      sb.append(h == 0 ? "" : ", ").append(names.get(h)).append(" (").append(practicesIn(h))
          .append(" practices").append(problems.get(h) == null ? "" : "; " + problems.get(h)).append(')');
    }
    return sb.append(']').toString();
  }
}
