package org.strata.rollup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.strata.format.PatientColumn;
import org.strata.format.Practice;
import org.strata.store.Store;

/**
 * Forms neighbourhood hubs when the practices file names none: every practice goes into exactly one hub of
 * geographically close practices with {@value Hubs#MIN_REGISTERED}–{@value Hubs#MAX_REGISTERED} registered
 * patients where the geography allows, and a hub that cannot meet the range is kept and says why.
 *
 * <pre>{@code
 * try (Store store = Store.open(dir)) {
 *   Hubs hubs = HubFormation.form(store.practices(), HubFormation.registeredByPractice(store));
 *   hubs.warnings().forEach(System.out::println);   // e.g. a footprint under 100,000
 * }
 * }</pre>
 *
 * <p>The method is greedy agglomeration, deterministic by construction (no randomness; every choice that
 * could tie is broken by distance and then by practice code; distances are haversine kilometres on a
 * sphere of radius {@value #EARTH_RADIUS_KM} km computed with {@link StrictMath}):
 * <ol>
 *   <li><b>Seed.</b> Take the unassigned practice farthest from the footprint's centroid (the plain mean of
 *       the practices' latitudes and longitudes; ties: lowest code). Working inwards from the edge leaves the
 *       practices with the most neighbours to the last hubs.
 *   <li><b>Grow.</b> Walk the unassigned practices within the reach (default {@value #DEFAULT_REACH_KM} km)
 *       of the seed, nearest first, adding each one that keeps the hub at or under 50,000 and skipping one
 *       that would overshoot (so a smaller practice a little farther away gets the place), until the hub
 *       reaches 30,000. A practice that has more than 50,000 on its own is a hub on its own.
 *   <li><b>Merge leftovers.</b> While a hub under 30,000 remains that has not been tried, merge the
 *       smallest (ties: lowest lead code) into the nearest other hub (single linkage: the closest pair of
 *       their practices, within the reach) that stays at or under 50,000 with it. A hub that has no such
 *       neighbour stays as it is.
 *   <li><b>Report.</b> Every hub still outside the range carries its reason: a remote practice that
 *       cannot reach a neighbour within the reach, a footprint with fewer than 30,000 registered in all, no
 *       neighbouring hub able to take it, or one practice above 50,000. A footprint under 100,000
 *       registered gets a warning in {@link Hubs#warnings()}.
 *   <li><b>Name.</b> Hubs are numbered west to east by the longitude of their centroid (ties: north first,
 *       then lead code) and named after their largest practice (ties: lowest code):
 *       {@code "Hub 01 (X12345 +4)"} is hub 1, led by X12345 with four more practices. Zero-padding makes
 *       the sorted names (which define the hub ordinals) follow the numbers.
 * </ol>
 * Greedy agglomeration does not minimise anything globally: it is a reproducible, explainable first cut
 * that a footprint replaces with its own hub column once hubs are agreed.
 */
public final class HubFormation {
  /** How far (km) a hub reaches for practices by default: a neighbourhood, not a county. */
  public static final double DEFAULT_REACH_KM = 20.0;
  /** Mean Earth radius (IUGG), km. */
  public static final double EARTH_RADIUS_KM = 6371.0088;

  private static final double KM_PER_DEGREE_LAT = EARTH_RADIUS_KM * Math.PI / 180.0;

  private HubFormation() {}

  /** Forms hubs with the default reach of {@value #DEFAULT_REACH_KM} km. */
  public static Hubs form(List<Practice> practices, long[] registeredByPractice) {
    return form(practices, registeredByPractice, DEFAULT_REACH_KM);
  }

