package org.strata.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.format.Practice;
import org.strata.level.LevelAssigner;
import org.strata.level.LevelResult;
import org.strata.level.Policy;
import org.strata.score.ScoreColumns;
import org.strata.score.Scorer;
import org.strata.store.Store;

class RollupTest {

  /** Random level inputs over a real store. */
  record Inputs(byte[] level, byte[] rule, List<String> ruleNames, ScoreColumns scores) {}

  static Inputs randomInputs(SplittableRandom rnd, int rows) {
    int ruleCount = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(Rollup.MAX_RULES);
    List<String> names = new ArrayList<>();
    for (int k = 0; k < ruleCount; k++) {
      names.add("L" + (1 + k % 3) + " rule_" + k);
    }
    int hot = 1 + rnd.nextInt(5); // few rules used often, so top-3 ties happen
    int mode = rnd.nextInt(4);
    byte[] level = new byte[rows];
    byte[] rule = new byte[rows];
    ScoreColumns s = new ScoreColumns(rows).rowCount(rows);
    for (int i = 0; i < rows; i++) {
      level[i] = (byte) (mode == 0 ? 1 + rnd.nextInt(4) : mode == 1 ? 4 : mode == 2 ? 1
          : rnd.nextInt(50) == 0 ? 1 : rnd.nextInt(10) == 0 ? 2 : rnd.nextInt(20) == 0 ? 3 : 4);
      boolean decided = ruleCount > 0 && (level[i] < 4 || rnd.nextInt(10) == 0);
      rule[i] = (byte) (!decided ? -1 : rnd.nextBoolean() ? rnd.nextInt(Math.min(hot, ruleCount))
          : rnd.nextInt(ruleCount));
      s.efiCategory()[i] = (byte) rnd.nextInt(4);
      s.ltcCount()[i] = (byte) rnd.nextInt(7);
      s.riskX1e6()[i] = rnd.nextInt(10) == 0 ? 1_000_000 : rnd.nextInt(1_000_001);
    }
    return new Inputs(level, rule, names, s);
  }

  /** Random hubs: k names (one with a comma), practices spread over them; or formed hubs. */
  static Hubs randomHubs(SplittableRandom rnd, List<Practice> practices, long[] registered) {
    if (rnd.nextInt(5) == 0) {
      return HubFormation.form(practices, registered);
    }
    int k = 1 + rnd.nextInt(Math.min(5, practices.size()));
    List<Practice> withHubs = new ArrayList<>();
    for (Practice p : practices) {
      int h = rnd.nextInt(k);
      withHubs.add(new Practice(p.code(), p.name(), p.latitude(), p.longitude(), h == 0 ? "Hub, north" : "Hub " + h));
    }
    return Hubs.fromPracticesFile(withHubs);
  }

  private static void checkTotals(RollupTables t, long rows, String context) {
    assertEquals(rows, t.footprint().total(), context);
    long sum = t.unassigned() == null ? 0 : t.unassigned().total();
    long registered = 0;
    for (RollupTables.Row h : t.hubs()) {
      sum += h.total();
    }
    for (RollupTables.Row p : t.practices()) {
      registered += p.registered();
      assertEquals(0, p.unregistered(), context);
    }
    assertEquals(rows, sum, context + ": hubs + unassigned");
    assertEquals(t.footprint().registered(), registered, context + ": practices");
    List<RollupTables.Row> all = new ArrayList<>(t.practices());
    all.addAll(t.hubs());
    all.add(t.footprint());
    for (RollupTables.Row r : all) {
      assertEquals(r.total(), r.level1() + r.level2() + r.level3() + r.level4(), context + ": " + r.code());
    }
  }

  private static void compareWithReference(Path storeDir, long seeds, String name) throws IOException {
    try (Store store = Store.open(storeDir)) {
      List<ReferenceRollup.Person> people = ReferenceRollup.decode(store);
      long[] registered = HubFormation.registeredByPractice(store);
      int rows = (int) store.rowCount();
      for (long seed = 1; seed <= seeds; seed++) {
        String context = name + ", seed " + seed;
        SplittableRandom rnd = new SplittableRandom(seed);
        Inputs in = randomInputs(rnd, rows);
        Hubs hubs = randomHubs(rnd, store.practices(), registered);
        RollupTables actual = Rollup.compute(in.level(), in.rule(), in.ruleNames(), in.scores(), store, hubs);
        RollupTables expected = ReferenceRollup.compute(people, in.level(), in.rule(), in.ruleNames(),
            in.scores(), store.practices(), hubs, Rollup.hasCost(store), actual.warnings(),
            store.manifest().ingest());
        assertEquals(expected.footprint(), actual.footprint(), context);
        assertEquals(expected.hubs(), actual.hubs(), context);
        assertEquals(expected.unassigned(), actual.unassigned(), context);
        assertEquals(expected.practices(), actual.practices(), context);
        assertEquals(expected, actual, context);
        assertEquals(expected.hubsCsv(), actual.hubsCsv(), context);
        checkTotals(actual, rows, context);
      }
    }
  }

