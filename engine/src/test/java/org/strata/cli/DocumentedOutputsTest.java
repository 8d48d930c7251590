package org.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/OUTPUTS.md cannot drift from what a run writes: every file of two consecutive runs (with a budget and
 * Parquet) and of
 * an export, and every column of every CSV among them, is named in the document (in backticks, alone or in a
 * backticked column list; {@code levelL}, {@code reasonR}, {@code quarantined_REASON} and
 * {@code worklists/PRACTICE_CODE.csv} stand for their families).
 */
class DocumentedOutputsTest {
  @Test
  void everyFileAndColumnARunWritesIsInOutputsMd(@TempDir Path tmp) throws Exception {
    Path in = tmp.resolve("in");
    assertEquals(0, StrataCommandTest.run("generate", "--months", "2", "--patients", "3000", "--seed", "8",
        "--out", in.toString(), "--quiet").exit());
    Path budget = Files.copy(Path.of("../docs/budget.yaml"), tmp.resolve("budget.yaml"));
    Path results = tmp.resolve("results");
    for (int month = 1; month <= 2; month++) {
      Path m = in.resolve("month-0" + month);
      assertEquals(0, StrataCommandTest.run("run", "--patients", m.resolve("patients.csv").toString(), "--practices",
          m.resolve("practices.csv").toString(), "--out", results.toString(), "--form-hubs", "--reference-date",
          "2025-0" + (4 + month) + "-01", "--budget", budget.toString(), "--format", "parquet", "--quiet").exit());
    }
    Path key = Files.write(tmp.resolve("k.key"), new byte[32]);
    Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertEquals(0, StrataCommandTest.run("export", "--results", results.toString(), "--store",
        tmp.resolve("results-store").toString(), "--key", key.toString(), "--out", tmp.resolve("export").toString())
        .exit());

    Set<String> documented = new HashSet<>();
    String doc = Files.readString(Path.of("../docs/OUTPUTS.md")).replaceAll("(?s)```.*?```", ""); // code blocks
    Matcher m = Pattern.compile("`([^`]+)`").matcher(doc);
    while (m.find()) {
      for (String token : m.group(1).split(",")) {
        documented.add(token.replaceAll("[\\[\\]]", "").strip());
      }
    }
    List<String> missing = new ArrayList<>();
    Path run = results.resolve("latest").toRealPath();
    List<Path> files;
    try (Stream<Path> s = Files.walk(run)) {
      files = new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
    }
    files.add(tmp.resolve("export/patients.csv"));
    for (Path f : files) {
      String name = f.startsWith(run) ? run.relativize(f).toString().replace('\\', '/') : "export/patients.csv";
      String family = name.replaceAll("^worklists/.*\\.csv$", "worklists/PRACTICE_CODE.csv");
      if (!documented.contains(family) && !documented.contains(family.replaceFirst("^shared/", ""))) {
        missing.add("file " + name);
      }
      if (name.endsWith(".csv")) {
        for (String column : Files.readAllLines(f).get(0).split(",")) {
          String c = column.replaceAll("level\\d", "levelL").replaceAll("reason\\d", "reasonR")
              .replaceAll("^quarantined_.*", "quarantined_REASON");
          if (!documented.contains(c)) {
            missing.add(name + ": column " + column);
          }
        }
      }
    }
    assertTrue(files.size() > 20, files.size() + " files");
    assertEquals(List.of(), missing, "not in docs/OUTPUTS.md");
  }
}
