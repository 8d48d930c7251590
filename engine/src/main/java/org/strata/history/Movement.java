package org.strata.history;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.strata.level.RisingRisk;

/**
 * What moved between two runs of a results directory: the transition counts for the footprint, each hub and
 * each practice; who moved up a level; who is rising risk; and each practice's worklist of patients newly in
 * level 1 or 2. Patients are store rows of tonight's generation; outputs look up their identifiers.
 */
public final class Movement {
  /** {@code from_level} of a patient not in the earlier run. */
  public static final String NEW = "new";
  /** {@code to_level} of a patient not in tonight's extract. */
  public static final String LEFT = "left";

  /** One row of {@code transitions.csv}. */
  public record Transition(String scope, String unit, String fromLevel, String toLevel, long patients) {}

  /** A patient who moved up a level (toward level 1), with the days since their earlier level began. */
  public record Mover(int row, int fromLevel, int toLevel, String fromRule, String toRule, long days) {}

  /** A patient not in level 1 whose risk percentile rose by at least the policy's points. */
  public record Riser(int row, int level, double fromPercentile, double toPercentile, String fromRun) {}

  /** A patient newly in level 1 or 2. */
  public record WorklistEntry(int row, int level, String previousLevel, double percentile) {}

  private final HistoryRun from;
  private final HistoryRun to;
  private final List<Transition> transitions;
  private final List<Mover> movers;
  private final List<Riser> risers;
  private final Map<String, List<WorklistEntry>> worklists;

  private Movement(HistoryRun from, HistoryRun to, List<Transition> transitions, List<Mover> movers,
      List<Riser> risers, Map<String, List<WorklistEntry>> worklists) {
    this.from = from;
    this.to = to;
    this.transitions = transitions;
    this.movers = movers;
    this.risers = risers;
    this.worklists = worklists;
  }

  /**
   * Counts what moved between the run compared with and tonight, in the pass that writes tonight's records: each
   * worker tallies its share of the rows ({@link #tally}, in worker order), then {@link #movement} adds the
   * patients who left and joins the tallies in row order, so the outputs are the same whatever the threads.
   */
  static final class Counter {
    private final HistoryRun fromRun;
    private final RunLevels from;
    private final HistoryRun toRun;
    private final RiskWindow window;
    private final Units practices;
    private final Units hubs;
    private final int hubUnits; // the last: unplaced
    private final long today;
    private final long minRiseTenths;
    private final List<Tally> tallies = new ArrayList<>();

    Counter(HistoryRun fromRun, RunLevels from, HistoryRun toRun, RiskWindow window, RisingRisk rising) {
      this.fromRun = fromRun;
      this.from = from;
      this.toRun = toRun;
      this.window = window;
      this.practices = new Units(toRun.practices(), fromRun.practices());
      this.hubs = new Units(toRun.hubs(), fromRun.hubs());
      this.hubUnits = hubs.names.size() + 1;
      this.today = toRun.date().toEpochDay();
      this.minRiseTenths = Math.round(rising.minRise() * 10);
    }

    /** A worker's tally, reading the earlier runs with its {@code readers}; in worker order, before the pass. */
    synchronized Tally tally(RunLevelsReader.Set readers) {
      Tally t = new Tally(this, readers);
      tallies.add(t);
      return t;
    }

    /** Adds the patients in the run compared with but not in tonight's ({@code recorded} clear), and joins. */
    Movement movement(BitSet recorded, int[] predictor) {
      long[][] total = new long[1 + hubUnits + practices.names.size()][25]; // footprint, hubs, practices
      for (int s = recorded.nextClearBit(0); s < from.slots; s = recorded.nextClearBit(s + 1)) {
        int a = from.levelOf(s);
        if (a != 0) {
          count(total, a * 5, hubs.ofEarlier(from.hub(s)), practices.ofEarlier(from.practiceOf(s)));
        }
      }
      List<Mover> movers = new ArrayList<>();
      List<Riser> risers = new ArrayList<>();
      Map<String, List<WorklistEntry>> worklists = new LinkedHashMap<>();
      for (String code : toRun.practices()) {
        worklists.put(code, new ArrayList<>());
      }
      for (Tally t : tallies) {
        for (int u = 0; u < total.length; u++) {
          for (int cell = 0; cell < 25; cell++) {
            total[u][cell] += t.counts[u][cell];
          }
        }
        movers.addAll(t.movers);
        risers.addAll(t.risers);
        for (int p = 0; p < t.worklists.size(); p++) {
          worklists.get(toRun.practices().get(p)).addAll(t.worklists.get(p));
        }
      }
      List<Transition> transitions = new ArrayList<>();
      add(transitions, "footprint", "footprint", total[0]);
      for (int h : hubs.sortedIndexes()) {
        add(transitions, "hub", hubs.names.get(h), total[1 + h]);
      }
      add(transitions, "hub", org.strata.rollup.Hubs.UNASSIGNED, total[hubUnits]);
      for (int p : practices.sortedIndexes()) {
        add(transitions, "practice", practices.names.get(p), total[1 + hubUnits + p]);
      }
      Comparator<WorklistEntry> highestRiskFirst = Comparator.<WorklistEntry>comparingInt(e -> -predictor[e.row()])
          .thenComparingInt(WorklistEntry::row);
      worklists.values().forEach(l -> l.sort(highestRiskFirst));
      risers.sort(Comparator.<Riser>comparingDouble(r -> -(r.toPercentile() - r.fromPercentile()))
          .thenComparingInt(Riser::row));
      return new Movement(fromRun, toRun, List.copyOf(transitions), List.copyOf(movers), List.copyOf(risers),
          worklists);
    }

