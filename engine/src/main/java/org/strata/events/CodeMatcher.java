package org.strata.events;

import java.util.ArrayList;
import java.util.List;
import org.strata.format.InvalidInputException;

/**
 * For a source whose rows carry a numeric concept id (gp_events' SNOMED CT, medications' dm+d): which actions each
 * code feeds, with the code's group mask for a grouped list, and which lists it is in, for the coverage report.
 * Built once from the features' code lists; read by every row.
 */
final class CodeMatcher {
  private final LongIntMap index = new LongIntMap(1 << 12);
  private final List<List<FeatureState.Action>> actions = new ArrayList<>();
  private final List<List<Long>> groups = new ArrayList<>();
  private final List<List<Integer>> listsOf = new ArrayList<>();
  /** The lists matched against, in the order first added; {@link #lists(int)} indexes it. */
  final List<CodeList> lists = new ArrayList<>();
  private FeatureState.Action[][] frozenActions;
  private long[][] frozenGroups;
  private int[][] frozenLists;

  void add(CodeList list, FeatureState.Action a, String featuresFile, String column) throws InvalidInputException {
    int listId = lists.indexOf(list);
    if (listId < 0) {
      listId = lists.size();
      lists.add(list);
    }
    for (int i = 0; i < list.codes().size(); i++) {
      long code = parse(list.codes().get(i));
      if (code < 0) {
        throw new InvalidInputException(list.file() + ": line " + (i + 2) + ": code '" + list.codes().get(i)
            + "' is not a SNOMED CT or dm+d concept id (digits), as feature '" + column + "' of " + featuresFile
            + " needs");
      }
      long groupMask = list.groupOfCode().length == 0 ? 0 : 1L << list.groupOfCode()[i];
      int e = index.putIfAbsent(code, actions.size());
      if (e == actions.size()) {
        actions.add(new ArrayList<>());
        groups.add(new ArrayList<>());
        listsOf.add(new ArrayList<>());
      }
      List<FeatureState.Action> acts = actions.get(e);
      int k = acts.indexOf(a);
      if (k < 0) {
        acts.add(a);
        groups.get(e).add(groupMask);
      } else {
        groups.get(e).set(k, groups.get(e).get(k) | groupMask); // a code under two deficits counts for both
      }
      if (!listsOf.get(e).contains(listId)) {
        listsOf.get(e).add(listId);
      }
    }
  }

  /** A code's text as its id, or -1 when it is not 1–18 digits. */
  static long parse(String text) {
    if (text.isEmpty() || text.length() > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < text.length(); i++) {
      int d = text.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /** The entry of {@code code}, or {@link LongIntMap#ABSENT}. */
  int entry(long code) {
    return index.get(code);
  }

  FeatureState.Action[] actions(int entry) {
    return frozenActions[entry];
  }

  long[] groups(int entry) {
    return frozenGroups[entry];
  }

  /** Indices into {@link #lists} of the lists the entry's code is in. */
  int[] lists(int entry) {
    return frozenLists[entry];
  }

  /** Makes the arrays the readers use, once every list is added (before any reader thread starts). */
  void freeze() {
    int n = actions.size();
    frozenActions = new FeatureState.Action[n][];
    frozenGroups = new long[n][];
    frozenLists = new int[n][];
    for (int e = 0; e < n; e++) {
      frozenActions[e] = actions.get(e).toArray(new FeatureState.Action[0]);
      frozenGroups[e] = groups.get(e).stream().mapToLong(Long::longValue).toArray();
      frozenLists[e] = listsOf.get(e).stream().mapToInt(Integer::intValue).toArray();
    }
  }
}
