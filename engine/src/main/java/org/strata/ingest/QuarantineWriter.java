package org.strata.ingest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Writes rejected rows to {@code quarantine.csv} ({@code line,column,value,reason,detail}) and counts
 * them by reason. Values are already masked where they identify someone ({@link Rejection}).
 */
public final class QuarantineWriter implements AutoCloseable {
  /** The quarantine file's header. */
  public static final String HEADER = "line,column,value,reason,detail";

  private final BufferedWriter out;
  private final EnumMap<RejectReason, Long> counts = new EnumMap<>(RejectReason.class);
  private long total;

  public QuarantineWriter(Path file) throws IOException {
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    out.write(HEADER);
    out.write('\n');
  }

  public void write(Rejection r) throws IOException {
    out.write(Integer.toString(r.line()));
    out.write(',');
    out.write(quote(r.column()));
    out.write(',');
    out.write(quote(r.value()));
    out.write(',');
    out.write(r.reason().code());
    out.write(',');
    out.write(quote(r.detail()));
    out.write('\n');
    counts.merge(r.reason(), 1L, Long::sum);
    total++;
  }

  /** Rejected rows so far. */
  public long total() {
    return total;
  }

  /** Rejected rows by reason, in reason order. */
  public Map<RejectReason, Long> counts() {
    return new EnumMap<>(counts);
  }

  static String quote(String s) {
    boolean needs = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        needs = true;
        break;
      }
    }
    return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