    private void count(long[][] c, int cell, int hub, int practice) {
      c[0][cell]++;
      c[1 + (hub < 0 ? hubUnits - 1 : hub)][cell]++;
      if (practice >= 0) {
        c[1 + hubUnits + practice][cell]++;
      }
    }
  }

  /** One worker's share of the movement: its transition counts and, in row order, its movers, risers, worklists. */
  static final class Tally {
    private final Counter c;
    private final RunLevelsReader from;
    private final RunLevelsReader[] earlier; // the risk window's runs before tonight, oldest first
    private final long[][] counts;
    private final List<Mover> movers = new ArrayList<>();
    private final List<Riser> risers = new ArrayList<>();
    private final List<List<WorklistEntry>> worklists;

    private Tally(Counter c, RunLevelsReader.Set readers) {
      this.c = c;
      this.from = readers.of(c.from);
      List<RunLevels> window = c.window.levels();
      this.earlier = new RunLevelsReader[window.size() - 1];
      for (int k = 0; k < earlier.length; k++) {
        earlier[k] = readers.of(window.get(k));
      }
      this.counts = new long[1 + c.hubUnits + c.practices.names.size()][25];
      int n = c.toRun.practices().size();
      this.worklists = new ArrayList<>(n);
      for (int p = 0; p < n; p++) {
        worklists.add(new ArrayList<>());
      }
    }

    /** Tonight's record of {@code row}'s patient, in slot {@code slot}; rows in order within a worker. */
    void row(int row, int slot, int level, int rule, int percentile, int practice, int hub) {
      int a = from.levelOf(slot); // 0: new since
      c.count(counts, a * 5 + level, c.hubs.ofTonight(hub), c.practices.ofTonight(practice));
      if (a != 0 && level < a) {
        movers.add(new Mover(row, a, level, ruleName(c.fromRun, from.rule(slot)), ruleName(c.toRun, rule),
            c.today - from.since(slot)));
      }
      if (level <= 2 && (a == 0 || a > level) && practice >= 0) {
        worklists.get(practice).add(new WorklistEntry(row, level, a == 0 ? NEW : Integer.toString(a),
            percent(percentile)));
      }
      if (level != 1 && percentile >= 0) {
        Riser r = riser(row, slot, level, percentile);
        if (r != null) {
          risers.add(r);
        }
      }
    }

    private Riser riser(int row, int slot, int level, int now) {
      for (int k = 0; k < earlier.length; k++) { // the earliest of the window's runs the patient was in
        RunLevelsReader r = earlier[k];
        if (r.levelOf(slot) != 0 && r.percentile(slot) >= 0) {
          return now - r.percentile(slot) >= c.minRiseTenths
              ? new Riser(row, level, percent(r.percentile(slot)), percent(now), c.window.runs().get(k).run())
              : null;
        }
      }
      return null;
    }
  }

  private static double percent(int tenths) {
    return tenths < 0 ? Double.NaN : tenths / 10.0;
  }

  private static String ruleName(HistoryRun run, int rule) {
    return rule < 0 ? "" : run.rules().get(rule);
  }

  private static void add(List<Transition> out, String scope, String unit, long[] cells) {
    for (int a = 0; a < 5; a++) {
      for (int b : new int[] {1, 2, 3, 4, 0}) {
        long n = cells[a * 5 + b];
        if (n > 0) {
          out.add(new Transition(scope, unit, a == 0 ? NEW : Integer.toString(a), b == 0 ? LEFT
              : Integer.toString(b), n));
        }
      }
    }
  }

  /** Unit names of tonight's run and of the earlier one, as one list, by name. */
  private static final class Units {
    final List<String> names = new ArrayList<>();
    final int[] tonight;
    final int[] earlier;

    Units(List<String> tonightNames, List<String> earlierNames) {
      Map<String, Integer> index = new HashMap<>();
      tonight = new int[tonightNames.size()];
      earlier = new int[earlierNames.size()];
      for (int i = 0; i < tonightNames.size(); i++) {
        tonight[i] = indexOf(index, tonightNames.get(i));
      }
      for (int i = 0; i < earlierNames.size(); i++) {
        earlier[i] = indexOf(index, earlierNames.get(i));
      }
    }

    private int indexOf(Map<String, Integer> index, String name) {
      return index.computeIfAbsent(name, n -> {
        names.add(n);
        return names.size() - 1;
      });
    }

    int ofTonight(int i) {
      return i < 0 ? -1 : tonight[i];
    }

    int ofEarlier(int i) {
      return i < 0 ? -1 : earlier[i];
    }

    List<Integer> sortedIndexes() {
      TreeMap<String, Integer> byName = new TreeMap<>();
      for (int i = 0; i < names.size(); i++) {
        byName.put(names.get(i), i);
      }
      return List.copyOf(byName.values());
    }
  }

  /** The run compared with. */
  public HistoryRun from() {
    return from;
  }

  /** Tonight's run. */
  public HistoryRun to() {
    return to;
  }

  /** Every non-zero transition count: the footprint, then hubs and practices by name. */
  public List<Transition> transitions() {
    return transitions;
  }

  /** Patients who moved up a level, in store row order. */
  public List<Mover> movers() {
    return movers;
  }

  /** Rising-risk patients, the largest rise first. */
  public List<Riser> risers() {
    return risers;
  }

  /** For each of tonight's practices (in the practices file's order), its worklist, highest risk first. */
  public Map<String, List<WorklistEntry>> worklists() {
    return java.util.Collections.unmodifiableMap(worklists);
  }
}
