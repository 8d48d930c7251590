package org.strata.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.datasets.Fixtures;
import org.strata.format.IdKind;
import org.strata.ingest.Ingest;
import org.strata.ingest.IngestProgress;
import org.strata.ingest.IngestRequest;
import org.strata.run.NightlyRun;
import org.strata.run.RunConfig;

/**
 * A registered score, end to end: a policy that names polypharmacy gets it in its rules, in patients.csv and in
 * the rollups, checked against the extract's own medicines column; the default policy's outputs do not have it.
 */
class PolypharmacyThroughTheRunTest {
  private static final String POLICY = """
      name: polypharmacy-test
      version: 1
      levels:
        1:
          name: High need
          rules:
            - name: palliative
              when: palliative_care == 1
        2:
          name: Ongoing care needs
          rules:
            - name: polypharmacy
              when: polypharmacy == 1 and age >= 65
        3:
          name: Episodic/urgent needs
          rules:
            - name: ae
              when: ae_attendances >= 2
        4:
          name: Mostly well
      """;

  @Test
  void aPolicyNamingPolypharmacyGetsItInRulesOutputsAndRollups(@TempDir Path tmp) throws Exception {
    Path in = Fixtures.copySmall(tmp.resolve("in"));
    Path store = tmp.resolve("store");
    Ingest.run(new IngestRequest(in.resolve("patients.csv"), in.resolve("practices.csv"), store, IdKind.NHS_NUMBER,
        null, 0.0, 512), IngestProgress.NONE);
    Path policy = Files.writeString(tmp.resolve("policy.yaml"), POLICY);
    NightlyRun.run(new RunConfig(store, policy, tmp.resolve("out"), true, 5));

    // The extract's own medicines, age and palliative flag, by NHS number.
    List<String> extract = Files.readAllLines(in.resolve("patients.csv"));
    List<String> header = List.of(extract.get(0).split(","));
    int med = header.indexOf("medicines");
    int age = header.indexOf("age");
    int pall = header.indexOf("palliative_care");
    Map<String, String[]> byId = new HashMap<>();
    long poly = 0;
    for (String line : extract.subList(1, extract.size())) {
      String[] f = line.split(",", -1);
      byId.put(f[0], f);
      poly += Integer.parseInt(f[med]) >= 10 ? 1 : 0;
    }
    assertTrue(poly > 20, "the fixture has polypharmacy: " + poly);

    List<String> out = Files.readAllLines(tmp.resolve("out/latest/patients.csv"));
    assertTrue(out.get(0).endsWith(",admission_risk,polypharmacy,hub,level_name"), out.get(0));
    long level2ByPolypharmacy = 0;
    for (String line : out.subList(1, out.size())) {
      String[] f = line.split(",", -1);
      String[] src = byId.get(f[0]);
      boolean isPoly = Integer.parseInt(src[med]) >= 10;
      assertEquals(isPoly ? "1" : "0", f[9], f[0]);
      boolean expectRule = isPoly && Integer.parseInt(src[age]) >= 65 && !src[pall].equals("1");
      assertEquals(expectRule, f[3].equals("polypharmacy"), "deciding rule of a patient");
      level2ByPolypharmacy += expectRule ? 1 : 0;
    }
    assertTrue(level2ByPolypharmacy > 0);

    List<String> footprint = Files.readAllLines(tmp.resolve("out/latest/footprint.csv"));
    List<String> cols = List.of(footprint.get(0).split(","));
    int at = cols.indexOf("polypharmacy_10_plus");
    assertEquals(cols.indexOf("ltc_2_plus") + 1, at, footprint.get(0));
    assertEquals(String.valueOf(poly), footprint.get(1).split(",", -1)[at]);
    assertTrue(Files.readString(tmp.resolve("out/latest/practices.csv")).lines().findFirst().orElseThrow()
        .contains(",polypharmacy_10_plus,"));

    NightlyRun.run(new RunConfig(store, null, tmp.resolve("default"), true, 5));
    assertFalse(Files.readString(tmp.resolve("default/latest/patients.csv")).lines().findFirst().orElseThrow()
        .contains("polypharmacy"), "the default policy does not name it: its outputs are as before");
    assertFalse(Files.readString(tmp.resolve("default/latest/footprint.csv")).contains("polypharmacy"));
  }
}
