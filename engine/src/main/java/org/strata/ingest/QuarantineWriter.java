package org.strata.ingest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.strata.format.NhsNumber;

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
  private final List<String> first = new ArrayList<>();
  private final Map<String, Long> unknownPractices = new HashMap<>();

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
    out.write(quote(masked(r.value())));
    out.write(',');
    out.write(r.reason().code());
    out.write(',');
    out.write(quote(masked(r.detail())));
    out.write('\n');
    counts.merge(r.reason(), 1L, Long::sum);
    total++;
    if (first.size() < 3) {
      first.add("line " + r.line() + (r.column().isEmpty() ? "" : ", column " + r.column())
          + (r.value().isEmpty() ? "" : " '" + masked(r.value()) + "'") + ": " + r.reason().code());
    }
    if (r.reason() == RejectReason.UNKNOWN_PRACTICE && unknownPractices.size() < 100_000) {
      unknownPractices.merge(r.value(), 1L, Long::sum); // practice codes: not identifiers
    }
  }

  /** The first rejected rows (at most 3), as {@code line 12, column age '130': out_of_range}. */
  public List<String> first() {
    return List.copyOf(first);
  }

  /** The most frequent unknown practice codes with their counts, most frequent first (at most {@code n}). */
  public List<String> mostFrequentUnknownPractices(int n) {
    return unknownPractices.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(n).map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
  }

  /** Rejected rows so far. */
  public long total() {
    return total;
  }

  /** Rejected rows by reason, in reason order. */
  public Map<RejectReason, Long> counts() {
    return new EnumMap<>(counts);
  }

  private static final java.util.regex.Pattern TEN_DIGITS =
      java.util.regex.Pattern.compile("(?<![0-9])[0-9]{3} ?[0-9]{3} ?[0-9]{4}(?![0-9])");

  /**
   * What may be written of a value: a value that spans lines held other records (a stray quote swallowed
   * them), so only its first line is kept; and any NHS-number-shaped run of digits in it is masked, whatever
   * field it was found in.
   */
  public static String masked(String value) {
    String v = value;
    int nl = v.indexOf('\n');
    int cr = v.indexOf('\r');
    int cut = nl < 0 ? cr : cr < 0 ? nl : Math.min(nl, cr);
    if (cut >= 0) {
      v = v.substring(0, cut) + "…(spans lines; the rest not shown)";
    }
    java.util.regex.Matcher m = TEN_DIGITS.matcher(v);
    if (!m.find()) {
      return v;
    }
    StringBuilder sb = new StringBuilder();
    do {
      m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(NhsNumber.mask(m.group())));
    } while (m.find());
    m.appendTail(sb);
    return sb.toString();
  }

  public static String quote(String s) {
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