  /**
   * Forms hubs.
   *
   * @param practices in ordinal order (as {@link Store#practices()})
   * @param registeredByPractice registered patients of each practice, same order
   * @param reachKm how far a hub reaches for practices, km (positive)
   */
  public static Hubs form(List<Practice> practices, long[] registeredByPractice, double reachKm) {
    final int n = practices.size();
    if (registeredByPractice.length != n) {
      throw new IllegalArgumentException(n + " practices but " + registeredByPractice.length
          + " registered counts");
    }
    if (!(reachKm > 0 && reachKm < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("reach must be a positive number of km: " + reachKm);
    }
    final double[] lat = new double[n];
    final double[] lon = new double[n];
    final long[] reg = registeredByPractice.clone();
    long total = 0;
    double latSum = 0;
    double lonSum = 0;
    for (int p = 0; p < n; p++) {
      Practice pr = practices.get(p);
      lat[p] = pr.latitude();
      lon[p] = pr.longitude();
      if (!(Math.abs(lat[p]) <= 90 && Math.abs(lon[p]) <= 180)) {
        throw new IllegalArgumentException("practice " + pr.code() + " has no usable position: latitude "
            + lat[p] + ", longitude " + lon[p]);
      }
      if (reg[p] < 0) {
        throw new IllegalArgumentException("practice " + pr.code() + " has a negative registered count: "
            + reg[p]);
      }
      total += reg[p];
      latSum += lat[p];
      lonSum += lon[p];
    }
    List<String> warnings = new ArrayList<>();
    if (total < Hubs.MIN_FOOTPRINT) {
      warnings.add(String.format(Locale.ROOT, Rollup.FOOTPRINT_WARNING + " %,d registered patients in %d"
          + " practices (an integrated care provider serves at least 100,000; hubs of 30,000-50,000 may"
          + " not form)", total, n));
    }
    if (n == 0) {
      return new Hubs(new int[0], List.of(), List.of(), warnings);
    }
    final double cLat = latSum / n;
    final double cLon = lonSum / n;
    final String[] code = new String[n];
    final double[] fromCentre = new double[n];
    for (int p = 0; p < n; p++) {
      code[p] = practices.get(p).code();
      fromCentre[p] = distanceKm(lat[p], lon[p], cLat, cLon);
    }

    // 1-2: seed from the edge inwards and grow to 30,000.
    Integer[] seedOrder = boxedRange(n);
    Arrays.sort(seedOrder, Comparator.<Integer>comparingDouble(p -> -fromCentre[p])
        .thenComparing(p -> code[p]));
    final boolean[] taken = new boolean[n];
    List<Group> groups = new ArrayList<>();
    for (int seed : seedOrder) {
      if (taken[seed]) {
        continue;
      }
      Group g = new Group();
      g.add(seed, reg[seed]);
      taken[seed] = true;
      if (g.registered < Hubs.MIN_REGISTERED) {
        List<Integer> near = new ArrayList<>();
        double[] d = new double[n];
        for (int q = 0; q < n; q++) {
          if (!taken[q] && Math.abs(lat[q] - lat[seed]) * KM_PER_DEGREE_LAT <= reachKm) {
            d[q] = distanceKm(lat[seed], lon[seed], lat[q], lon[q]);
            if (d[q] <= reachKm) {
              near.add(q);
            }
          }
        }
        near.sort(Comparator.<Integer>comparingDouble(q -> d[q]).thenComparing(q -> code[q]));
        for (int q : near) {
          if (g.registered >= Hubs.MIN_REGISTERED) {
            break;
          }
          if (g.registered + reg[q] <= Hubs.MAX_REGISTERED) {
            g.add(q, reg[q]);
            taken[q] = true;
          }
        }
      }
      groups.add(g);
    }

    // 3: merge leftovers into the nearest hub that can take them.
    List<Group> tried = new ArrayList<>();
    while (true) {
      Group small = null;
      for (Group g : groups) {
        if (g.registered < Hubs.MIN_REGISTERED && !tried.contains(g)
            && (small == null || g.registered < small.registered
                || g.registered == small.registered && lead(g, reg, code).compareTo(lead(small, reg, code)) < 0)) {
          small = g;
        }
      }
      if (small == null) {
        break;
      }
      Group best = null;
      double bestKm = Double.POSITIVE_INFINITY;
      for (Group other : groups) {
        if (other == small || other.registered + small.registered > Hubs.MAX_REGISTERED) {
          continue;
        }
        double km = linkKm(small, other, lat, lon, reachKm);
        if (km <= reachKm && (km < bestKm
            || km == bestKm && lead(other, reg, code).compareTo(lead(best, reg, code)) < 0)) {
          best = other;
          bestKm = km;
        }
      }
      if (best == null) {
        tried.add(small);
      } else {
        for (int p : small.members) {
          best.add(p, reg[p]);
        }
        groups.remove(small);
        tried.clear(); // a merge changes the neighbourhood: every small hub may try again
      }
    }

    // 3b: no hub of nobody: practices without registered patients join the nearest hub that has some,
    // however far (a hub of 0 people can serve no one and would be flagged for nothing it can change).
    for (Group empty : new ArrayList<>(groups)) {
      if (empty.registered > 0 || groups.size() == 1) {
        continue;
      }
      Group best = null;
      double bestKm = Double.POSITIVE_INFINITY;
      for (Group other : groups) {
        if (other == empty || other.registered == 0) {
          continue;
        }
        double km = linkKm(empty, other, lat, lon, Double.POSITIVE_INFINITY);
        if (km < bestKm || km == bestKm && lead(other, reg, code).compareTo(lead(best, reg, code)) < 0) {
          best = other;
          bestKm = km;
        }
      }
      if (best != null) {
        for (int p : empty.members) {
          best.add(p, reg[p]);
        }
        groups.remove(empty);
      }
    }

    // 4-5: reasons, order and names.
    for (Group g : groups) {
      double sLat = 0;
      double sLon = 0;
      for (int p : g.members) {
        sLat += lat[p];
        sLon += lon[p];
      }
      g.lat = sLat / g.members.size();
      g.lon = sLon / g.members.size();
      g.lead = lead(g, reg, code);
    }
    groups.sort(Comparator.<Group>comparingDouble(g -> g.lon).thenComparing(g -> -g.lat)
        .thenComparing(g -> g.lead));
    int width = Math.max(2, Integer.toString(groups.size()).length());
    int[] hubOf = new int[n];
    List<String> names = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int h = 0; h < groups.size(); h++) {
      Group g = groups.get(h);
      int more = g.members.size() - 1;
      names.add(String.format(Locale.ROOT, "Hub %0" + width + "d (%s%s)", h + 1, g.lead,
          more == 0 ? "" : " +" + more));
      problems.add(problem(g, groups, total, reg, code, lat, lon, reachKm));
      for (int p : g.members) {
        hubOf[p] = h;
      }
    }
    return new Hubs(hubOf, names, problems, warnings);
  }

