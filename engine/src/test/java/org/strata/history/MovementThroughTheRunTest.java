package org.strata.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strata.level.RisingRisk;
import org.junit.jupiter.api.io.TempDir;
import org.strata.cli.StrataCommandTest;

/**
 * Three months of an evolving footprint, each run into the same results directory from the command line, as a
 * user would; the movement outputs are held to a plain recount from consecutive runs' {@code patients.csv}.
 */
class MovementThroughTheRunTest {
  static Path dir;
  static Path results;
  static Path store;

  @BeforeAll
  static void threeMonths(@TempDir Path tmp) {
    dir = tmp;
    assertEquals(0, StrataCommandTest.run("generate", "--patients", "6000", "--months", "3", "--seed", "4", "--out",
        tmp.resolve("m").toString(), "--quiet").exit());
    store = tmp.resolve("store");
    results = tmp.resolve("results");
    for (int m = 1; m <= 3; m++) {
      Path month = tmp.resolve("m/month-0" + m);
      StrataCommandTest.Run r = StrataCommandTest.run("run", "--patients", month.resolve("patients.csv").toString(),
          "--practices", month.resolve("practices.csv").toString(), "--store", store.toString(), "--out",
          results.toString(), "--form-hubs", "--quiet");
      assertEquals(0, r.exit(), r.err());
      assertEquals(m > 1, r.out().contains("Movement since r00000" + (m - 1)), r.out());
    }
  }

