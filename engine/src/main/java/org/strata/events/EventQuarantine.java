package org.strata.events;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.strata.ingest.QuarantineWriter;
import org.strata.ingest.RejectReason;

/**
 * The event rows that were not used, with their file, line, column, value (identifiers masked) and reason:
 * {@code events-quarantine.csv} in the generation, counted per file and reason.
 */
final class EventQuarantine implements AutoCloseable {
  static final String FILE = "events-quarantine.csv";
  static final String HEADER = "file,line,column,value,reason,detail";
  private final BufferedWriter out;
  private final Path path;
  private final Map<RejectReason, Long> counts = new EnumMap<>(RejectReason.class);
  private final List<String> first = new ArrayList<>();
  private long total;

  EventQuarantine(Path file) throws IOException {
    this.path = file;
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    out.write(HEADER);
    out.write('\n');
  }

  Path path() {
    return path;
  }

  void write(String file, long line, String column, String value, RejectReason reason, String detail)
      throws IOException {
    String v = QuarantineWriter.masked(value.length() > 40 ? value.substring(0, 40) + "…" : value);
    out.write(QuarantineWriter.quote(file));
    out.write(',');
    out.write(Long.toString(line));
    out.write(',');
    out.write(column);
    out.write(',');
    out.write(QuarantineWriter.quote(v));
    out.write(',');
    out.write(reason.code());
    out.write(',');
    out.write(QuarantineWriter.quote(detail == null ? "" : detail));
    out.write('\n');
    counts.merge(reason, 1L, Long::sum);
    total++;
    if (first.size() < 3) {
      first.add(file + " line " + line + (column.isEmpty() ? "" : ", column " + column)
          + (v.isEmpty() ? "" : " '" + v + "'") + ": " + reason.code());
    }
  }

  /** Rejected rows so far, and by reason; {@link #reset} starts a file's counts afresh. */
  long total() {
    return total;
  }

  Map<RejectReason, Long> counts() {
    return new EnumMap<>(counts);
  }

  List<String> first() {
    return List.copyOf(first);
  }

  void reset() {
    counts.clear();
    first.clear();
    total = 0;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
