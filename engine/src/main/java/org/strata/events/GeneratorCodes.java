package org.strata.events;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strata.datasets.EventCodes;

/**
 * The shipped code lists the shipped features file reads from gp_events, handed to the event generator: so that
 * {@code strata generate --events} draws from exactly the lists {@code strata ingest --events} matches against.
 */
public final class GeneratorCodes {
  private GeneratorCodes() {}

  public static EventCodes shipped() throws IOException {
    FeatureSpec spec = FeatureSpec.shipped();
    CodeLists lists = CodeLists.in(null);
    Map<String, List<String>> byName = new LinkedHashMap<>();
    List<List<String>> groups = new ArrayList<>();
    for (FeatureSpec.Feature f : spec.features()) {
      for (FeatureSpec.Term t : f.terms()) {
        if (t.source() != EventSource.GP_EVENTS) {
          continue;
        }
        for (String name : new String[] {t.codelist(), t.unlessLater()}) {
          if (name == null) {
            continue;
          }
          CodeList l = lists.get(name);
          if (l.groups().isEmpty()) {
            byName.put(name, l.codes());
          } else if (groups.isEmpty()) {
            for (int g = 0; g < l.groups().size(); g++) {
              groups.add(new ArrayList<>());
            }
            for (int i = 0; i < l.codes().size(); i++) {
              groups.get(l.groupOfCode()[i]).add(l.codes().get(i));
            }
          }
        }
      }
    }
    return new EventCodes(byName, groups);
  }
}
