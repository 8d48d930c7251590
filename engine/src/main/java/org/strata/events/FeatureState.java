package org.strata.events;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strata.format.InvalidInputException;

/**
 * The features file compiled against the code lists and the reference date, and the per-patient state the event
 * rows build up: one array per term, indexed by patient ordinal. Every update commutes (a flag set, a count
 * added, a latest date kept, a bit set), so the result does not depend on the order rows are read in.
 */
final class FeatureState {
  /** The longest window {@code count: days} keeps a bit per day for. */
  static final int MAX_DAYS_WINDOW = 731;

  static final int ANY = 0;
  static final int ROWS = 1;
  static final int DAYS = 2;
  static final int GROUPS = 3;
  static final int LATEST_VALUE = 4;
  static final int LATEST_DATE = 5;
  static final int DISTINCT = 6;
  static final int BED_DAYS = 7;

  /** One update a matching row makes. */
  static final class Action {
    final int kind;
    final int start;
    final int words;
    final long below;
    final Set<String> methods;
    final Set<String> diagnoses;
    byte[] flag;
    int[] count;
    int[] date;
    long[] value;
    long[] bits;
    LongList pairs;
    /** DISTINCT: each code seen, numbered. */
    LongIntMap denseCodes;

    Action(int kind, int start, int patients, int words, long below, Set<String> methods, Set<String> diagnoses) {
      this.kind = kind;
      this.start = start;
      this.words = words;
      this.below = below;
      this.methods = methods;
      this.diagnoses = diagnoses;
      switch (kind) {
        case ANY -> flag = new byte[patients];
        case ROWS, BED_DAYS -> count = new int[patients];
        case DAYS -> bits = new long[patients * words];
        case GROUPS -> bits = new long[patients];
        case LATEST_VALUE -> {
          date = filled(patients);
          value = new long[patients];
        }
        case LATEST_DATE -> date = filled(patients);
        case DISTINCT -> {
          pairs = new LongList();
          denseCodes = new LongIntMap(1 << 12);
        }
        default -> throw new IllegalArgumentException("kind " + kind);
      }
    }

    private static int[] filled(int n) {
      int[] a = new int[n];
      Arrays.fill(a, Integer.MIN_VALUE);
      return a;
    }
  }

  /** How a feature's value is read from its actions. */
  private record Reading(FeatureSpec.Feature feature, List<Action[]> terms) {}

  final int patients;
  final int reference;
  /** Per code-keyed source (gp_events, medications): which actions each code feeds. */
  final Map<EventSource, CodeMatcher> matchers = new EnumMap<>(EventSource.class);
  /** Per source: actions every row of it feeds (a term without a code list). */
  final Map<EventSource, List<Action>> everyRow = new EnumMap<>(EventSource.class);
  /** apc_spells' terms, checked spell by spell. */
  final List<Action> spells = new ArrayList<>();
  private final List<Reading> readings = new ArrayList<>();

  FeatureState(FeatureSpec spec, CodeLists lists, LocalDate reference, int patients) throws IOException {
    this.patients = patients;
    this.reference = (int) reference.toEpochDay();
    for (EventSource s : EventSource.values()) {
      everyRow.put(s, new ArrayList<>());
      if (s.hasCode()) {
        matchers.put(s, new CodeMatcher());
      }
    }
    for (FeatureSpec.Feature f : spec.features()) {
      List<Action[]> terms = new ArrayList<>();
      for (FeatureSpec.Term t : f.terms()) {
        terms.add(compile(spec.file(), f.column(), t, lists, reference));
      }
      readings.add(new Reading(f, terms));
    }
    matchers.values().forEach(CodeMatcher::freeze); // before any reader thread looks a code up
  }

  /** The sources some feature reads. */
  Set<EventSource> sourcesRead() {
    Set<EventSource> read = new HashSet<>();
    for (Reading r : readings) {
      for (FeatureSpec.Term t : r.feature().terms()) {
        read.add(t.source());
      }
    }
    return read;
  }

  private Action[] compile(String file, String column, FeatureSpec.Term t, CodeLists lists, LocalDate ref)
      throws IOException {
    int start = t.window().startExclusive(ref);
    int kind = switch (t.measure()) {
      case ANY -> t.valueBelowHundredths() != null ? LATEST_VALUE : t.unlessLater() != null ? LATEST_DATE : ANY;
      case ROWS -> ROWS;
      case DAYS -> DAYS;
      case DISTINCT_CODES -> DISTINCT;
      case DISTINCT_GROUPS -> GROUPS;
      case BED_DAYS -> BED_DAYS;
    };
    int words = kind == DAYS ? (this.reference - start + 63) / 64 : 0;
    long below = t.valueBelowHundredths() == null ? 0 : t.valueBelowHundredths();
    if (t.source() == EventSource.APC_SPELLS) {
      Set<String> methods = t.admissionMethod() == null ? null : codes(lists.get(t.admissionMethod()), false);
      Set<String> diagnoses = t.codelist() == null ? null : codes(lists.get(t.codelist()), true);
      Action a = new Action(kind, start, patients, words, below, methods, diagnoses);
      spells.add(a);
      return new Action[] {a};
    }
    Action a = new Action(kind, start, patients, words, below, null, null);
    if (t.codelist() == null) {
      everyRow.get(t.source()).add(a);
      return new Action[] {a};
    }
    CodeList list = lists.get(t.codelist());
    if (kind == GROUPS && (list.groups().isEmpty() || list.groups().size() > 64)) {
      throw new InvalidInputException(file + ": feature '" + column + "': count distinct_groups needs a list with a"
          + " deficit (or group) column of at most 64 groups; " + list.file() + " has " + list.groups().size());
    }
    CodeMatcher m = matchers.get(t.source());
    m.add(list, a, file, column);
    if (kind != LATEST_DATE) {
      return new Action[] {a};
    }
    CodeList resolved = lists.get(t.unlessLater());
    Action b = new Action(LATEST_DATE, Integer.MIN_VALUE, patients, 0, 0, null, null);
    m.add(resolved, b, file, column);
    return new Action[] {a, b};
  }

