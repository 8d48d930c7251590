package org.strata.events;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the event files held against the code lists: rows per list that matched (any date), and the codes that
 * matched no list, most frequent first — the first place to look when a new code-list version or a local code
 * leaves people out. Codes are concept ids, not identifiers.
 */
final class EventCoverage {
  /** A code that matched no list, and how many rows carried it. */
  record Unmatched(EventSource source, long code, long rows) {}

  private final Map<EventSource, long[]> listRows = new EnumMap<>(EventSource.class);
  private final Map<EventSource, List<CodeList>> lists = new EnumMap<>(EventSource.class);
  private final Map<EventSource, LongIntMap> unmatched = new EnumMap<>(EventSource.class);
  /** By file name: the files are read on several threads, the warnings are said in one order. */
  private final Map<String, String> warnings = new java.util.TreeMap<>();

  synchronized long[] listRows(EventSource source, List<CodeList> matched) {
    lists.put(source, matched);
    return listRows.computeIfAbsent(source, s -> new long[matched.size()]);
  }

  /** The counter of unmatched codes, or null when every row of the source is used (no list to miss). */
  synchronized LongIntMap unmatched(EventSource source, boolean count) {
    return count ? unmatched.computeIfAbsent(source, s -> new LongIntMap(1 << 12)) : null;
  }

  synchronized void unknownColumns(String file, List<String> names) {
    if (!names.isEmpty()) {
      warnings.put(file, file + ": ignoring unknown columns " + String.join(", ", names));
    }
  }

  synchronized List<String> warnings() {
    return List.copyOf(warnings.values());
  }

  /** Rows matched per list name (a list used by two sources counts both), in the order lists were first used. */
  Map<String, Long> matchedByList() {
    Map<String, Long> m = new LinkedHashMap<>();
    lists.forEach((s, ls) -> {
      long[] rows = listRows.get(s);
      for (int i = 0; i < ls.size(); i++) {
        m.merge(ls.get(i).name(), rows[i], Long::sum);
      }
    });
    return m;
  }

  /** The {@code n} most frequent unmatched codes of each source (ties: the smaller code first). */
  List<Unmatched> mostFrequentUnmatched(int n) {
    List<Unmatched> out = new ArrayList<>();
    unmatched.forEach((s, map) -> {
      List<Unmatched> all = new ArrayList<>(map.size());
      map.forEach((code, rows) -> all.add(new Unmatched(s, code, rows)));
      all.sort((a, b) -> a.rows() != b.rows() ? Long.compare(b.rows(), a.rows()) : Long.compare(a.code(), b.code()));
      out.addAll(all.subList(0, Math.min(n, all.size())));
    });
    return out;
  }
}
