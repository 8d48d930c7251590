package org.strata.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A small CSV file of a movement output, written line by line through one {@link CsvLine}. */
final class MovementCsv implements AutoCloseable {
  private final OutputStream out;
  final CsvLine line = new CsvLine();

  MovementCsv(Path file, String header) throws IOException {
    out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    line.reset().bytes(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).newline().writeTo(out);
  }

  /** Starts a line. */
  CsvLine line() {
    return line.reset();
  }

  /** Ends the line begun with {@link #line()}. */
  void end() throws IOException {
    line.newline().writeTo(out);
  }

  /** A percentile with one decimal, empty for none. */
  static String percent(double p) {
    return Double.isNaN(p) ? "" : String.format(Locale.ROOT, "%.1f", p);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
