package org.strata.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The exact rollup tables as one JSON document, {@code rollup.json} ({@link org.strata.rollup.RollupTables#json}). */
public final class RollupJsonOutput implements RunOutput {
  @Override
  public String name() {
    return "rollup-json";
  }

  @Override
  public void write(RunContents run, Path dir) throws IOException {
    Files.writeString(dir.resolve("rollup.json"), run.rollup().json(), StandardCharsets.UTF_8);
  }
}
