package org.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's command lines that need nothing but what earlier lines make, run as written (in a temporary
 * directory): the synthetic-footprint examples and the months walk-through.
 */
class ReadmeCommandsTest {
  private static final Path README = Path.of("../README.md");

  /** The {@code ./strata} lines of the README's code blocks that contain {@code marker}, comments cut off. */
  private static List<String[]> commands(String marker) throws Exception {
    List<String[]> out = new ArrayList<>();
    boolean code = false;
    for (String line : Files.readAllLines(README)) {
      if (line.startsWith("```")) {
        code = !code;
      } else if (code && line.startsWith("./strata ")) {
        String cmd = line.contains(" #") ? line.substring(0, line.indexOf(" #")) : line;
        if (cmd.contains(marker)) {
          out.add(tokens(cmd.substring("./strata ".length()).strip()));
        }
      }
    }
    return out;
  }

  private static String[] tokens(String s) {
    List<String> t = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(s);
    while (m.find()) {
      t.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return t.toArray(new String[0]);
  }

  /** Paths of the README are relative to the checkout: run them relative to {@code dir}. */
  private static String[] in(Path dir, String[] args) {
    String[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i].contains("/") && !out[i].startsWith("-")) {
        out[i] = dir.resolve(out[i]).toString();
      }
    }
    return out;
  }

  @Test
  void theDirtyFootprintIsGeneratedAndIngestedAsWritten(@TempDir Path tmp) throws Exception {
    List<String[]> cmds = commands("dirty");
    assertEquals(2, cmds.size(), "generate --dirty and its ingest");
    for (String[] c : cmds) {
      StrataCommandTest.Run r = StrataCommandTest.run(in(tmp, c));
      assertEquals(0, r.exit(), String.join(" ", c) + ": " + r.err());
    }
    assertTrue(Files.exists(tmp.resolve("dirty-store/CURRENT")));
  }

  @Test
  void theMonthsWalkThroughRunsAsWritten(@TempDir Path tmp) throws Exception {
    List<String[]> cmds = commands("month");
    assertEquals(6, cmds.size(), "the six lines of the walk-through");
    for (String[] c : cmds) {
      StrataCommandTest.Run r = StrataCommandTest.run(in(tmp, c));
      // history of the README's example number: not one of the synthetic people, so "not in the history"
      int expected = c[0].equals("history") ? 1 : 0;
      assertEquals(expected, r.exit(), String.join(" ", c) + ": " + r.out() + r.err());
      assertFalse(r.err().contains("Exception"), r.err());
    }
    assertTrue(Files.exists(tmp.resolve("monthly/runs/r000002/transitions.csv")));
  }
}
