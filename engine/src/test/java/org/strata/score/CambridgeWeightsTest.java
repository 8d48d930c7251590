package org.strata.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.strata.format.Conditions;

/** The weight table loads, names its source, and refuses tables that would weight the wrong condition. */
class CambridgeWeightsTest {
  private static final List<String> LINES = ReferenceScorer.resourceLines(CambridgeWeights.RESOURCE);

  private static CambridgeWeights parse(List<String> lines) {
    return CambridgeWeights.parse("test.csv", (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static String rejection(List<String> lines) {
    return assertThrows(IllegalArgumentException.class, () -> parse(lines)).getMessage();
  }

  @Test
  void publishedWeightsLoad() {
    CambridgeWeights w = CambridgeWeights.general();
    assertEquals(Conditions.COUNT, w.weightsX100().length);
    assertEquals(65, w.weightX100(Conditions.bitOf("alcohol")));
    assertEquals(250, w.weightX100(Conditions.bitOf("dementia")));
    assertEquals(8, w.weightX100(Conditions.bitOf("hypertension")));
    assertEquals(0, w.minCmsX100());
    assertTrue(CambridgeWeights.SOURCE.contains("Payne") && CambridgeWeights.SOURCE.contains("CMAJ 2020;192:E107"));
    assertTrue(w.fingerprint().matches("[0-9a-f]{64}"), w.fingerprint());
    assertEquals(w.fingerprint(), parse(LINES).fingerprint());
    for (int c = 0; c < Conditions.COUNT; c++) {
      assertEquals(Math.round(ReferenceScorer.WEIGHTS[c] * 100), w.weightX100(c), Conditions.NAMES.get(c));
    }
  }

  @Test
  void acceptsBomCrlfAndTrailingBlankLines() {
    String text = "\uFEFF" + String.join("\r\n", LINES) + "\r\n\r\n";
    CambridgeWeights w = CambridgeWeights.parse("crlf.csv", text.getBytes(StandardCharsets.UTF_8));
    assertEquals(250, w.weightX100(Conditions.bitOf("dementia")));
  }

  @Test
  void rejectsReorderedRows() {
    List<String> l = new ArrayList<>(LINES);
    String a = l.get(3);
    l.set(3, l.get(4));
    l.set(4, a);
    String m = rejection(l);
    assertTrue(m.contains("test.csv line 4") && m.contains("expected condition 'atrial_fibrillation'")
        && m.contains("found 'cancer'"), m);
  }

  @Test
  void rejectsRenamedCondition() {
    List<String> l = new ArrayList<>(LINES);
    int row = 1 + Conditions.bitOf("chd");
    l.set(row, l.get(row).replace("chd,", "coronary_heart_disease,"));
    String m = rejection(l);
    assertTrue(m.contains("line " + (row + 1)) && m.contains("'coronary_heart_disease'"), m);
  }

  @Test
  void rejectsMissingAndExtraRows() {
    List<String> missing = new ArrayList<>(LINES);
    missing.remove(missing.size() - 1);
    assertTrue(rejection(missing).contains("expected 20 conditions, found 19"));
    List<String> extra = new ArrayList<>(LINES);
    extra.add("obesity,0.10,1.00");
    assertTrue(rejection(extra).contains("expected 20 conditions, found 21"));
  }

  @Test
  void rejectsBadHeaderAndBadWeights() {
    List<String> header = new ArrayList<>(LINES);
    header.set(0, "condition,weight");
    assertTrue(rejection(header).contains("line 1: expected header"));
    assertTrue(rejection(withAlcohol("alcohol,0.655,12.72")).contains("at most 2 decimals"));
    assertTrue(rejection(withAlcohol("alcohol,high,12.72")).contains("not a number: 'high'"));
    assertTrue(rejection(withAlcohol("alcohol,11,12.72")).contains("must lie in -10..10"));
    assertTrue(rejection(withAlcohol("alcohol,0.65")).contains("expected 3 fields"));
  }

  private static List<String> withAlcohol(String row) {
    List<String> l = new ArrayList<>(LINES);
    l.set(1, row);
    return l;
  }
}
