package org.strata.ingest;

import org.strata.format.Practice;
import org.strata.format.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the practices file. It is small and authoritative, so any bad row fails the ingest with one
 * line naming the file, line, column and value, rather than quarantining (a practice dropped would
 * silently orphan its patients).
 *
 * <pre>{@code List<Practice> practices = PracticesReader.read(Path.of("practices.csv"));}</pre>
 */
public final class PracticesReader {
  private PracticesReader() {}

  /** England, Wales, Scotland and Northern Ireland, with a margin: a practice outside is a typo or a swap. */
  static final double UK_SOUTH = 49.8;
  static final double UK_NORTH = 60.9;
  static final double UK_WEST = -8.7;
  static final double UK_EAST = 2.0;

  /** Reads and validates every practice, in file order. */
  public static List<Practice> read(Path file) throws IOException {
    return read(file, new ArrayList<>());
  }

  /**
   * As {@link #read(Path)}, adding to {@code warnings} what is accepted but looks wrong: practices located
   * outside the UK (latitude and longitude swapped, a sign lost).
   */
  public static List<Practice> read(Path file, List<String> warnings) throws IOException {
    String name = file.getFileName().toString();
    if (Files.isDirectory(file)) {
      throw new InvalidInputException(file + ": is a directory, not a file (--practices takes the practices file)");
    }
    try (RecordSource r = InputFiles.records(file, column -> true, null)) { // Arrow, Parquet: read as their CSV
      if (!r.next()) {
        throw new InvalidInputException(name + ": the file is empty (expected a header line)");
      }
      Map<String, Integer> col = new HashMap<>();
      List<String> header = new ArrayList<>();
      for (int i = 0; i < r.fieldCount(); i++) {
        col.put(r.field(i).strip().toLowerCase(Locale.ROOT), i);
        header.add(r.field(i));
      }
      String delimiter = InputFiles.otherDelimiter(name, header);
      if (delimiter != null) {
        throw new InvalidInputException(delimiter);
      }
      int code = need(col, "practice_code", name);
      int pname = need(col, "practice_name", name);
      int lat = need(col, "latitude", name);
      int lon = need(col, "longitude", name);
      Integer hub = col.get("hub");
      r.expectFields(r.fieldCount());
      Map<String, Integer> seen = new LinkedHashMap<>();
      List<Practice> out = new ArrayList<>();
      List<String> outside = new ArrayList<>();
      int lineWithHub = 0; // the first practice that names its hub, and the first that does not
      int lineWithoutHub = 0;
      while (r.next()) {
        int line = r.line();
        if (r.problem() != CsvRecordReader.Problem.NONE) {
          throw new InvalidInputException(
              name + ": line " + line + ": " + (r.problem() == CsvRecordReader.Problem.UNBALANCED_QUOTE
                  ? "unbalanced quote"
                  : "expected " + col.size() + " fields, found " + r.fieldCount()));
        }
        String c = r.field(code).toUpperCase(Locale.ROOT);
        if (c.isEmpty()) {
          throw new InvalidInputException(name + ": line " + line + ", column practice_code: empty");
        }
        Integer before = seen.put(c, line);
        if (before != null) {
          throw new InvalidInputException(
              name + ": line " + line + ", column practice_code: '" + c + "' already on line " + before);
        }
        double la = coordinate(r, lat, "latitude", -90, 90, name, line);
        double lo = coordinate(r, lon, "longitude", -180, 180, name, line);
        String h = hub == null || r.isEmpty(hub) ? null : r.field(hub);
        if (hub != null && h == null && lineWithoutHub == 0) {
          lineWithoutHub = line;
        } else if (hub != null && h != null && lineWithHub == 0) {
          lineWithHub = line;
        }
        if (la < UK_SOUTH || la > UK_NORTH || lo < UK_WEST || lo > UK_EAST) {
          outside.add(c + " (line " + line + ": " + la + ", " + lo + ")");
        }
        out.add(new Practice(c, r.field(pname), la, lo, h));
      }
      if (lineWithHub > 0 && lineWithoutHub > 0) {
        throw new InvalidInputException(name + ": line " + lineWithoutHub + ", column hub: empty, while line "
            + lineWithHub + " names a hub: give every practice its hub, or leave the column empty (or out) and "
            + "give strata run --form-hubs");
      }
      if (!outside.isEmpty()) {
        warnings.add(name + ": " + outside.size() + (outside.size() == 1 ? " practice is" : " practices are")
            + " located outside the UK (latitude " + UK_SOUTH + " to " + UK_NORTH + ", longitude " + UK_WEST + " to "
            + UK_EAST + "): " + String.join("; ", outside.subList(0, Math.min(5, outside.size())))
            + (outside.size() > 5 ? "; …" : "") + ". Hubs are formed by distance: check the coordinates");
      }
      if (out.isEmpty()) {
        throw new InvalidInputException(name + ": no practices after the header");
      }
      if (out.size() > Short.MAX_VALUE) {
        throw new InvalidInputException(name + ": " + out.size() + " practices; at most " + Short.MAX_VALUE);
      }
      return out;
    }
  }

  private static int need(Map<String, Integer> col, String c, String file) throws InvalidInputException {
    Integer i = col.get(c);
    if (i == null) {
      throw new InvalidInputException(file + ": missing required column '" + c + "'");
    }
    return i;
  }

  private static double coordinate(
      RecordSource r, int f, String column, double min, double max, String file, int line)
      throws InvalidInputException {
    String v = r.field(f);
    try {
      double d = Double.parseDouble(v);
      if (d >= min && d <= max) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidInputException(
        file + ": line " + line + ", column " + column + ": '" + v + "' is not a number in " + min + ".." + max);
  }

  /** Practice code → ordinal (file order). */
  public static Map<String, Integer> ordinals(List<Practice> practices) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < practices.size(); i++) {
      m.put(practices.get(i).code(), i);
    }
    return m;
  }
}
