package org.strata.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.cli.StrataCommandTest;

/** A year of an evolving footprint through the shipped policy: how many of level 1 are still there. */
class LevelPersistenceTest {

  @Test
  void mostButNotAllOfLevelOneAreStillThereAfterTwelveMonths(@TempDir Path tmp) throws IOException {
    assertEquals(0, StrataCommandTest.run("generate", "--patients", "20000", "--months", "13", "--seed", "8", "--out",
        tmp.resolve("m").toString(), "--quiet").exit());
    for (String month : List.of("01", "13")) {
      Path in = tmp.resolve("m/month-" + month);
      StrataCommandTest.Run r = StrataCommandTest.run("run", "--patients", in.resolve("patients.csv").toString(),
          "--practices", in.resolve("practices.csv").toString(), "--store", tmp.resolve("store").toString(), "--out",
          tmp.resolve("results").toString(), "--form-hubs", "--quiet");
      assertEquals(0, r.exit(), r.err());
    }
    Map<String, String> before = levels(tmp.resolve("results/runs/r000001/patients.csv"));
    Map<String, String> after = levels(tmp.resolve("results/runs/r000002/patients.csv"));
    long levelOne = before.values().stream().filter("1"::equals).count();
    long still = before.entrySet().stream().filter(e -> e.getValue().equals("1") && "1".equals(after.get(e.getKey())))
        .count();
    long died = before.entrySet().stream().filter(e -> e.getValue().equals("1") && !after.containsKey(e.getKey()))
        .count();
    double share = still / (double) levelOne;
    // Level 1 of the shipped policy is mostly lasting states (palliative care, care homes, severe frailty), so
    // most stay; the part chosen by risk regresses to the mean, and palliative care patients die (about half a
    // year): well short of all. No published figure for this policy: the band is the model's, stated here.
    assertTrue(share > 0.40 && share < 0.85, "share of level 1 still in level 1 after 12 months: " + share);
    assertTrue(died > 0.05 * levelOne, "level 1 has the footprint's highest mortality: " + died + " of " + levelOne);
    // The footprint as a whole: about 1% die and 8-9% leave in a year
    long gone = before.keySet().stream().filter(id -> !after.containsKey(id)).count();
    double turnover = gone / (double) before.size();
    assertTrue(turnover > 0.07 && turnover < 0.12, "left or died in a year: " + turnover);
  }

  private static Map<String, String> levels(Path patientsCsv) throws IOException {
    Map<String, String> out = new HashMap<>();
    List<String> lines = Files.readAllLines(patientsCsv);
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",", 4);
      out.put(f[0], f[2]);
    }
    return out;
  }
}