  /**
   * The cells a cluster's partitions fill row by row ({@link RollupCells}), in two halves summed, give the
   * reference's tables: the same CSV and JSON as {@link Rollup#compute} over the store.
   */
  @Test
  void cellsFilledRowByRowInPiecesGiveTheReferenceTables() throws IOException {
    try (Store store = Store.open(RollupTestData.smallStore())) {
      List<ReferenceRollup.Person> people = ReferenceRollup.decode(store);
      long[] registered = HubFormation.registeredByPractice(store);
      java.util.Map<String, Integer> practice = new java.util.HashMap<>();
      for (int p = 0; p < store.practices().size(); p++) {
        practice.put(store.practices().get(p).code(), p);
      }
      java.util.Map<String, Integer> lsoa = new java.util.HashMap<>();
      for (int l = 0; l < store.lsoas().size(); l++) {
        lsoa.put(store.lsoas().get(l), l);
      }
      int rows = (int) store.rowCount();
      for (long seed = 1; seed <= 10; seed++) {
        String context = "seed " + seed;
        SplittableRandom rnd = new SplittableRandom(seed);
        Inputs in = randomInputs(rnd, rows);
        Hubs hubs = randomHubs(rnd, store.practices(), registered);
        RollupTables engine = Rollup.compute(in.level(), in.rule(), in.ruleNames(), in.scores(), store, hubs);
        RollupTables expected = ReferenceRollup.compute(people, in.level(), in.rule(), in.ruleNames(),
            in.scores(), store.practices(), hubs, Rollup.hasCost(store), engine.warnings(),
            store.manifest().ingest());
        int[] hubOfLsoa = engine.hubOfLsoa();
        RollupCells[] halves = new RollupCells[2];
        for (int h = 0; h < 2; h++) {
          halves[h] = new RollupCells(store.practices().size(), hubs.hubCount(), in.ruleNames().size());
        }
        for (int i = 0; i < rows; i++) {
          ReferenceRollup.Person person = people.get(i);
          RollupCells c = halves[rnd.nextInt(2)];
          Integer p = person.practice() == null ? null : practice.get(person.practice());
          Integer l = person.lsoa() == null ? null : lsoa.get(person.lsoa());
          int hub = l == null ? UnregisteredPlacement.UNPLACED : hubOfLsoa[l];
          int cell = p != null ? p : hub != UnregisteredPlacement.UNPLACED ? c.hubCell(hub) : c.unassignedCell();
          c.add(cell, in.level()[i], in.rule()[i], person.age(), in.scores().efiCategory()[i],
              in.scores().ltcCount()[i], in.scores().riskX1e6()[i], person.admissions(),
              person.costPence() == null ? -1 : (int) (long) person.costPence());
        }
        RollupTables actual = halves[0].add(halves[1]).tables(in.ruleNames(), store.practices(), hubs,
            Rollup.hasCost(store), rows, store.manifest().ingest());
        assertEquals(expected.practicesCsv(), actual.practicesCsv(), context);
        assertEquals(expected.hubsCsv(), actual.hubsCsv(), context);
        assertEquals(expected.footprintCsv(), actual.footprintCsv(), context);
        assertEquals(expected.json(), actual.json(), context);
      }
    }
  }

  @Test
  void matchesTheReferenceOnTheSmallFixture() throws IOException {
    compareWithReference(RollupTestData.smallStore(), 25, "small fixture");
  }

