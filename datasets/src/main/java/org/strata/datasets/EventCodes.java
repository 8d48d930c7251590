package org.strata.datasets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The code lists an event footprint draws from, by name, as the engine's default features file uses them
 * (conditions, registers, the eFI's deficit groups, eGFR, housebound and its resolution), and for each list the
 * codes that are in no other list: an event drawn from those raises exactly the one column it was drawn for, so
 * the derived columns equal the flat footprint's. The generator is given the lists; it holds none itself.
 */
public final class EventCodes {
    final Map<String, long[]> exclusive = new HashMap<>();
    final List<long[]> efiGroups = new ArrayList<>();
    final long[] noise;
    final long[] medicines;

    /**
     * @param lists every list the features use on gp_events, by name (codes as text)
     * @param efiGroups the eFI list's codes by deficit, in the list's order
     */
    public EventCodes(Map<String, List<String>> lists, List<List<String>> efiGroups) {
        Map<Long, Integer> membership = new HashMap<>();
        List<List<String>> all = new ArrayList<>(lists.values());
        all.addAll(efiGroups);
        for (List<String> l : all) {
            for (String c : new HashSet<>(l)) {
                membership.merge(Long.parseLong(c), 1, Integer::sum);
            }
        }
        lists.forEach((name, codes) -> exclusive.put(name, only(codes, membership)));
        for (List<String> g : efiGroups) {
            this.efiGroups.add(only(g, membership));
        }
        Set<Long> used = membership.keySet();
        noise = madeUp(600, 100_000_000L, 7_919L, used);
        medicines = madeUp(2_000, 300_000_000_000L, 104_729L, used);
    }

    /** The list's codes in no other list, or all its codes when every one is shared. */
    private static long[] only(List<String> codes, Map<Long, Integer> membership) {
        long[] mine = codes.stream().mapToLong(Long::parseLong).filter(c -> membership.get(c) == 1).distinct().toArray();
        return mine.length > 0 ? mine : codes.stream().mapToLong(Long::parseLong).distinct().toArray();
    }

    /** Made-up concept ids in no list: consultations, observations and medicines no feature asks for. */
    private static long[] madeUp(int n, long base, long step, Set<Long> used) {
        long[] codes = new long[n];
        long c = base;
        for (int i = 0; i < n; i++) {
            do {
                c += step;
            } while (used.contains(c));
            codes[i] = c;
        }
        return codes;
    }

    long[] of(String list) {
        long[] c = exclusive.get(list);
        if (c == null) {
            throw new IllegalArgumentException("no code list '" + list + "' given to the event generator");
        }
        return c;
    }
}
