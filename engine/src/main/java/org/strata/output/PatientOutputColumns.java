package org.strata.output;

import java.util.ArrayList;
import java.util.List;
import org.strata.score.Score;

/**
 * The columns of {@code patients.csv} and {@code patients.parquet}, in order, each with its Parquet type and its
 * meaning: the one definition both files' headers and schemas are made from, and docs/OUTPUTS.md's table of them.
 */
final class PatientOutputColumns {
  /** A column: its name, how Parquet stores it, and what it means. */
  record Entry(String name, ParquetTable.Column parquet, String meaning) {}

  private PatientOutputColumns() {}

  /** The columns for a run whose policy names the {@code registered} scores (in registry order). */
  static List<Entry> of(List<Score> registered) {
    List<Entry> c = new ArrayList<>(List.of(
        new Entry("patient_id", ParquetTable.Column.text("patient_id", false),
            "NHS number (10 digits) or pseudonym, as the store is keyed"),
        new Entry("practice_code", ParquetTable.Column.text("practice_code", true),
            "ODS code of the registered practice; empty for the unregistered"),
        new Entry("level", ParquetTable.Column.int32("level", false), "level of need, 1 (highest) to 4"),
        new Entry("deciding_rule", ParquetTable.Column.text("deciding_rule", true),
            "the policy rule that decided the level; empty for level 4"),
        new Entry("reasons", ParquetTable.Column.text("reasons", true),
            "every rule that matched, in policy order, joined by `;`"),
        new Entry("efi_category", ParquetTable.Column.text("efi_category", false),
            "electronic frailty index category: `fit`, `mild`, `moderate`, `severe`"),
        new Entry("ltc_count", ParquetTable.Column.int32("ltc_count", false), "long-term conditions recorded"),
        new Entry("cms", ParquetTable.Column.decimal9("cms", 2, false), "Cambridge Multimorbidity Score, 2 dp"),
        new Entry("admission_risk", ParquetTable.Column.decimal9("admission_risk", 6, false),
            "probability of an emergency admission in the next 12 months, 6 dp")));
    for (Score s : registered) {
      c.add(new Entry(s.name(), s.scale() != 1 ? ParquetTable.Column.text(s.name(), false)
          : ParquetTable.Column.int32(s.name(), false), s.meaning()));
    }
    c.add(new Entry("hub", ParquetTable.Column.text("hub", true),
        "the practice's hub; for the unregistered, the hub their LSOA is placed in; empty when none"));
    c.add(new Entry("level_name", ParquetTable.Column.text("level_name", false), "the policy's name of the level"));
    return List.copyOf(c);
  }
}
