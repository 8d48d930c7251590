package org.strata.output;

import java.util.ArrayList;
import java.util.List;

/** Fields of the CSV Strata writes (RFC 4180: quoted when they hold a comma, quote or line break; quotes doubled). */
public final class CsvFields {
  private CsvFields() {}

  /** The fields of one line. */
  public static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    out.add(f.toString());
    return out;
  }

  /** One value as a field: quoted only when it must be. */
  public static String quote(String v) {
    boolean q = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
    return q ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }
}
