package org.strata.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The polypharmacy kernel against the plain definition, on seeded random batches with edge-heavy medicines. */
class PolypharmacyTest {
  @Test
  void tenOrMoreDistinctMedicinesIsPolypharmacy() {
    Polypharmacy p = new Polypharmacy();
    for (long seed = 1; seed <= 20; seed++) {
      ScoreBatch in = RandomBatches.batch(seed);
      int[] out = new int[in.rowCount()];
      p.score(in, out);
      for (int i = 0; i < in.rowCount(); i++) {
        int medicines = in.medicines()[i];
        assertEquals(medicines >= 10 ? 1 : 0, out[i], "seed " + seed + " row " + i + ": " + medicines + " medicines");
      }
    }
    assertEquals("polypharmacy", Scores.named("Polypharmacy").name(), "policies may write the name in any case");
  }
}
