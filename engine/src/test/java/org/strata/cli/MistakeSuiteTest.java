package org.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mistakes people make with real extracts, options and directories, each run through the command line
 * and held to one contract: exit 2, one line starting {@code strata: }, naming what was wrong (the file, line,
 * column and value where there are such), never a stack trace or a Java type, never a patient identifier.
 * Grouped as the issue that collected them groups them; each case says which item it covers.
 */
class MistakeSuiteTest {

  private static final Pattern TEN_DIGITS = Pattern.compile("(?<![0-9])[0-9]{10}(?![0-9])");
  private static final Pattern JAVA_TYPE = Pattern.compile("\\b(java|javax|picocli|org\\.apache|net\\.openhft)\\.[a-z]");

  /**
   * Holds {@code r} to the bad-input contract and to naming each of {@code mustName}. Text of {@code tmp} (a
   * test directory whose name may hold digits) is blanked before looking for identifiers.
   */
  static void assertBadInput(StrataCommandTest.Run r, Path tmp, String... mustName) {
    String err = r.err();
    assertEquals(2, r.exit(), "exit code; stderr was: " + err + "\nstdout was: " + r.out());
    assertEquals(1, err.lines().count(), "one line: " + err);
    assertTrue(err.startsWith("strata: "), err);
    assertFalse(err.contains("Exception") || err.contains("\tat ") || JAVA_TYPE.matcher(err).find(),
        "no Java in the message: " + err);
    String blanked = tmp == null ? err : err.replace(tmp.toString(), "TMP").replace(realPath(tmp), "TMP");
    Matcher m = TEN_DIGITS.matcher(blanked);
    assertFalse(m.find(), "no identifier in the message: " + err);
    for (String s : mustName) {
      assertTrue(err.contains(s), "the message names '" + s + "': " + err);
    }
  }

  private static String realPath(Path p) {
    try {
      return p.toRealPath().toString();
    } catch (java.io.IOException e) {
      return p.toString();
    }
  }

  /** Runs {@code args} and holds the result to the contract. */
  static StrataCommandTest.Run badInput(Path tmp, String[] args, String... mustName) {
    StrataCommandTest.Run r = StrataCommandTest.run(args);
    assertBadInput(r, tmp, mustName);
    return r;
  }

  /** Messages: what a mistaken option or file is told. */
  @Nested
  class Messages {
    @Test
    void aMissingPatientsFileIsNamed(@TempDir Path tmp) {
      badInput(tmp, new String[] {"ingest", "--patients", tmp.resolve("nope.csv").toString(), "--practices",
          tmp.resolve("nope-practices.csv").toString(), "--store", tmp.resolve("s").toString()}, "nope");
    }
  }

  /** Inputs that used to be accepted without a word. */
  @Nested
  class Inputs {}

  /** What the outputs do to the directories they are given. */
  @Nested
  class Outputs {}

  /** Progress and help text. */
  @Nested
  class ProgressAndHelp {}

  /** What a reliability run found: corruptions, fuzzed extracts and policies, a full disk. */
  @Nested
  class Reliability {}
}
