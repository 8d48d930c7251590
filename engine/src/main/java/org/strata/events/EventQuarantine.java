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

  private final EventShard.Rejected sink;

  /** A part: one event file's rejected rows, without the header, joined by {@link #concatenate}. */
  EventQuarantine(Path file) throws IOException {
    this.path = file;
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    this.sink = null;
  }

  /** Rejected rows handed to {@code sink}, counted as a file's are. */
  EventQuarantine(EventShard.Rejected sink) {
    this.path = null;
    this.out = null;
    this.sink = sink;
  }

  /** Writes the header and the parts, in the order given, into {@code file}, and removes the parts. */
  static void concatenate(Path file, List<Path> parts) throws IOException {
    try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      out.write((HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
      for (Path p : parts) {
        Files.copy(p, out);
      }
    }
    for (Path p : parts) {
      if (!p.equals(file)) {
        Files.deleteIfExists(p);
      }
    }
  }

  Path path() {
    return path;
  }

  void write(String file, long line, String column, String value, RejectReason reason, String detail)
      throws IOException {
    String v = QuarantineWriter.masked(value.length() > 40 ? value.substring(0, 40) + "…" : value);
    if (sink != null) {
      sink.reject(file, line, column, v, reason, detail);
    } else {
      writeLine(file, line, column, v, reason, detail);
    }
    counts.merge(reason, 1L, Long::sum);
    total++;
    if (first.size() < 3) {
      first.add(file + " line " + line + (column.isEmpty() ? "" : ", column " + column)
          + (v.isEmpty() ? "" : " '" + v + "'") + ": " + reason.code());
    }
  }

  private void writeLine(String file, long line, String column, String v, RejectReason reason, String detail)
      throws IOException {
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
  }

  /** Rejected rows so far. */
  long total() {
    return total;
  }

  Map<RejectReason, Long> counts() {
    return new EnumMap<>(counts);
  }

  List<String> first() {
    return List.copyOf(first);
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close(); // closing twice is harmless
    }
  }
}
