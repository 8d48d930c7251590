package org.strata.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code shared/}: the rollup tables (CSV and JSON, the same files as {@link RollupCsvOutput} and {@link
 * RollupJsonOutput}) with small numbers suppressed at the run's threshold and every other count rounded to
 * 5 ({@link org.strata.rollup.RollupTables#suppressed}): the copies that may leave the analytics team.
 */
public final class SharedRollupOutput implements RunOutput {
  /** The subdirectory this output writes. */
  public static final String DIR = "shared";

  @Override
  public String name() {
    return "shared-rollup";
  }

  @Override
  public void write(RunContents run, Path dir) throws IOException {
    run.rollup().suppressed(run.suppressionThreshold()).write(Files.createDirectories(dir.resolve(DIR)));
  }
}
