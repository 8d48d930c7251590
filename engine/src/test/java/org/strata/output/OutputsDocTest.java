package org.strata.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.rollup.RollupTables;

/**
 * docs/OUTPUTS.md's table of rollup columns is rendered from the code's own definitions ({@link
 * RollupTables#columnDocs()}: name, type, unit, how shared/ shows it, meaning), so it cannot drift: this test renders
 * it and requires the document to hold exactly that. {@code -Dgolden.update=true} rewrites the block.
 */
class OutputsDocTest {
  static final Path DOC = Path.of("../docs/OUTPUTS.md");
  static final String BEGIN = "<!-- rollup columns: rendered from RollupTables.columnDocs() by OutputsDocTest;"
      + " -Dgolden.update=true rewrites it -->";
  static final String END = "<!-- end of rollup columns -->";

  static final String PATIENTS_BEGIN = "<!-- patient columns: rendered from PatientOutputColumns by OutputsDocTest;"
      + " -Dgolden.update=true rewrites it -->";
  static final String PATIENTS_END = "<!-- end of patient columns -->";

  @Test
  void theRollupAndPatientColumnTablesAreTheCodesOwn(@TempDir Path tmp) throws Exception {
    String table;
    try (OutputFixture f = OutputFixture.small(tmp, 1 << 20)) {
      table = render(f.contents.rollup().columnDocs());
    }
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    String expected = replaceBlock(replaceBlock(doc, BEGIN, END, table), PATIENTS_BEGIN, PATIENTS_END,
        renderPatients(PatientOutputColumns.of(List.of())));
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(DOC, expected, StandardCharsets.UTF_8);
      return;
    }
    assertEquals(expected, doc, "docs/OUTPUTS.md's rollup columns differ from the code's: run with"
        + " -Dgolden.update=true and review the diff");
  }

  private static String replaceBlock(String doc, String begin, String end, String table) {
    int b = doc.indexOf(begin);
    int e = doc.indexOf(end);
    assertTrue(b >= 0 && e > b, DOC + " has no block between '" + begin + "' and '" + end + "'");
    return doc.substring(0, b + begin.length()) + "\n" + table + doc.substring(e);
  }

  /** One row a column of patients.csv and patients.parquet, in file order. */
  static String renderPatients(List<PatientOutputColumns.Entry> columns) {
    StringBuilder out = new StringBuilder("| column | Parquet type | what |\n|---|---|---|\n");
    for (PatientOutputColumns.Entry c : columns) {
      ParquetTable.Column p = c.parquet();
      String type = switch (p.kind()) {
        case TEXT -> "string";
        case INT32 -> "int32";
        case INT64 -> "int64";
        case DECIMAL32 -> "decimal(9, " + p.scale() + ")";
        case DECIMAL64 -> "decimal(18, " + p.scale() + ")";
      };
      out.append("| `").append(c.name()).append("` | ").append(type).append(p.optional() ? ", may be null" : "")
          .append(" | ").append(c.meaning()).append(" |\n");
    }
    return out.toString();
  }

  /** One row a column family ({@code levelL}, {@code levelL_reasonR}, {@code quarantined_REASON}), in table order. */
  static String render(List<RollupTables.ColumnDoc> docs) {
    Map<String, List<RollupTables.ColumnDoc>> families = new LinkedHashMap<>();
    for (String table : List.of("practices", "hubs", "footprint")) {
      for (RollupTables.ColumnDoc d : docs) {
        if (d.table().equals(table)) {
          families.computeIfAbsent(family(d.name()), k -> new ArrayList<>()).add(d);
        }
      }
    }
    StringBuilder out = new StringBuilder("| column | in | type | unit | in `shared/` | what |\n|---|---|---|---|---|---|\n");
    for (Map.Entry<String, List<RollupTables.ColumnDoc>> f : families.entrySet()) {
      RollupTables.ColumnDoc first = f.getValue().get(0);
      List<String> tables = new ArrayList<>();
      for (RollupTables.ColumnDoc d : f.getValue()) {
        assertEquals(first.meaning(), d.meaning(), "one meaning for the family " + f.getKey());
        assertEquals(first.scale(), d.scale(), "one type for the family " + f.getKey());
        assertEquals(first.shared(), d.shared(), "one shared rule for the family " + f.getKey());
        if (!tables.contains(d.table())) {
          tables.add(d.table());
        }
      }
      String type = first.scale() == RollupTables.ColumnDoc.TEXT ? "text"
          : first.scale() == 0 ? "integer" : "decimal, " + first.scale() + " dp";
      out.append("| `").append(f.getKey()).append("` | ").append(String.join(", ", tables)).append(" | ").append(type)
          .append(" | ").append(first.unit()).append(" | ").append(first.shared()).append(" | ").append(first.meaning())
          .append(" |\n");
    }
    return out.toString();
  }

  private static String family(String column) {
    return column.replaceAll("level\\d", "levelL").replaceAll("reason\\d", "reasonR")
        .replaceAll("^quarantined_.*", "quarantined_REASON");
  }
}
