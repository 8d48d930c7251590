package org.strata.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.strata.level.LevelResult;
import org.strata.level.RisingRisk;
import org.strata.parallel.Workers;

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

  static Movement of(HistoryRun fromRun, RunLevels from, HistoryRun toRun, RunLevels to, RowSlots slotOfRow,
      LevelResult levels, RiskWindow window, RisingRisk rising) {
    Units practices = new Units(toRun.practices(), fromRun.practices());
    Units hubs = new Units(toRun.hubs(), fromRun.hubs());
    int slots = Math.max(from.slots, to.slots);
    int hubUnits = hubs.names.size() + 1; // the last: unplaced
    int practiceUnits = practices.names.size();
    // each worker counts a range of slots into counts of its own, added up after: integers, the same whatever
    // the threads
    int workers = Workers.forItems(slots);
    long[][][] counts = new long[workers][][];
    Workers.runShares(workers, slots, "strata-movement-", (w, first, end) -> {
      long[][] c = new long[1 + hubUnits + practiceUnits][25]; // footprint, hubs, practices
      for (int s = first; s < end; s++) {
        int a = from.levelOf(s);
        int b = to.levelOf(s);
        if (a == 0 && b == 0) {
          continue;
        }
        int cell = a * 5 + b; // from 0 = new, to 0 = left
        c[0][cell]++;
        int hub = b != 0 ? hubs.ofTonight(to.hub(s)) : hubs.ofEarlier(from.hub(s));
        c[1 + (hub < 0 ? hubUnits - 1 : hub)][cell]++;
        int practice = b != 0 ? practices.ofTonight(to.practice(s)) : practices.ofEarlier(from.practice(s));
        if (practice >= 0) {
          c[1 + hubUnits + practice][cell]++;
        }
      }
      counts[w] = c;
    });
    long[][] total = counts[0];
    for (int w = 1; w < workers; w++) {
      for (int u = 0; u < total.length; u++) {
        for (int cell = 0; cell < 25; cell++) {
          total[u][cell] += counts[w][u][cell];
        }
      }
    }
    long[] footprint = total[0];
    long[][] byHub = java.util.Arrays.copyOfRange(total, 1, 1 + hubUnits);
    long[][] byPractice = java.util.Arrays.copyOfRange(total, 1 + hubUnits, total.length);
    List<Transition> transitions = new ArrayList<>();
    add(transitions, "footprint", "footprint", footprint);
    for (int h : hubs.sortedIndexes()) {
      add(transitions, "hub", hubs.names.get(h), byHub[h]);
    }
    add(transitions, "hub", org.strata.rollup.Hubs.UNASSIGNED, byHub[hubs.names.size()]);
    for (int p : practices.sortedIndexes()) {
      add(transitions, "practice", practices.names.get(p), byPractice[p]);
    }

    long today = toRun.date().toEpochDay();
    int[] predictor = levels.riskPredictorMicro();
    int rows = slotOfRow.rows();
    int practicesTonight = toRun.practices().size();
    // each worker a range of rows, its lists joined in row order after: the same lists whatever the threads
    int rowWorkers = Workers.forItems(rows);
    List<List<Mover>> moversOf = new ArrayList<>(java.util.Collections.nCopies(rowWorkers, null));
    List<List<Riser>> risersOf = new ArrayList<>(java.util.Collections.nCopies(rowWorkers, null));
    List<List<List<WorklistEntry>>> worklistsOf = new ArrayList<>(java.util.Collections.nCopies(rowWorkers, null));
    Workers.runShares(rowWorkers, rows, "strata-movement-", (w, first, end) -> {
      List<Mover> m = new ArrayList<>();
      List<Riser> rs = new ArrayList<>();
      List<List<WorklistEntry>> wl = new ArrayList<>(practicesTonight);
      for (int p = 0; p < practicesTonight; p++) {
        wl.add(new ArrayList<>());
      }
      int[] slot = new int[RowSlots.CHUNK];
      for (int row = first, base = first - RowSlots.CHUNK; row < end; row++) {
        if (row - base == RowSlots.CHUNK) { // the next rows' slots
          base = row;
          slotOfRow.read(row, Math.min(RowSlots.CHUNK, end - row), slot);
        }
        int s = slot[row - base];
        int a = from.levelOf(s);
        int b = to.levelOf(s);
        if (a != 0 && b < a) {
          m.add(new Mover(row, a, b, ruleName(fromRun, from.rule(s)), ruleName(toRun, to.rule(s)),
              today - from.since(s)));
        }
        if (b <= 2 && (a == 0 || a > b) && to.practice(s) >= 0) {
          wl.get(to.practice(s)).add(new WorklistEntry(row, b, a == 0 ? NEW : Integer.toString(a),
              percent(to.percentile(s))));
        }
        if (b != 1 && to.percentile(s) >= 0) {
          Riser r = riser(row, s, b, to.percentile(s), window, rising);
          if (r != null) {
            rs.add(r);
          }
        }
      }
      moversOf.set(w, m);
      risersOf.set(w, rs);
      worklistsOf.set(w, wl);
    });
    List<Mover> movers = new ArrayList<>();
    List<Riser> risers = new ArrayList<>();
    Map<String, List<WorklistEntry>> worklists = new LinkedHashMap<>();
    for (String code : toRun.practices()) {
      worklists.put(code, new ArrayList<>());
    }
    for (int w = 0; w < rowWorkers; w++) {
      movers.addAll(moversOf.get(w));
      risers.addAll(risersOf.get(w));
      for (int p = 0; p < practicesTonight; p++) {
        worklists.get(toRun.practices().get(p)).addAll(worklistsOf.get(w).get(p));
      }
    }
    Comparator<WorklistEntry> highestRiskFirst = Comparator.<WorklistEntry>comparingInt(e -> -predictor[e.row()])
        .thenComparingInt(WorklistEntry::row);
    worklists.values().forEach(l -> l.sort(highestRiskFirst));
    risers.sort(Comparator.<Riser>comparingDouble(r -> -(r.toPercentile() - r.fromPercentile()))
        .thenComparingInt(Riser::row));
    return new Movement(fromRun, toRun, List.copyOf(transitions), List.copyOf(movers), List.copyOf(risers),
        worklists);
  }

  private static Riser riser(int row, int slot, int level, short now, RiskWindow window, RisingRisk rising) {
    List<RunLevels> runs = window.levels();
    for (int k = 0; k < runs.size() - 1; k++) { // the earliest of the window's runs the patient was in
      RunLevels r = runs.get(k);
      if (r.levelOf(slot) != 0 && r.percentile(slot) >= 0) {
        return (now - r.percentile(slot)) >= Math.round(rising.minRise() * 10)
            ? new Riser(row, level, percent(r.percentile(slot)), percent(now), window.runs().get(k).run())
            : null;
      }
    }
    return null;
  }

  private static double percent(short tenths) {
    return tenths < 0 ? Double.NaN : tenths / 10.0;
  }

  private static String ruleName(HistoryRun run, byte rule) {
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

    int ofTonight(short i) {
      return i < 0 ? -1 : tonight[i];
    }

    int ofEarlier(short i) {
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