  /** The hand-built store has people who cannot be placed, and batches of three rows. */
  @Test
  void matchesTheReferenceWithUnassignedPeople(@TempDir Path tmp) throws IOException {
    Path store = UnregisteredPlacementTest.handBuiltStore(tmp, 3);
    compareWithReference(store, 40, "hand-built");
    try (Store s = Store.open(store)) {
      Inputs in = randomInputs(new SplittableRandom(7), (int) s.rowCount());
      RollupTables t = Rollup.compute(in.level(), in.rule(), in.ruleNames(), in.scores(), s,
          Hubs.fromPracticesFile(s.practices()));
      assertNotNull(t.unassigned());
      assertEquals(2, t.unassigned().unregistered());
      assertEquals(2, t.hubs().get(1).unregistered()); // hub B: the two of E01000001
      assertEquals(1, t.hubs().get(0).unregistered()); // hub A: the one of E01000002, by the tie-break
      assertTrue(t.hubsCsv().endsWith(",\"" + Rollup.UNASSIGNED_NOTE + "\"\n"), t.hubsCsv());
      assertTrue(t.hasCost());
    }
  }

  /**
   * The public path, from a stratification (levels and scores derived batch by batch, batches shared out
   * between the cores), equals the reference over the same levels and scores as whole-footprint arrays.
   */
  @Test
  void fromLevelResultMatchesTheReference(@TempDir Path tmp) throws IOException {
    Path[] stores = {RollupTestData.smallStore(), UnregisteredPlacementTest.handBuiltStore(tmp, 3)};
    for (Path dir : stores) {
      try (Store store = Store.open(dir)) {
        Policy policy = Policy.defaultPolicy();
        LevelResult levels = LevelAssigner.assign(store, policy, null, 0);
        int rows = (int) store.rowCount();
        byte[] level = new byte[rows];
        byte[] rule = new byte[rows];
        for (int i = 0; i < rows; i++) {
          level[i] = (byte) levels.level(i);
          rule[i] = (byte) levels.decidingRule(i);
        }
        ScoreColumns scores = Scorer.create(policy.riskModel()).scoreAll(store);
        Hubs hubs = Hubs.declaredIn(store.practices()) ? Hubs.fromPracticesFile(store.practices())
            : HubFormation.form(store.practices(), HubFormation.registeredByPractice(store));
        RollupTables actual = Rollup.compute(levels, store, hubs);
        RollupTables expected = ReferenceRollup.compute(ReferenceRollup.decode(store), level, rule,
            levels.ruleNames(), scores, store.practices(), hubs, Rollup.hasCost(store), actual.warnings(),
            store.manifest().ingest());
        assertEquals(expected, actual, dir.toString());
        assertEquals(Rollup.compute(level, rule, levels.ruleNames(), scores, store, hubs), actual, dir.toString());
        checkTotals(actual, rows, dir.toString());
      }
    }
  }