  /**
   * Registered patients of each practice of the store (rows with a practice ordinal), in ordinal order: one
   * pass over the practice column.
   */
  public static long[] registeredByPractice(Store store) {
    final long[] counts = new long[store.practices().size()];
    final short[] practice = new short[store.maxBatchRows()];
    for (int b = 0; b < store.batchCount(); b++) {
      final int rows = store.batchRows(b);
      store.readShorts(PatientColumn.PRACTICE, b, 0, practice, 0, rows);
      for (int i = 0; i < rows; i++) {
        final int p = practice[i];
        if (p >= 0) {
          counts[p]++;
        }
      }
    }
    return counts;
  }

  /** Great-circle distance in km (haversine), with {@link StrictMath} so every JDK gives the same bits. */
  public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
    double p1 = StrictMath.toRadians(lat1);
    double p2 = StrictMath.toRadians(lat2);
    double dp = p2 - p1;
    double dl = StrictMath.toRadians(lon2 - lon1);
    double s1 = StrictMath.sin(dp / 2);
    double s2 = StrictMath.sin(dl / 2);
    double a = s1 * s1 + StrictMath.cos(p1) * StrictMath.cos(p2) * s2 * s2;
    return 2 * EARTH_RADIUS_KM * StrictMath.asin(StrictMath.sqrt(Math.min(1.0, a)));
  }

  private static final class Group {
    final List<Integer> members = new ArrayList<>();
    long registered;
    double lat;
    double lon;
    String lead;

    void add(int p, long reg) {
      members.add(p);
      registered += reg;
    }
  }

  private static Integer[] boxedRange(int n) {
    Integer[] a = new Integer[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  /** The largest practice of a group (ties: lowest code). */
  private static String lead(Group g, long[] reg, String[] code) {
    if (g == null) {
      return "";
    }
    int best = g.members.get(0);
    for (int p : g.members) {
      if (reg[p] > reg[best] || reg[p] == reg[best] && code[p].compareTo(code[best]) < 0) {
        best = p;
      }
    }
    return code[best];
  }

  /** Closest pair of practices between two groups, km; +∞ when none is within {@code reachKm}. */
  private static double linkKm(Group a, Group b, double[] lat, double[] lon, double reachKm) {
    double best = Double.POSITIVE_INFINITY;
    for (int p : a.members) {
      for (int q : b.members) {
        if (Math.abs(lat[p] - lat[q]) * KM_PER_DEGREE_LAT <= reachKm) {
          best = Math.min(best, distanceKm(lat[p], lon[p], lat[q], lon[q]));
        }
      }
    }
    return best;
  }

  private static String problem(Group g, List<Group> groups, long total, long[] reg, String[] code, double[] lat,
      double[] lon, double reachKm) {
    int hubCount = groups.size();
    if (g.registered > Hubs.MAX_REGISTERED) {
      return String.format(Locale.ROOT, "above 50,000: practice %s has %,d registered on its own", g.lead,
          g.registered);
    }
    if (g.registered >= Hubs.MIN_REGISTERED) {
      return null;
    }
    if (hubCount == 1) {
      return String.format(Locale.ROOT, "below 30,000: the whole footprint has %,d registered", total);
    }
    if (g.members.size() == 1) {
      int p = g.members.get(0);
      int nearest = -1;
      double nearestKm = Double.POSITIVE_INFINITY;
      for (int q = 0; q < reg.length; q++) {
        if (q != p) {
          double km = distanceKm(lat[p], lon[p], lat[q], lon[q]);
          if (km < nearestKm || km == nearestKm && code[q].compareTo(code[nearest]) < 0) {
            nearest = q;
            nearestKm = km;
          }
        }
      }
      if (nearestKm > reachKm) {
        return String.format(Locale.ROOT, "below 30,000: remote practice %s (%,d registered) cannot reach a"
            + " neighbour within %s km (nearest %s at %.1f km)", code[p], g.registered, km(reachKm),
            code[nearest], nearestKm);
      }
    }
    boolean neighbour = false;
    for (Group other : groups) {
      neighbour |= other != g && linkKm(g, other, lat, lon, reachKm) <= reachKm;
    }
    if (!neighbour) { // nothing to merge with, however small it is
      return String.format(Locale.ROOT, "below 30,000: %,d registered, and no other hub within %s km to join",
          g.registered, km(reachKm));
    }
    return String.format(Locale.ROOT, "below 30,000: %,d registered, and every hub within %s km would pass"
        + " 50,000 with its practices", g.registered, km(reachKm));
  }

  private static String km(double km) {
    return km == Math.rint(km) ? Long.toString((long) km) : Double.toString(km);
  }
}
