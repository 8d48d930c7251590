package org.strata.serve;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strata.format.InvalidInputException;

/**
 * Each hub's team capacity for each level, in patients (for example 4 care coordinators × a caseload of 50 is
 * 200 at level 1), from a CSV file with the header {@code hub,level,capacity}; a line starting {@code #} is a
 * comment. Checked against tonight's caseloads by {@code /api/v1/capacity}.
 */
final class Capacity {
  /** hub name → capacity of levels 1–4 (index 1–4; -1 where the file gives none). */
  final Map<String, long[]> byHub;

  private Capacity(Map<String, long[]> byHub) {
    this.byHub = byHub;
  }

  static Capacity load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(file + ": no such capacity file");
    }
    Map<String, long[]> out = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null || !header.strip().replace(" ", "").equalsIgnoreCase("hub,level,capacity")) {
        throw new InvalidInputException(file + ": line 1: expected the header hub,level,capacity, found '"
            + (header == null ? "" : header.strip()) + "'");
      }
      String line;
      int n = 1;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        List<String> f = ServedRun.fields(line);
        if (f.size() != 3) {
          throw new InvalidInputException(file + ": line " + n + ": expected 3 fields (hub,level,capacity), found "
              + f.size());
        }
        String hub = f.get(0).strip();
        int level = number(file, n, "level", f.get(1), 1, 4);
        long capacity = number(file, n, "capacity", f.get(2), 0, Integer.MAX_VALUE);
        long[] c = out.computeIfAbsent(hub, h -> new long[] {-1, -1, -1, -1, -1});
        if (c[level] >= 0) {
          throw new InvalidInputException(file + ": line " + n + ": hub '" + hub + "' level " + level
              + " is given twice");
        }
        c[level] = capacity;
      }
    }
    return new Capacity(out);
  }

  private static int number(Path file, int line, String column, String value, int min, int max)
      throws InvalidInputException {
    try {
      int v = Integer.parseInt(value.strip());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new InvalidInputException(file + ": line " + line + ", column " + column + ": '" + value
        + "' is not a whole number from " + min + " to " + max);
  }
}