  @Test
  void rejectsBadInputs() throws IOException {
    try (Store store = Store.open(RollupTestData.smallStore())) {
      int rows = (int) store.rowCount();
      Inputs in = randomInputs(new SplittableRandom(1), rows);
      Hubs hubs = HubFormation.form(store.practices(), HubFormation.registeredByPractice(store));
      byte[] level = in.level().clone();
      level[17] = 0;
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Rollup.compute(level, in.rule(), in.ruleNames(), in.scores(), store, hubs));
      assertEquals("level must be 1..4: row 17 has 0", e.getMessage());
      byte[] rule = in.rule().clone();
      rule[3] = (byte) in.ruleNames().size();
      e = assertThrows(IllegalArgumentException.class,
          () -> Rollup.compute(in.level(), rule, in.ruleNames(), in.scores(), store, hubs));
      assertTrue(e.getMessage().startsWith("deciding rule must be -1.."), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Rollup.compute(Arrays.copyOf(in.level(), rows - 1),
          in.rule(), in.ruleNames(), in.scores(), store, hubs));
    }
  }

  private static final Set<String> COUNT_COLUMNS = Set.of("registered", "unregistered", "total", "level1",
      "level2", "level3", "level4", "aged_65_plus", "frailty_moderate", "frailty_severe", "ltc_2_plus",
      "emergency_admissions_last_12m", "cost_recorded");

  @Test
  void suppressedOutputHidesCountsOneToFour(@TempDir Path tmp) throws IOException {
    try (Store store = Store.open(RollupTestData.smallStore())) {
      int rows = (int) store.rowCount();
      SplittableRandom rnd = new SplittableRandom(3);
      Inputs in = randomInputs(rnd, rows);
      for (int i = 0; i < rows; i++) {
        in.level()[i] = (byte) (i % 97 == 0 ? 1 : i % 5 == 0 ? 2 : 4); // a few level 1 per practice
        in.rule()[i] = (byte) (in.level()[i] == 4 || in.ruleNames().isEmpty() ? -1 : i % in.ruleNames().size());
      }
      Hubs hubs = randomHubs(new SplittableRandom(4), store.practices(), HubFormation.registeredByPractice(store));
      RollupTables exact = Rollup.compute(in.level(), in.rule(), in.ruleNames(), in.scores(), store, hubs);
      RollupTables shared = exact.suppressed(RollupTables.DEFAULT_SUPPRESSION_THRESHOLD);
      assertEquals(0, exact.suppressionThreshold());
      int stars = 0;
      for (String csv : List.of(shared.practicesCsv(), shared.hubsCsv(), shared.footprintCsv())) {
        List<String[]> table = parse(csv);
        String[] header = table.get(0);
        for (String[] row : table.subList(1, table.size())) {
          assertEquals(header.length, row.length, csv);
          for (int c = 0; c < header.length; c++) {
            String h = header[c];
            if (COUNT_COLUMNS.contains(h) || h.endsWith("_count")) {
              if (row[c].equals("*")) {
                stars++;
              } else if (!row[c].isEmpty()) {
                long v = Long.parseLong(row[c]);
                assertTrue(v == 0 || v >= 5, h + " = " + v + " in " + String.join(",", row));
              }
            }
            if (h.matches("level\\d_share_pct") && (row[c - 1].equals("*") || row[indexOf(header, "total")].equals("*"))) {
              assertEquals("", row[c], "share of a suppressed count: " + String.join(",", row));
            }
          }
        }
      }
      assertTrue(stars > 0, "the fixture has small counts to suppress");
      assertTrue(shared.json().contains("\"*\""));
      assertTrue(shared.json().contains("\"threshold\" : 5"), shared.json());
      assertThrows(IllegalArgumentException.class, () -> exact.suppressed(1));

      // Byte-identical for the same inputs.
      exact.write(tmp.resolve("a"));
      Rollup.compute(in.level(), in.rule(), in.ruleNames(), in.scores(), store, hubs).write(tmp.resolve("b"));
      for (String f : List.of("practices.csv", "hubs.csv", "footprint.csv", "rollup.json")) {
        assertEquals(-1L, Files.mismatch(tmp.resolve("a").resolve(f), tmp.resolve("b").resolve(f)), f);
      }
    }
  }

  @Test
  void storeWithoutCostLeavesCostBlank(@TempDir Path tmp) throws IOException {
    String patients = "patient_id,practice_code,lsoa,age,sex\n"
        + RollupTestData.nhsNumber(0) + ",X00001,E01000001,70,F\n"
        + RollupTestData.nhsNumber(1) + ",,E01000001,30,M\n";
    try (Store store = Store.open(RollupTestData.storeOf(tmp, UnregisteredPlacementTest.PRACTICES, patients, 10))) {
      Inputs in = new Inputs(new byte[] {1, 4}, new byte[] {0, -1}, List.of("L1 palliative_care"),
          new ScoreColumns(2).rowCount(2));
      RollupTables t = Rollup.compute(in.level(), in.rule(), in.ruleNames(), in.scores(), store,
          Hubs.fromPracticesFile(store.practices()));
      assertTrue(!t.hasCost());
      assertNull(t.unassigned());
      List<String[]> fp = parse(t.footprintCsv());
      assertEquals("", fp.get(1)[indexOf(fp.get(0), "cost_gbp")]);
      assertEquals("", fp.get(1)[indexOf(fp.get(0), "cost_recorded")]);
      assertEquals("L1 palliative_care", fp.get(1)[indexOf(fp.get(0), "level1_reason1")]);
      assertEquals(1, t.footprint().unregistered());
      assertEquals(1, t.footprint().aged65Plus());
    }
  }

  static int indexOf(String[] header, String name) {
    int i = Arrays.asList(header).indexOf(name);
    assertTrue(i >= 0, name);
    return i;
  }

  /** Minimal RFC 4180 parse of our own output (quoted fields hold commas, never line breaks). */
  static List<String[]> parse(String csv) {
    List<String[]> out = new ArrayList<>();
    for (String line : csv.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      List<String> fields = new ArrayList<>();
      StringBuilder f = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char ch = line.charAt(i);
        if (quoted) {
          if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
            f.append('"');
            i++;
          } else if (ch == '"') {
            quoted = false;
          } else {
            f.append(ch);
          }
        } else if (ch == '"') {
          quoted = true;
        } else if (ch == ',') {
          fields.add(f.toString());
          f.setLength(0);
        } else {
          f.append(ch);
        }
      }
      fields.add(f.toString());
      out.add(fields.toArray(new String[0]));
    }
    return out;
  }
}
