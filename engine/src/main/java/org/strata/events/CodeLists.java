package org.strata.events;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.strata.format.InvalidInputException;
import org.strata.ingest.CsvRecordReader;
import org.strata.store.Checksums;

/**
 * Reads code lists by name from a directory of OpenCodelists downloads ({@code NAME.csv}), or from the lists
 * Strata ships (real public lists; where each came from is in the shipped {@code PROVENANCE.md}). An optional
 * {@code versions.csv} ({@code list,version}) in the directory gives each list's published version for the
 * manifest; the SHA-256 of every list read is recorded either way.
 */
public final class CodeLists {
  /** Where the shipped lists are, on the class path. */
  static final String SHIPPED = "/org/strata/events/codelists/";

  private final Path dir;
  private final Map<String, String> versions;
  private final Map<String, CodeList> loaded = new LinkedHashMap<>();

  private CodeLists(Path dir, Map<String, String> versions) {
    this.dir = dir;
    this.versions = versions;
  }

  /** The lists in {@code dir}; null for the shipped lists. */
  public static CodeLists in(Path dir) throws IOException {
    if (dir != null && !Files.isDirectory(dir)) {
      throw new InvalidInputException(dir + ": no such directory (--codelists takes a directory of NAME.csv files)");
    }
    Map<String, String> versions = new HashMap<>();
    byte[] v = dir == null ? shipped("versions.csv") : Files.isRegularFile(dir.resolve("versions.csv"))
        ? Files.readAllBytes(dir.resolve("versions.csv")) : null;
    if (v != null) {
      try (CsvRecordReader r = new CsvRecordReader(new java.io.ByteArrayInputStream(v))) {
        r.next();
        while (r.next()) {
          if (r.fieldCount() >= 2) {
            versions.put(r.field(0), r.field(1));
          }
        }
      }
    }
    return new CodeLists(dir, versions);
  }

  /** Where the lists come from, for messages. */
  public String where() {
    return dir == null ? "the shipped code lists" : dir.toString();
  }

  /** The list called {@code name} (read once). */
  public CodeList get(String name) throws IOException {
    CodeList l = loaded.get(name);
    if (l == null) {
      l = read(name);
      loaded.put(name, l);
    }
    return l;
  }

  /** Every list read so far, in the order first asked for. */
  public List<CodeList> loaded() {
    return List.copyOf(loaded.values());
  }

  private CodeList read(String name) throws IOException {
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new InvalidInputException("code list '" + name + "': a name is letters, digits, '_', '-' and '.'");
    }
    String fileName = name + ".csv";
    byte[] bytes;
    String file;
    if (dir == null) {
      bytes = shipped(fileName);
      file = fileName;
      if (bytes == null) {
        throw new InvalidInputException("code list '" + name + "' is not one of the shipped lists (give --codelists DIR"
            + " with " + fileName + ")");
      }
    } else {
      Path p = dir.resolve(fileName);
      if (!Files.isRegularFile(p)) {
        throw new InvalidInputException(p + ": no such code list file (the features file names '" + name + "')");
      }
      bytes = Files.readAllBytes(p);
      file = p.toString();
    }
    List<String> codes = new ArrayList<>();
    List<Integer> groupOf = new ArrayList<>();
    Map<String, Integer> groups = new LinkedHashMap<>();
    try (CsvRecordReader r = new CsvRecordReader(new java.io.ByteArrayInputStream(bytes))) {
      if (!r.next()) {
        throw new InvalidInputException(file + ": empty (expected a header: code,term)");
      }
      int code = -1;
      int group = -1;
      for (int i = 0; i < r.fieldCount(); i++) {
        String h = r.field(i).strip().toLowerCase(Locale.ROOT);
        if (h.equals("code")) {
          code = i;
        } else if (h.equals("deficit") || h.equals("group")) {
          group = i;
        }
      }
      if (code < 0) {
        throw new InvalidInputException(file + ": line 1: no 'code' column (an OpenCodelists download has code,term)");
      }
      while (r.next()) {
        if (r.problem() != CsvRecordReader.Problem.NONE || r.fieldCount() <= Math.max(code, group)) {
          throw new InvalidInputException(file + ": line " + r.line() + ": not a code,term row");
        }
        String c = r.field(code).strip();
        if (c.isEmpty()) {
          throw new InvalidInputException(file + ": line " + r.line() + ", column code: empty");
        }
        codes.add(c);
        if (group >= 0) {
          groupOf.add(groups.computeIfAbsent(r.field(group).strip(), g -> groups.size()));
        }
      }
    }
    int[] g = groupOf.stream().mapToInt(Integer::intValue).toArray();
    java.security.MessageDigest sha = Checksums.sha256();
    sha.update(bytes);
    return new CodeList(name, file, List.copyOf(codes), g, List.copyOf(groups.keySet()), bytes.length, Checksums.hex(sha),
        versions.get(name));
  }

  private static byte[] shipped(String fileName) throws IOException {
    try (InputStream in = CodeLists.class.getResourceAsStream(SHIPPED + fileName)) {
      return in == null ? null : in.readAllBytes();
    }
  }
}
