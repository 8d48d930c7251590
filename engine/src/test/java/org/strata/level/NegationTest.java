package org.strata.level;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.format.IdKind;
import org.strata.format.NhsNumber;
import org.strata.ingest.IngestProgress;
import org.strata.ingest.IngestRequest;
import org.strata.store.Store;
import org.strata.ingest.Ingest;

/**
 * {@code not}, {@code between} and {@code in} over columns with missing values behave as SQL's WHERE: a
 * comparison with a missing value is false, under a {@code not} too. Checked against plain Java on a
 * seeded random store where a fifth of imd_decile and cost are not recorded.
 */
class NegationTest {

  @Test
  void missingValuesAreFalseUnderNot(@TempDir Path tmp) throws IOException {
    SplittableRandom rnd = new SplittableRandom(11);
    StringBuilder csv = new StringBuilder("patient_id,practice_code,age,sex,imd_decile,cost_12m\n");
    long id = 9_990_000_000L;
    int n = 3000;
    for (int i = 0; i < n; i++) {
      do {
        id++;
      } while (!NhsNumber.isValid(id));
      String imd = rnd.nextInt(5) == 0 ? "" : Integer.toString(1 + rnd.nextInt(10));
      String cost = rnd.nextInt(5) == 0 ? "" : Integer.toString(rnd.nextInt(3000));
      csv.append(id).append(",X00001,").append(rnd.nextInt(100)).append(",F,").append(imd).append(',')
          .append(cost).append('\n');
    }
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(in.resolve("patients.csv"), csv);
    Files.writeString(in.resolve("practices.csv"), "practice_code,practice_name,latitude,longitude\nX00001,A,52,-1\n");
    Ingest.run(new IngestRequest(in.resolve("patients.csv"), in.resolve("practices.csv"), tmp.resolve("s"),
        IdKind.NHS_NUMBER, null, 0.0, 777), IngestProgress.NONE);
    Policy p = PolicyParser.parse("p.yaml", "name: t\nlevels:\n  1:\n    rules:\n"
        + "      - name: a\n        when: not (imd_decile <= 3)\n"
        + "      - name: b\n        when: not (imd_decile between 2 and 8 or cost_12m >= 1000)\n"
        + "      - name: c\n        when: not imd_decile in (1, 2, 3) and not not age < 50\n");
    try (Store s = Store.open(tmp.resolve("s"))) {
      LevelResult r = LevelAssigner.assign(s, p, null, 0);
      for (int row = 0; row < n; row++) {
        Map<String, Object> v = s.row(row);
        Long imd = (Long) v.get("imd_decile");
        String costText = (String) v.get("cost_12m");
        Double cost = costText == null ? null : Double.valueOf(costText);
        long age = (Long) v.get("age");
        boolean a = imd != null && imd > 3;
        boolean b = imd != null && (imd < 2 || imd > 8) && cost != null && cost < 1000;
        boolean c = imd != null && imd > 3 && age < 50;
        int expected = (a ? 1 : 0) | (b ? 2 : 0) | (c ? 4 : 0);
        assertEquals(expected, r.reasons()[row], "row " + row + ": imd=" + imd + " cost=" + cost + " age=" + age);
      }
    }
  }
}
