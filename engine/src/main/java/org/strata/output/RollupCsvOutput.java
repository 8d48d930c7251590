package org.strata.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The exact rollup tables as CSV: {@code practices.csv}, {@code hubs.csv}, {@code footprint.csv} (columns in
 * {@link org.strata.rollup.RollupTables}). Exact counts: for the analytics team; {@link SharedRollupOutput}
 * writes the copies that may be shared.
 */
public final class RollupCsvOutput implements RunOutput {
  @Override
  public String name() {
    return "rollup-csv";
  }

  @Override
  public void write(RunContents run, Path dir) throws IOException {
    Files.writeString(dir.resolve("practices.csv"), run.rollup().practicesCsv(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("hubs.csv"), run.rollup().hubsCsv(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("footprint.csv"), run.rollup().footprintCsv(), StandardCharsets.UTF_8);
  }
}