  /** id → {level, practice_code} of a run's patients.csv. */
  private static Map<String, String[]> patients(String run) throws IOException {
    Map<String, String[]> out = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(results.resolve("runs").resolve(run).resolve("patients.csv"));
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",", -1);
      out.put(f[0], new String[] {f[2], f[1]});
    }
    return out;
  }

  private static Map<String, Long> recount(String from, String to) throws IOException {
    Map<String, String[]> a = patients(from);
    Map<String, String[]> b = patients(to);
    Set<String> ids = new HashSet<>(a.keySet());
    ids.addAll(b.keySet());
    Map<String, Long> n = new TreeMap<>();
    for (String id : ids) {
      String fromLevel = a.containsKey(id) ? a.get(id)[0] : "new";
      String toLevel = b.containsKey(id) ? b.get(id)[0] : "left";
      String practice = b.containsKey(id) ? b.get(id)[1] : a.get(id)[1];
      n.merge("footprint,footprint," + fromLevel + "," + toLevel, 1L, Long::sum);
      if (!practice.isEmpty()) {
        n.merge("practice," + practice + "," + fromLevel + "," + toLevel, 1L, Long::sum);
      }
    }
    return n;
  }

  private static Map<String, Long> transitions(String run, String... scopes) throws IOException {
    Map<String, Long> n = new TreeMap<>();
    List<String> lines = Files.readAllLines(results.resolve("runs").resolve(run).resolve("transitions.csv"));
    assertEquals("scope,unit,from_level,to_level,patients", lines.get(0));
    for (String l : lines.subList(1, lines.size())) {
      int cut = l.lastIndexOf(',');
      if (List.of(scopes).contains(l.substring(0, l.indexOf(',')))) {
        n.put(l.substring(0, cut), Long.parseLong(l.substring(cut + 1)));
      }
    }
    return n;
  }

  @Test
  void transitionsAreARecountOfConsecutiveRuns() throws IOException {
    assertFalse(Files.exists(results.resolve("runs/r000001/transitions.csv")), "a first run has nothing to compare");
    for (String[] pair : new String[][] {{"r000001", "r000002"}, {"r000002", "r000003"}}) {
      Map<String, Long> expected = recount(pair[0], pair[1]);
      assertEquals(expected, transitions(pair[1], "footprint", "practice"), pair[1]);
      assertTrue(expected.keySet().stream().anyMatch(k -> k.contains(",new,")), "someone joined");
      assertTrue(expected.keySet().stream().anyMatch(k -> k.endsWith(",left")), "someone left");
      // the hubs partition the footprint
      Map<String, Long> byHub = new TreeMap<>();
      transitions(pair[1], "hub").forEach((k, v) -> byHub.merge(k.substring(k.indexOf(',', 4) + 1), v, Long::sum));
      Map<String, Long> footprint = new TreeMap<>();
      transitions(pair[1], "footprint").forEach((k, v) -> footprint.put(k.substring("footprint,footprint,".length()), v));
      assertEquals(footprint, byHub, "hub rows add up to the footprint's");
    }
  }

  @Test
  void moversAreThePatientsWhoMovedUpALevel() throws IOException {
    Map<String, String[]> a = patients("r000002");
    Map<String, String[]> b = patients("r000003");
    Set<String> expected = new HashSet<>();
    for (String id : b.keySet()) {
      if (a.containsKey(id) && Integer.parseInt(b.get(id)[0]) < Integer.parseInt(a.get(id)[0])) {
        expected.add(id);
      }
    }
    List<String> lines = Files.readAllLines(results.resolve("runs/r000003/movers.csv"));
    assertEquals("patient_id,practice_code,from_level,to_level,from_rule,to_rule,days_since_previous_change",
        lines.get(0));
    Set<String> movers = new HashSet<>();
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",", -1);
      movers.add(f[0]);
      assertEquals(a.get(f[0])[0], f[2], "from_level");
      assertEquals(b.get(f[0])[0], f[3], "to_level");
      assertTrue(Long.parseLong(f[6]) >= 0, "days");
    }
    assertFalse(expected.isEmpty());
    assertEquals(expected, movers);
  }

  @Test
  void worklistsHoldEachPracticesPatientsNewlyInLevelOneOrTwo() throws IOException {
    Map<String, String[]> a = patients("r000002");
    Map<String, String[]> b = patients("r000003");
    Map<String, Set<String>> expected = new HashMap<>();
    for (Map.Entry<String, String[]> e : b.entrySet()) {
      int to = Integer.parseInt(e.getValue()[0]);
      String from = a.containsKey(e.getKey()) ? a.get(e.getKey())[0] : "new";
      if (to <= 2 && (from.equals("new") || Integer.parseInt(from) > to) && !e.getValue()[1].isEmpty()) {
        expected.computeIfAbsent(e.getValue()[1], k -> new HashSet<>()).add(e.getKey());
      }
    }
    Path lists = results.resolve("runs/r000003/worklists");
    List<String> practices = Files.readAllLines(dir.resolve("m/month-03/practices.csv")).stream().skip(1)
        .map(l -> l.substring(0, l.indexOf(','))).toList();
    for (String code : practices) {
      List<String> lines = Files.readAllLines(lists.resolve(code + ".csv"));
      assertEquals("patient_id,level,previous_level,deciding_rule,reasons,risk_percentile", lines.get(0));
      Set<String> ids = new HashSet<>();
      List<Double> risk = new ArrayList<>();
      for (String l : lines.subList(1, lines.size())) {
        String[] f = l.split(",", -1);
        ids.add(f[0]);
        assertFalse(f[3].isEmpty(), "a deciding rule");
        assertTrue(f[4].contains(f[3]), "the deciding rule is among the reasons");
        if (!f[5].isEmpty()) {
          risk.add(Double.parseDouble(f[5]));
        }
      }
      assertEquals(expected.getOrDefault(code, Set.of()), ids, code);
      for (int i = 1; i < risk.size(); i++) {
        assertTrue(risk.get(i - 1) >= risk.get(i), code + ": highest risk first " + risk);
      }
    }
  }

  @Test
  void theSharedCopyIsSuppressed() throws IOException {
    List<String> lines = Files.readAllLines(results.resolve("runs/r000003/shared/transitions.csv"));
    boolean starred = false;
    for (String l : lines.subList(1, lines.size())) {
      String n = l.substring(l.lastIndexOf(',') + 1);
      starred |= n.equals("*");
      assertTrue(n.equals("*") || Long.parseLong(n) % 5 == 0, "suppressed or rounded to 5: " + l);
    }
    assertTrue(starred, "small numbers were hidden");
    assertFalse(Files.exists(results.resolve("runs/r000003/shared/movers.csv")), "identifiable files are not shared");
  }

  @Test
  void historyPrintsOnePatientsRuns() throws IOException {
    Map<String, String[]> a = patients("r000001");
    Map<String, String[]> c = patients("r000003");
    String id = a.keySet().stream().filter(c::containsKey).findFirst().orElseThrow();
    StrataCommandTest.Run r = StrataCommandTest.run("history", "--store", store.toString(), id);
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("reference_date"), r.out());
    for (int i = 1; i <= 3; i++) {
      assertTrue(lines.get(i).contains(" r00000" + i + " "), r.out());
    }
    assertEquals(c.get(id)[0], lines.get(3).split("\\s+")[2], "tonight's level");
    assertFalse(r.out().contains(id) || r.err().contains(id), "the identifier is not echoed");
    StrataCommandTest.Run unknown = StrataCommandTest.run("history", "--store", store.toString(), "943 476 5919");
    assertEquals(1, unknown.exit(), unknown.err());
  }

  @Test
  void compareWithMeasuresFromAnyKeptRun() throws IOException {
    StrataCommandTest.Run bad = StrataCommandTest.run("run", "--store", store.toString(), "--out", results.toString(),
        "--form-hubs", "--compare-with", "r000042", "--quiet");
    assertEquals(2, bad.exit(), bad.err());
    assertTrue(bad.err().contains("--compare-with r000042: not a kept run"), bad.err());
    StrataCommandTest.Run r = StrataCommandTest.run("run", "--store", store.toString(), "--out", results.toString(),
        "--form-hubs", "--compare-with", "r000001", "--quiet");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("Movement since r000001"), r.out());
    String run = Files.readString(results.resolve("CURRENT")).strip(); // the other tests read r000001-r000003
    assertEquals(recount("r000001", run), transitions(run, "footprint", "practice"));
  }

  /** The files the next run reads in its record pass are the ones read ahead while it scores, in that order. */
  @Test
  void theFilesReadAheadAreTheOnesTheNextRunReads() throws IOException {
    Path current = History.directory(store).current();
    List<String> names = HistoryManifest.read(current).runs().stream().map(HistoryRun::file).toList();
    int n = names.size(); // 3, or 4 after the --compare-with test's run
    assertTrue(n >= 3, names.toString());
    Path r1 = current.resolve(names.get(0));
    Path r2 = current.resolve(names.get(n - 2));
    Path r3 = current.resolve(names.get(n - 1));
    // the run before (record and detail), then the rest of the 3-run rising-risk window
    assertEquals(List.of(r3, RunLevels.detailOf(r3), r2),
        HistoryPrefetch.filesFor(store, results, null, RisingRisk.DEFAULT));
    assertEquals(List.of(r3, RunLevels.detailOf(r3), r1, RunLevels.detailOf(r1), r2),
        HistoryPrefetch.filesFor(store, results, "r000001", RisingRisk.DEFAULT));
    assertEquals(List.of(r3, RunLevels.detailOf(r3)),
        HistoryPrefetch.filesFor(store, results, null, new RisingRisk(20, 2)));
    assertEquals(List.of(), HistoryPrefetch.filesFor(store, dir.resolve("other-results"), null, RisingRisk.DEFAULT));
    assertEquals(List.of(), HistoryPrefetch.filesFor(dir.resolve("no-store"), results, null, RisingRisk.DEFAULT));
    for (Path f : HistoryPrefetch.filesFor(store, results, "r000001", RisingRisk.DEFAULT)) {
      assertTrue(Files.isRegularFile(f), f.toString());
    }
    try (HistoryPrefetch p = HistoryPrefetch.start(store, results, null, RisingRisk.DEFAULT)) {
      p.close(); // stopped at once, and again by the block: nothing thrown, nothing changed
    }
    assertEquals(names, HistoryManifest.read(History.directory(store).current()).runs().stream()
        .map(HistoryRun::file).toList());
  }
}