  private static Set<String> codes(CodeList list, boolean diagnosis) {
    Set<String> s = new HashSet<>();
    for (String c : list.codes()) {
      s.add(diagnosis ? Diagnoses.normalise(c) : c);
    }
    return s;
  }

  /** A row of a code-keyed source, already validated: patient {@code p}, epoch day {@code d}. */
  static void apply(Action a, int p, int d, long value, long code, long groups) {
    if (d <= a.start) {
      return;
    }
    switch (a.kind) {
      case ANY -> a.flag[p] = 1;
      case ROWS -> a.count[p]++;
      case DAYS -> {
        int off = d - a.start - 1;
        a.bits[p * a.words + (off >>> 6)] |= 1L << off;
      }
      case GROUPS -> a.bits[p] |= groups;
      case LATEST_VALUE -> {
        if (value != Long.MIN_VALUE && (d > a.date[p] || d == a.date[p] && value < a.value[p])) {
          a.date[p] = d;
          a.value[p] = value;
        }
      }
      case LATEST_DATE -> {
        if (d > a.date[p]) {
          a.date[p] = d;
        }
      }
      case DISTINCT -> a.pairs.add((long) p << 32 | a.denseCodes.putIfAbsent(code, a.denseCodes.size()));
      default -> throw new IllegalStateException("kind " + a.kind);
    }
  }

  /** A spell, validated: admitted on {@code adm}, discharged on {@code dis} (the reference date if still in). */
  void spell(int p, int adm, int dis, String method, List<String> diagnoses) {
    for (Action a : spells) {
      if (a.methods != null && !a.methods.contains(method)) {
        continue;
      }
      if (a.diagnoses != null && diagnoses.stream().noneMatch(a.diagnoses::contains)) {
        continue;
      }
      if (a.kind == BED_DAYS) {
        int from = Math.max(adm, a.start + 1);
        int to = Math.min(dis, reference + 1);
        if (to > from) {
          a.count[p] += to - from; // the nights of the spell inside the window
        }
      } else {
        apply(a, p, adm, Long.MIN_VALUE, 0, 0);
      }
    }
  }

  /** Sorts the distinct-code pairs once every row is read (a patient's code is counted once). */
  void finish() {
    for (Reading r : readings) {
      for (Action[] t : r.terms()) {
        for (Action a : t) {
          if (a.kind == DISTINCT && a.pairs != null) {
            a.count = a.pairs.distinctPerHigh(patients);
            a.pairs = null;
            a.denseCodes = null;
          }
        }
      }
    }
  }

  /** The derived columns, in features-file order. */
  List<String> columns() {
    return readings.stream().map(r -> r.feature().column()).toList();
  }

  /** Patient {@code p}'s derived values, in {@link #columns} order. */
  /** The derived values of the patient whose id is field {@code idField} of {@code record}; not recorded if unknown. */
  void values(PatientKeys keys, org.strata.ingest.RecordSource record, int idField, long[] out) {
    int p = keys.ordinal(record, idField);
    if (p < 0) {
      java.util.Arrays.fill(out, org.strata.ingest.DerivedColumns.NOT_RECORDED);
    } else {
      values(p, out);
    }
  }

  void values(int p, long[] out) {
    for (int i = 0; i < readings.size(); i++) {
      Reading r = readings.get(i);
      if (r.feature().flag()) {
        long v = 0;
        for (Action[] t : r.terms()) {
          if (holds(t, p)) {
            v = 1;
            break;
          }
        }
        out[i] = v;
      } else {
        out[i] = count(r.terms().get(0)[0], p);
      }
    }
  }

  private static boolean holds(Action[] t, int p) {
    Action a = t[0];
    return switch (a.kind) {
      case ANY -> a.flag[p] != 0;
      case LATEST_VALUE -> a.date[p] != Integer.MIN_VALUE && a.value[p] < a.below;
      case LATEST_DATE -> a.date[p] != Integer.MIN_VALUE && a.date[p] > t[1].date[p];
      default -> throw new IllegalStateException("kind " + a.kind);
    };
  }

  private static long count(Action a, int p) {
    return switch (a.kind) {
      case ROWS, BED_DAYS, DISTINCT -> a.count[p];
      case GROUPS -> Long.bitCount(a.bits[p]);
      case DAYS -> {
        int n = 0;
        for (int w = p * a.words; w < (p + 1) * a.words; w++) {
          n += Long.bitCount(a.bits[w]);
        }
        yield n;
      }
      default -> throw new IllegalStateException("kind " + a.kind);
    };
  }
}
