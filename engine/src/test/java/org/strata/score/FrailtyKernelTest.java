package org.strata.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The eFI category kernel against the obvious if-else chain, and against the published count table. */
class FrailtyKernelTest {

  @Test
  void matchesReferenceOnRandomBatches() {
    for (long seed = 1; seed <= 400; seed++) {
      ScoreBatch in = RandomBatches.batch(seed);
      ScoreColumns out = new ScoreColumns(in.capacity());
      FrailtyKernel.score(in, out);
      for (int i = 0; i < in.rowCount(); i++) {
        int d = in.efiDeficits()[i];
        assertEquals(ReferenceScorer.efiCategory(d), out.efiCategory()[i], "seed " + seed + " row " + i + " deficits " + d);
      }
    }
  }

  @Test
  void everyCountMatchesTheReferenceTableAndThirteenIsSevere() {
    List<String> lines = ReferenceScorer.resourceLines("/org/strata/datasets/reference/efi_count_to_category.csv");
    assertEquals(38, lines.size(), "header + counts 0..36");
    byte[] deficits = new byte[37];
    byte[] categories = new byte[37];
    for (int d = 0; d <= 36; d++) {
      deficits[d] = (byte) d;
    }
    FrailtyKernel.categorise(deficits, 37, categories);
    int trapsSeen = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      int d = Integer.parseInt(f[0]);
      String published = f[3];
      String ifRounded = f[4];
      assertEquals(published, FrailtyKernel.CATEGORY_NAMES.get(categories[d]), "deficits " + d);
      assertEquals(published, FrailtyKernel.CATEGORY_NAMES.get(FrailtyKernel.category(d)), "deficits " + d);
      if (!published.equals(ifRounded)) {
        trapsSeen++;
        assertEquals(13, d, "the only count that rounding first gets wrong");
      }
    }
    assertEquals(1, trapsSeen, "the table documents the 13/36 trap");
    assertEquals(FrailtyKernel.SEVERE, FrailtyKernel.category(13));
    assertEquals(FrailtyKernel.MODERATE, FrailtyKernel.category(12));
    assertEquals(FrailtyKernel.FIT, FrailtyKernel.category(0));
    assertEquals(FrailtyKernel.SEVERE, FrailtyKernel.category(36));
    // The trap itself: 13/36 rounded to 2 dp is 0.36, which is not above the 0.36 cut.
    assertTrue(Math.round(FrailtyKernel.efi(13) * 100) / 100.0 <= 0.36);
    assertTrue(FrailtyKernel.efi(13) > 0.36);
  }
}
