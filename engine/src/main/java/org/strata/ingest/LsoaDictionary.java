package org.strata.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * LSOA codes seen during ingest, each given an ordinal in order of first appearance (deterministic for
 * a given file). England has about 33,800 LSOAs, so this stays small on the heap.
 */
public final class LsoaDictionary {
  private final Map<String, Integer> ordinals = new HashMap<>();
  private final List<String> codes = new ArrayList<>();

  /** The ordinal of {@code code} (upper-cased), assigning the next one if new. */
  public int ordinalOf(String code) {
    String key = code.toUpperCase(Locale.ROOT);
    Integer o = ordinals.get(key);
    if (o == null) {
      o = codes.size();
      ordinals.put(key, o);
      codes.add(key);
    }
    return o;
  }

  /** Codes in ordinal order. */
  public List<String> codes() {
    return List.copyOf(codes);
  }

  public int size() {
    return codes.size();
  }
}
