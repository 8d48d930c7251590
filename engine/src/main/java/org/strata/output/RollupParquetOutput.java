package org.strata.output;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.strata.rollup.RollupTables;

/**
 * {@code practices.parquet}, {@code hubs.parquet}, {@code footprint.parquet} ({@code strata run --format parquet}):
 * the exact rollup tables of {@link RollupCsvOutput} as Parquet, the same rows and columns. Counts are int64,
 * shares, means and money decimal(18, places) with the CSV's places, names and rules strings; an empty CSV field
 * is null. Exact counts, like the CSVs beside them: the copies that may be shared are {@code shared/}'s CSVs.
 */
public final class RollupParquetOutput implements RunOutput {
  @Override
  public String name() {
    return "rollup-parquet";
  }

  @Override
  public void write(RunContents run, Path dir) throws IOException {
    for (RollupTables.Table t : run.rollup().tables()) {
      write(t, dir.resolve(t.name() + ".parquet"));
    }
  }

  private static void write(RollupTables.Table t, Path file) throws IOException {
    List<ParquetTable.Column> cols = new ArrayList<>(t.columns().size());
    for (RollupTables.ColumnDoc c : t.columns()) {
      cols.add(c.scale() == RollupTables.ColumnDoc.TEXT ? ParquetTable.Column.text(c.name(), true)
          : c.scale() == 0 ? ParquetTable.Column.int64(c.name(), true)
          : ParquetTable.Column.decimal18(c.name(), c.scale(), true));
    }
    try (ParquetTable out = new ParquetTable(file, cols, Map.of())) {
      for (List<Object> row : t.rows()) {
        for (int c = 0; c < cols.size(); c++) {
          Object v = row.get(c);
          if (v == null) {
            continue;
          }
          int scale = t.columns().get(c).scale();
          if (scale == RollupTables.ColumnDoc.TEXT) {
            out.text(c, v.toString());
          } else if (scale == 0) {
            out.int64(c, ((Number) v).longValue());
          } else {
            // the CSV's value exactly: setScale throws rather than round if a value had more places
            out.int64(c, ((BigDecimal) v).setScale(scale).unscaledValue().longValueExact());
          }
        }
        out.endRow();
      }
    }
  }
}
