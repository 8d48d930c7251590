package org.strata.rollup;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.strata.format.Practice;
import org.strata.score.ScoreColumns;
import org.strata.store.Store;
import org.strata.store.StoreManifest;

/**
 * The obvious rollup: decode every row with {@link Store#row}, look groups up by name in hash maps, place
 * the unregistered by counting (LSOA code, hub name) in nested maps. Slow and plain, for comparison.
 */
final class ReferenceRollup {

  /** One decoded store row. */
  record Person(String practice, String lsoa, int age, int admissions, Long costPence) {}

  static List<Person> decode(Store store) {
    List<Person> people = new ArrayList<>();
    for (long r = 0; r < store.rowCount(); r++) {
      Map<String, Object> row = store.row(r);
      Object cost = row.get("cost_12m");
      people.add(new Person((String) row.get("practice_code"), (String) row.get("lsoa"),
          ((Number) row.get("age")).intValue(), ((Number) row.get("emergency_admissions")).intValue(),
          cost == null ? null : new BigDecimal((String) cost).movePointRight(2).longValueExact()));
    }
    return people;
  }

  private static final class Acc {
    long registered;
    long unregistered;
    final long[] levels = new long[4];
    long aged;
    long moderate;
    long severe;
    long ltc2;
    long risk;
    long admissions;
    long cost;
    long costRecorded;
    final List<Map<Integer, Long>> rules = List.of(new HashMap<>(), new HashMap<>(), new HashMap<>(),
        new HashMap<>());
  }

  static RollupTables compute(List<Person> people, byte[] level, byte[] rule, List<String> ruleNames,
      ScoreColumns scores, List<Practice> practices, Hubs hubs, boolean hasCost, List<String> warnings,
      StoreManifest.IngestCounts ingest) {
    Map<String, String> hubOfPractice = new HashMap<>();
    for (int p = 0; p < practices.size(); p++) {
      hubOfPractice.put(practices.get(p).code(), hubs.name(hubs.hubOf(p)));
    }
    Map<String, Map<String, Long>> residents = new HashMap<>();
    for (Person person : people) {
      if (person.practice() != null && person.lsoa() != null) {
        residents.computeIfAbsent(person.lsoa(), k -> new TreeMap<>())
            .merge(hubOfPractice.get(person.practice()), 1L, Long::sum);
      }
    }
    Map<String, Acc> groups = new HashMap<>();
    for (int i = 0; i < people.size(); i++) {
      Person person = people.get(i);
      List<String> keys = new ArrayList<>();
      keys.add("F");
      if (person.practice() != null) {
        keys.add("P:" + person.practice());
        keys.add("H:" + hubOfPractice.get(person.practice()));
      } else {
        String hub = null;
        Map<String, Long> counts = person.lsoa() == null ? null : residents.get(person.lsoa());
        if (counts != null) {
          for (Map.Entry<String, Long> e : counts.entrySet()) { // sorted by hub name = hub ordinal
            if (hub == null || e.getValue() > counts.get(hub)) {
              hub = e.getKey();
            }
          }
        }
        keys.add(hub == null ? "U" : "H:" + hub);
      }
      for (String key : keys) {
        Acc a = groups.computeIfAbsent(key, k -> new Acc());
        if (person.practice() != null) {
          a.registered++;
        } else {
          a.unregistered++;
        }
        a.levels[level[i] - 1]++;
        if (rule[i] >= 0) {
          a.rules.get(level[i] - 1).merge((int) rule[i], 1L, Long::sum);
        }
        a.aged += person.age() >= 65 ? 1 : 0;
        a.moderate += scores.efiCategory()[i] == 2 ? 1 : 0;
        a.severe += scores.efiCategory()[i] == 3 ? 1 : 0;
        a.ltc2 += scores.ltcCount()[i] >= 2 ? 1 : 0;
        a.risk += scores.riskX1e6()[i];
        a.admissions += person.admissions();
        if (hasCost && person.costPence() != null) {
          a.cost += person.costPence();
          a.costRecorded++;
        }
      }
    }
    List<RollupTables.Row> practiceRows = new ArrayList<>();
    for (Practice p : practices) {
      practiceRows.add(row(RollupTables.Kind.PRACTICE, p.code(), p.name(), hubOfPractice.get(p.code()), 1,
          groups.get("P:" + p.code()), ruleNames, null));
    }
    practiceRows.sort((a, b) -> a.code().compareTo(b.code()));
    List<RollupTables.Row> hubRows = new ArrayList<>();
    for (int h = 0; h < hubs.hubCount(); h++) {
      String name = hubs.name(h);
      Acc a = groups.get("H:" + name);
      long registered = a == null ? 0 : a.registered;
      long total = registered + (a == null ? 0 : a.unregistered);
      // flagged by everyone the hub serves; formation's own reason kept when it says the same (below or above)
      String flag = null;
      if (total < 30_000 || total > 50_000) {
        String side = total < 30_000 ? "below 30,000" : "above 50,000";
        flag = hubs.problem(h) != null && hubs.problem(h).startsWith(side) ? hubs.problem(h)
            : String.format(java.util.Locale.ROOT, "%s: %,d people in total (%,d registered)", side, total,
                registered);
      }
      hubRows.add(row(RollupTables.Kind.HUB, name, name, name, hubs.practicesIn(h), a, ruleNames, flag));
    }
    RollupTables.Row unassigned = groups.containsKey("U") ? row(RollupTables.Kind.UNASSIGNED, "unassigned",
        "unassigned", "unassigned", 0, groups.get("U"), ruleNames, Rollup.UNASSIGNED_NOTE) : null;
    RollupTables.Row footprint = row(RollupTables.Kind.FOOTPRINT, "footprint", "footprint", null,
        practices.size(), groups.get("F"), ruleNames, null);
    return new RollupTables(practiceRows, hubRows, unassigned, footprint, hubs.hubCount(), hasCost, warnings, 0,
        ingest, null); // the placement is not part of the tables' equality
  }

  private static RollupTables.Row row(RollupTables.Kind kind, String code, String name, String hub,
      int practices, Acc a, List<String> ruleNames, String flag) {
    if (a == null) {
      a = new Acc();
    }
    List<List<RollupTables.Reason>> top = new ArrayList<>();
    for (int lv = 0; lv < 4; lv++) {
      List<Map.Entry<Integer, Long>> entries = new ArrayList<>(a.rules.get(lv).entrySet());
      entries.sort((x, y) -> x.getValue().equals(y.getValue()) ? Integer.compare(x.getKey(), y.getKey())
          : Long.compare(y.getValue(), x.getValue()));
      List<RollupTables.Reason> reasons = new ArrayList<>();
      for (int k = 0; k < Math.min(3, entries.size()); k++) {
        reasons.add(new RollupTables.Reason(ruleNames.get(entries.get(k).getKey()), entries.get(k).getValue()));
      }
      top.add(reasons);
    }
    return new RollupTables.Row(kind, code, name, hub, practices, a.registered, a.unregistered, a.levels[0],
        a.levels[1], a.levels[2], a.levels[3], a.aged, a.moderate, a.severe, a.ltc2, a.risk, a.admissions, a.cost,
        a.costRecorded, top, flag, java.util.Map.of());
  }

  private ReferenceRollup() {}
}
