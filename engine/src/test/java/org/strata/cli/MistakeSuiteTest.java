package org.strata.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
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

  /** A small generated footprint and its store, made once for the cases that need real files. */
  static Path footprint;
  static Path store;

  @BeforeAll
  static void generateAndIngest(@TempDir Path dir) throws Exception {
    footprint = dir.resolve("in");
    store = dir.resolve("store");
    assertEquals(0, StrataCommandTest.run("generate", "--patients", "2000", "--seed", "3", "--out",
        footprint.toString(), "--quiet").exit());
    assertEquals(0, StrataCommandTest.run("ingest", "--patients", patients(), "--practices", practices(), "--store",
        store.toString(), "--quiet").exit());
  }

  static String patients() {
    return footprint.resolve("patients.csv").toString();
  }

  static String practices() {
    return footprint.resolve("practices.csv").toString();
  }

  /** Messages: what a mistaken option or file is told. */
  @Nested
  class Messages {
    @Test
    void aMissingPatientsFileIsNamed(@TempDir Path tmp) {
      badInput(tmp, new String[] {"ingest", "--patients", tmp.resolve("nope.csv").toString(), "--practices",
          tmp.resolve("nope-practices.csv").toString(), "--store", tmp.resolve("s").toString()}, "nope");
    }

    @Test // item 1
    void aDateNotInIsoFormIsOneLineNamingOptionValueAndForm(@TempDir Path tmp) {
      badInput(tmp, new String[] {"ingest", "--patients", patients(), "--practices", practices(), "--store",
          tmp.resolve("s").toString(), "--reference-date", "15/06/2025"},
          "--reference-date", "'15/06/2025'", "YYYY-MM-DD", "strata ingest --help");
    }

    @Test // item 1, any option
    void anUnknownOptionIsOneLine(@TempDir Path tmp) {
      badInput(tmp, new String[] {"run", "--store", store.toString(), "--out", tmp.toString(), "--from-hubs"},
          "--from-hubs", "strata run --help");
    }

    @Test // item 2
    void aDirectoryGivenAsThePatientsFileIsSaidToBeOne(@TempDir Path tmp) {
      badInput(tmp, new String[] {"ingest", "--patients", footprint.toString(), "--practices", practices(),
          "--store", tmp.resolve("s").toString()}, "is a directory", "--patients");
      badInput(tmp, new String[] {"ingest", "--patients", patients(), "--practices", footprint.toString(),
          "--store", tmp.resolve("s").toString()}, "is a directory, not a file");
    }

    @Test
    void aFormatStrataDoesNotWriteIsOneLineNamingTheOnesItDoes(@TempDir Path tmp) {
      badInput(tmp, new String[] {"run", "--store", store.toString(), "--out", tmp.resolve("r").toString(),
          "--form-hubs", "--format", "xlsx"}, "--format xlsx", "csv", "parquet");
      badInput(tmp, new String[] {"run", "--store", store.toString(), "--out", tmp.resolve("r").toString(),
          "--form-hubs", "--format", "parquet,arrow"}, "patients.arrow is written by every run");
    }

    @Test // item 3
    void aStoreThatIsAFileIsBadInput(@TempDir Path tmp) {
      badInput(tmp, new String[] {"run", "--store", practices(), "--out", tmp.resolve("r").toString(),
          "--form-hubs"}, "practices.csv", "no store here (a file, not a directory)");
    }

    @Test // item 3
    void aPolicyThatIsADirectoryIsBadInput(@TempDir Path tmp) {
      badInput(tmp, new String[] {"run", "--store", store.toString(), "--policy", tmp.toString(), "--out",
          tmp.resolve("r").toString(), "--form-hubs"}, "is a directory, not a policy file");
    }

    @Test // item 3
    void generateIntoAFileIsBadInput(@TempDir Path tmp) throws Exception {
      Path file = Files.writeString(tmp.resolve("small.csv"), "x");
      badInput(tmp, new String[] {"generate", "--patients", "1000", "--out", file.toString()},
          "small.csv", "--out is a file");
    }

    @Test // item 3
    void aTruncatedGzipSaysHowFarItGot(@TempDir Path tmp) throws Exception {
      java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
      try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
        out.write(Files.readAllBytes(Path.of(patients())));
      }
      byte[] all = gz.toByteArray();
      Path cut = Files.write(tmp.resolve("patients.csv.gz"), java.util.Arrays.copyOf(all, all.length / 2));
      StrataCommandTest.Run r = badInput(tmp, new String[] {"ingest", "--patients", cut.toString(), "--practices",
          practices(), "--store", tmp.resolve("s").toString()}, "patients.csv.gz", "compressed data ends early",
          "after line ");
      assertFalse(Files.exists(tmp.resolve("s/CURRENT")), "nothing published: " + r.err());
    }

    @Test // item 7
    void messagesNameTheOptionNotTheField(@TempDir Path tmp) {
      badInput(tmp, new String[] {"generate", "--patients", "1000", "--dirty", "0.9", "--out", tmp.toString()},
          "--dirty must be 0 to 0.5: 0.9");
      badInput(tmp, new String[] {"generate", "--patients", "10", "--out", tmp.toString()}, "--patients must be");
    }

    @Test // item 31
    void anUnknownIdKindIsBadInput(@TempDir Path tmp) {
      badInput(tmp, new String[] {"ingest", "--patients", patients(), "--practices", practices(), "--store",
          tmp.resolve("s").toString(), "--id-kind", "ohs-number"}, "'ohs-number'", "nhs-number or pseudonym");
    }

    @Test // item 33
    void aPolicyThatIsNotUtf8NamesFileAndLine(@TempDir Path tmp) throws Exception {
      Path policy = tmp.resolve("latin1.yaml");
      Files.write(policy, ("name: x\nversion: 1\nlevels:\n  1:\n    rules:\n      - name: caf\u00e9\n")
          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      badInput(tmp, new String[] {"run", "--store", store.toString(), "--policy", policy.toString(), "--out",
          tmp.resolve("r").toString(), "--form-hubs"}, "latin1.yaml: line 6: not UTF-8");
    }

    @Test // item 33
    void deeplyNestedConditionsAreRefusedNotAStackOverflow(@TempDir Path tmp) throws Exception {
      String deep = "(".repeat(3000) + "age >= 65" + ")".repeat(3000);
      Path policy = Files.writeString(tmp.resolve("deep.yaml"), "name: x\nversion: 1\nlevels:\n  1:\n    rules:\n"
          + "      - name: deep\n        when: " + deep + "\n");
      badInput(tmp, new String[] {"run", "--store", store.toString(), "--policy", policy.toString(), "--out",
          tmp.resolve("r").toString(), "--form-hubs"}, "deep.yaml: line 7: nested more than 64 deep");
    }

    @Test // item 6
    void yamlSyntaxErrorsGiveLineColumnAndPlainWords(@TempDir Path tmp) throws Exception {
      String head = "name: x\nversion: 1\nlevels:\n  1:\n    rules:\n      - name: a\n";
      String[][] cases = {
        {head + "        when: age >= 65\n      this is wrong\n      - name: b\n",
            "line 8, column 7: not valid YAML: expected 'key: value' (a ':' is missing"},
        {"name: x\nversion: 1\nlevels:\n  1:\n\trules:\n", "line 5, column 1: not valid YAML: a tab character"},
        {head + "        when: age: 65\n", "line 7, column 18: not valid YAML: a ':' inside a value"},
      };
      for (String[] c : cases) {
        Path policy = Files.writeString(tmp.resolve("p.yaml"), c[0]);
        badInput(tmp, new String[] {"run", "--store", store.toString(), "--policy", policy.toString(), "--out",
            tmp.resolve("r").toString(), "--form-hubs"}, "p.yaml: " + c[1]);
      }
    }

    @Test // item 10, in policies
    void aMistypedPolicyColumnIsAnsweredWithTheNearestName(@TempDir Path tmp) throws Exception {
      Path policy = Files.writeString(tmp.resolve("typo.yaml"), "name: x\nversion: 1\nlevels:\n  1:\n    rules:\n"
          + "      - name: bp\n        when: hypertention\n");
      badInput(tmp, new String[] {"run", "--store", store.toString(), "--policy", policy.toString(), "--out",
          tmp.resolve("r").toString(), "--form-hubs"}, "typo.yaml: line 7", "did you mean hypertension?");
    }
  }

  /** Inputs that used to be accepted without a word. */
  @Nested
  class Inputs {
    @Test // item 13
    void ingestOptionsWithoutAnIngestAreRefused(@TempDir Path tmp) {
      badInput(tmp, new String[] {"run", "--store", store.toString(), "--out", tmp.resolve("r").toString(),
          "--form-hubs", "--id-kind", "pseudonym"}, "--id-kind is for the ingest that --patients asks for");
    }

    @Test // item 13
    void formHubsWithAHubColumnSaysItIsIgnored(@TempDir Path tmp) throws Exception {
      List<String> lines = Files.readAllLines(Path.of(practices()));
      StringBuilder withHubs = new StringBuilder(lines.get(0)).append(",hub\n");
      for (int i = 1; i < lines.size(); i++) {
        withHubs.append(lines.get(i)).append(",H").append(i % 2).append('\n');
      }
      Path p = Files.writeString(tmp.resolve("practices.csv"), withHubs);
      Path s = tmp.resolve("s");
      assertEquals(0, StrataCommandTest.run("ingest", "--patients", patients(), "--practices", p.toString(),
          "--store", s.toString(), "--quiet").exit());
      StrataCommandTest.Run r = StrataCommandTest.run("run", "--store", s.toString(), "--out",
          tmp.resolve("r").toString(), "--form-hubs", "--quiet");
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().contains("warning: the practices file has a hub column: its hubs are used, and --form-hubs"
          + " is ignored"), r.out());
    }

    @Test // item 10, in extracts
    void aMistypedExtractColumnIsNamedWithTheNearestAndStrictColumnsRefusesIt(@TempDir Path tmp) throws Exception {
      Path typo = withHeader(tmp, "typo.csv", h -> h.replace(",hypertension,", ",hypertention,"));
      StrataCommandTest.Run r = ingest(tmp, typo, "s1");
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.err().contains("typo.csv: ignoring unknown columns hypertention (did you mean hypertension?)"),
          r.err());
      badInput(tmp, new String[] {"ingest", "--patients", typo.toString(), "--practices", practices(), "--store",
          tmp.resolve("s2").toString(), "--strict-columns", "--quiet"}, "typo.csv: line 1: unknown columns",
          "hypertention (did you mean hypertension?)", "--strict-columns");
      assertFalse(Files.exists(tmp.resolve("s2").resolve("CURRENT")), "nothing published");
    }

    @Test // items 11, 32
    void aColumnWithNoNameIsSaidToBeIgnored(@TempDir Path tmp) throws Exception {
      Path blank = withHeader(tmp, "blank.csv", h -> h.replace(",carer,", ",,"));
      StrataCommandTest.Run r = ingest(tmp, blank, "s");
      assertEquals(0, r.exit(), r.err());
      int column = List.of(Files.readAllLines(Path.of(patients())).get(0).split(",")).indexOf("carer") + 1;
      assertTrue(r.err().contains("blank.csv: line 1: 1 column has no name in the header (column " + column
          + "): ignored, so what it holds is not read"), r.err());
    }

    @Test // item 32
    void aHeaderWithAStrayQuoteOrTooManyColumnsIsSaidToBe(@TempDir Path tmp) throws Exception {
      Path quote = withHeader(tmp, "quote.csv", h -> h.replace(",age,", ",\"age,"));
      badInput(tmp, ingestArgs(tmp, quote), "quote.csv: line 1: the header has an unbalanced quote");
      StringBuilder wide = new StringBuilder();
      List<String> lines = Files.readAllLines(Path.of(patients()));
      wide.append(lines.get(0)).append(",x".repeat(1100)).append('\n');
      for (String l : lines.subList(1, 50)) {
        wide.append(l).append(",".repeat(1100)).append('\n');
      }
      Path w = Files.writeString(tmp.resolve("wide.csv"), wide);
      badInput(tmp, ingestArgs(tmp, w), "wide.csv: line 1: the header has more than 1024 columns");
    }

    @Test // item 9
    void aDateOfBirthThatGivesAnotherAgeIsQuarantinedNotTrusted(@TempDir Path tmp) throws Exception {
      List<String> lines = Files.readAllLines(Path.of(patients()));
      int age = List.of(lines.get(0).split(",")).indexOf("age");
      StringBuilder csv = new StringBuilder(lines.get(0)).append(",date_of_birth\n");
      for (int i = 1; i < lines.size(); i++) {
        int years = Integer.parseInt(lines.get(i).split(",")[age]) + (i == 7 ? 3 : 0); // line 8 disagrees
        csv.append(lines.get(i)).append(',').append(2025 - years - 1).append("-12-01\n");
      }
      Path both = Files.writeString(tmp.resolve("both.csv"), csv);
      StrataCommandTest.Run r = StrataCommandTest.run("ingest", "--patients", both.toString(), "--practices",
          practices(), "--store", tmp.resolve("s").toString(), "--reference-date", "2025-06-15", "--quiet");
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.err().contains("both.csv: has both 'age' and 'date_of_birth': 'age' is used"), r.err());
      List<String> quarantine = Files.readAllLines(tmp.resolve("s/latest/quarantine.csv"));
      assertEquals(2, quarantine.size(), "one row quarantined: " + quarantine);
      assertTrue(quarantine.get(1).startsWith("8,date_of_birth,(masked),out_of_range,"), quarantine.get(1));
    }

    @Test // item 4
    void anotherDelimiterEncodingOrContainerIsNamed(@TempDir Path tmp) throws Exception {
      String csv = Files.readString(Path.of(patients()));
      Path semicolons = Files.writeString(tmp.resolve("semi.csv"), csv.replace(',', ';'));
      badInput(tmp, ingestArgs(tmp, semicolons), "semi.csv: line 1", "separated by semicolons, not commas");
      Path tabs = Files.writeString(tmp.resolve("tabs.csv"), csv.replace(',', '\t'));
      badInput(tmp, ingestArgs(tmp, tabs), "tabs.csv: line 1", "separated by tabs");
      Path utf16 = Files.write(tmp.resolve("utf16.csv"), csv.getBytes(java.nio.charset.StandardCharsets.UTF_16));
      badInput(tmp, ingestArgs(tmp, utf16), "utf16.csv", "UTF-16", "CSV UTF-8");
      Path utf16le = Files.write(tmp.resolve("utf16le.csv"),
          csv.getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
      badInput(tmp, ingestArgs(tmp, utf16le), "utf16le.csv", "UTF-16");
      Path zip = tmp.resolve("patients.zip");
      try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
        z.putNextEntry(new java.util.zip.ZipEntry("patients.csv"));
        z.write(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      badInput(tmp, ingestArgs(tmp, zip), "patients.zip", "a ZIP archive");
      Path practicesSemi = Files.writeString(tmp.resolve("practices.csv"),
          Files.readString(Path.of(practices())).replace(',', ';'));
      badInput(tmp, new String[] {"ingest", "--patients", patients(), "--practices", practicesSemi.toString(),
          "--store", tmp.resolve("s").toString(), "--quiet"}, "practices.csv: line 1", "semicolons");
    }

    @Test // item 12
    void aHubColumnFilledForSomePracticesOnlyIsRefusedAtIngest(@TempDir Path tmp) throws Exception {
      List<String> lines = Files.readAllLines(Path.of(practices()));
      StringBuilder partly = new StringBuilder(lines.get(0)).append(",hub\n");
      for (int i = 1; i < lines.size(); i++) {
        partly.append(lines.get(i)).append(',').append(i == 3 ? "" : "H1").append('\n');
      }
      Path p = Files.writeString(tmp.resolve("practices.csv"), partly);
      badInput(tmp, new String[] {"ingest", "--patients", patients(), "--practices", p.toString(), "--store",
          tmp.resolve("s").toString(), "--quiet"}, "practices.csv: line 4, column hub: empty, while line 2 names a hub");
    }

    @Test // item 14
    void aPracticeOutsideTheUkIsNamedInAWarning(@TempDir Path tmp) throws Exception {
      List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Path.of(practices())));
      String[] f = lines.get(2).split(",");
      f[2] = "40.1";
      lines.set(2, String.join(",", f));
      Path p = Files.write(tmp.resolve("practices.csv"), lines);
      StrataCommandTest.Run r = StrataCommandTest.run("ingest", "--patients", patients(), "--practices",
          p.toString(), "--store", tmp.resolve("s").toString(), "--quiet");
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.err().contains("practices.csv: 1 practice is located outside the UK") && r.err().contains(
          f[0] + " (line 3: 40.1, "), r.err());
    }

    @Test // item 27
    void runTakesThreadsAndTheResultsDoNotDependOnThem(@TempDir Path tmp) throws Exception {
      try {
        for (String t : new String[] {"1", "2"}) {
          StrataCommandTest.Run r = StrataCommandTest.run("run", "--store", store.toString(), "--out",
              tmp.resolve("r" + t).toString(), "--form-hubs", "--threads", t, "--quiet");
          assertEquals(0, r.exit(), r.err());
        }
        for (String f : new String[] {"patients.csv", "practices.csv", "hubs.csv", "footprint.csv"}) {
          assertArrayEquals(Files.readAllBytes(tmp.resolve("r1/latest").resolve(f)),
              Files.readAllBytes(tmp.resolve("r2/latest").resolve(f)), f);
        }
        badInput(tmp, new String[] {"run", "--store", store.toString(), "--out", tmp.resolve("r0").toString(),
            "--form-hubs", "--threads", "0"}, "--threads must be at least 1: 0");
      } finally {
        System.clearProperty(org.strata.parallel.Workers.THREADS_PROPERTY); // the suite runs in one JVM
      }
    }

    @Test // item 27
    void runTakesTheReferenceDateOfItsIngest(@TempDir Path tmp) {
      StrataCommandTest.Run r = StrataCommandTest.run("run", "--patients", patients(), "--practices", practices(),
          "--out", tmp.resolve("r").toString(), "--form-hubs", "--reference-date", "2025-06-15", "--quiet");
      assertEquals(0, r.exit(), r.err());
    }
  }

  /** A copy of the footprint's patients with its header rewritten. */
  static Path withHeader(Path tmp, String name, java.util.function.UnaryOperator<String> header) throws Exception {
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Path.of(patients())));
    lines.set(0, header.apply(lines.get(0)));
    return Files.write(tmp.resolve(name), lines);
  }

  static String[] ingestArgs(Path tmp, Path patients) {
    return new String[] {"ingest", "--patients", patients.toString(), "--practices", practices(), "--store",
        tmp.resolve("s-" + patients.getFileName()).toString(), "--quiet"};
  }

  static StrataCommandTest.Run ingest(Path tmp, Path patients, String storeName) {
    return StrataCommandTest.run("ingest", "--patients", patients.toString(), "--practices", practices(), "--store",
        tmp.resolve(storeName).toString(), "--quiet");
  }

  /** What the outputs do to the directories they are given. */
  @Nested
  class Outputs {
    @Test // item 16
    void generateDoesNotOverwriteWithoutForce(@TempDir Path tmp) throws Exception {
      Path out = tmp.resolve("g");
      assertEquals(0, StrataCommandTest.run("generate", "--patients", "1000", "--out", out.toString(), "--quiet")
          .exit());
      byte[] before = Files.readAllBytes(out.resolve("patients.csv"));
      badInput(tmp, new String[] {"generate", "--patients", "1000", "--seed", "9", "--out", out.toString()},
          "patients.csv: exists; give --force");
      assertArrayEquals(before, Files.readAllBytes(out.resolve("patients.csv")));
      assertEquals(0, StrataCommandTest.run("generate", "--patients", "1000", "--seed", "9", "--out",
          out.toString(), "--force", "--quiet").exit());
      assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(out.resolve("patients.csv"))));
    }

    @Test // item 17: also NightlyRunTest.resultsKeepTheLastRunsAndLeaveTheUsersFilesAlone
    void aRerunKeepsTheUsersFilesAndLeavesNothingBesideOut(@TempDir Path tmp) throws Exception {
      Path out = tmp.resolve("results");
      String[] run = {"run", "--store", store.toString(), "--out", out.toString(), "--form-hubs", "--quiet"};
      assertEquals(0, StrataCommandTest.run(run).exit());
      Files.writeString(out.resolve("my-notes.txt"), "mine");
      assertEquals(0, StrataCommandTest.run(run).exit());
      assertEquals("mine", Files.readString(out.resolve("my-notes.txt")));
      try (var s = Files.list(tmp)) {
        assertEquals(List.of("results"), s.map(p -> p.getFileName().toString()).toList());
      }
    }
  }

  /** Progress and help text. */
  @Nested
  class ProgressAndHelp {
    @Test // item 25
    void helpTextIsWrappedByPicocliNotMidSentence() {
      StrataCommandTest.Run r = StrataCommandTest.run("generate", "--help");
      assertEquals(0, r.exit());
      String text = r.out().replaceAll("\\s+", " ");
      assertTrue(text.contains("eFI, Devon admissions"), r.out());
      for (String line : r.out().lines().toList()) {
        assertTrue(line.length() <= 80, "picocli wraps at 80 columns: " + line);
      }
    }
  }

  /** What a reliability run found: corruptions, fuzzed extracts and policies, a full disk. */
  @Nested
  class Reliability {
    private Path copyOfTheStore(Path tmp) throws Exception {
      Path copy = tmp.resolve("store");
      try (java.util.stream.Stream<Path> walk = Files.walk(store)) {
        for (Path p : walk.toList()) {
          Path to = copy.resolve(store.relativize(p).toString());
          if (Files.isSymbolicLink(p)) {
            Files.createSymbolicLink(to, Files.readSymbolicLink(p));
          } else if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.copy(p, to);
          }
        }
      }
      return copy;
    }

    private static void flipByte(Path file, long at) throws Exception {
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
          java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
        ch.read(b, at);
        b.flip();
        byte v = b.get();
        ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) (v ^ 0x01)}), at);
      }
    }

    @Test // item 28
    void aStrayQuoteNeverSwallowsTheRowsAfterIt(@TempDir Path tmp) throws Exception {
      List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Path.of(patients())));
      String[] eleven = lines.get(10).split(",", -1);
      eleven[eleven.length - 1] = "\"" + eleven[eleven.length - 1]; // a quote before the last field of line 11
      lines.set(10, String.join(",", eleven));
      lines.set(110, lines.get(110) + "\""); // and one at the end of line 111
      String[] three = lines.get(299).split(",", -1); // the same over two lines: 300 and 301
      three[three.length - 1] = "\"" + three[three.length - 1];
      lines.set(299, String.join(",", three));
      lines.set(300, lines.get(300) + "\"");
      Path stray = Files.write(tmp.resolve("stray.csv"), lines);
      StrataCommandTest.Run r = StrataCommandTest.run(ingestArgs(tmp, stray));
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().contains("rows read               2,000") && r.out().contains("rows stored             1,996"),
          "read = stored + quarantined: " + r.out());
      List<String> q = Files.readAllLines(tmp.resolve("s-stray.csv/latest/quarantine.csv"));
      assertEquals(List.of("line,column,value,reason,detail", "11,,,unbalanced_quote,", "111,,,unbalanced_quote,",
          "300,,,unbalanced_quote,", "301,,,unbalanced_quote,"), q);
    }

    @Test // item 30
    void verifyChecksTheIndexAndItsSidecar(@TempDir Path tmp) throws Exception {
      Path s = copyOfTheStore(tmp);
      Path gen = s.resolve("latest").toRealPath();
      assertEquals(0, StrataCommandTest.run("verify", "--store", s.toString()).exit());
      Path index = gen.resolve("patient-index.cmap");
      flipByte(index, Files.size(index) / 2);
      StrataCommandTest.Run r = StrataCommandTest.run("verify", "--store", s.toString());
      assertEquals(2, r.exit(), r.out() + r.err());
      assertTrue((r.out() + r.err()).contains("patient-index.cmap: checksum"), r.out() + r.err());
    }

    @Test // item 31
    void aDeletedOrTruncatedStoreFileIsNamedByRun(@TempDir Path tmp) throws Exception {
      Path s = copyOfTheStore(tmp);
      Path gen = s.resolve("latest").toRealPath();
      Path quarantine = gen.resolve("quarantine.csv");
      Files.writeString(quarantine, Files.readString(quarantine) + "x");
      badInput(tmp, new String[] {"run", "--store", s.toString(), "--out", tmp.resolve("r").toString(),
          "--form-hubs", "--quiet"}, "quarantine.csv: ", "bytes, the manifest says");
      Files.delete(gen.resolve("patients.arrow"));
      badInput(tmp, new String[] {"run", "--store", s.toString(), "--out", tmp.resolve("r").toString(),
          "--form-hubs", "--quiet"}, "patients.arrow: missing, though the manifest lists it");
    }

    @Test // a damaged level history is bad input, with the way out
    void aDamagedHistoryIsNamedWithTheWayOut(@TempDir Path tmp) throws Exception {
      Path s = copyOfTheStore(tmp);
      String[] run = {"run", "--store", s.toString(), "--out", tmp.resolve("r").toString(), "--form-hubs", "--quiet"};
      assertEquals(0, StrataCommandTest.run(run).exit());
      Files.writeString(s.resolve("history/latest/history.json").toRealPath(), "garbage");
      badInput(tmp, run, "history.json: not a level history manifest", "move " + s.resolve("history")
          + " aside to start a new one");
    }

    @Test // item 30
    void aChangedManifestIsRefusedByVerifyAndByRun(@TempDir Path tmp) throws Exception {
      Path s = copyOfTheStore(tmp);
      Path manifest = s.resolve("latest").toRealPath().resolve("manifest.json");
      Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"generation\" : 1", "\"generation\" : 7"));
      StrataCommandTest.Run v = StrataCommandTest.run("verify", "--store", s.toString());
      assertEquals(2, v.exit(), v.out() + v.err());
      assertTrue((v.out() + v.err()).contains("manifest.json: checksum"), v.out() + v.err());
      badInput(tmp, new String[] {"run", "--store", s.toString(), "--out", tmp.resolve("r").toString(),
          "--form-hubs", "--quiet"}, "manifest.json", "the manifest was changed or damaged");
    }
  }
}
