package org.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user meets it: commands, outputs, exit codes, one-line errors. */
public class StrataCommandTest {
  /** What a command printed and returned. */
  public record Run(int exit, String out, String err) {}

  /** Runs the command line in-process, capturing stdout and stderr (shared with other packages' tests). */
  public static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      CommandLine cl = StrataCommand.commandLine(args); // as main builds it: the named subcommand alone
      cl.setOut(new PrintWriter(System.out, true));
      cl.setErr(new PrintWriter(System.err, true));
      int exit = cl.execute(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void everySubcommandIsNamedAsItsAnnotationSaysAndTheUsageListsThemAll() {
    CommandLine all = StrataCommand.commandLine();
    assertEquals(StrataCommand.NAMES, java.util.List.copyOf(all.getSubcommands().keySet()));
    for (String name : StrataCommand.NAMES) {
      CommandLine one = StrataCommand.commandLine(new String[] {name, "--help"});
      assertEquals(name.equals("help") ? StrataCommand.NAMES : java.util.List.of(name),
          java.util.List.copyOf(one.getSubcommands().keySet()), name);
    }
    Run usage = run("--help");
    for (String name : StrataCommand.NAMES) {
      assertTrue(usage.out().contains("  " + name + " "), name + " missing from the usage:\n" + usage.out());
    }
    Run typo = run("rnu", "--store", "s");
    assertEquals(StrataCommand.EXIT_BAD_INPUT, typo.exit(), typo.err());
  }

  @Test
  void aDemoRunAgainStartsAfreshAndADirectoryThatIsNotADemosIsLeftAlone(@TempDir Path tmp) throws Exception {
    Path demo = tmp.resolve("demo");
    for (int round = 1; round <= 2; round++) {
      Run d = run("demo", "--out", demo.toString(), "--patients", "3000", "--quiet");
      assertEquals(0, d.exit(), d.err());
      // month 2 against month 1 of this demo, never month 1 against the last demo's month 2
      assertEquals(1, d.out().split("Movement since ", -1).length - 1, d.out());
      assertTrue(d.out().contains("Movement since r000001 (2025-04-01)"), "round " + round + ":\n" + d.out());
    }
    try (var runs = Files.list(demo.resolve("results/runs"))) {
      assertEquals(java.util.List.of("r000001", "r000002"),
          runs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("r")).sorted().toList());
    }
    Path mine = Files.createDirectories(tmp.resolve("mine"));
    Files.writeString(mine.resolve("notes.txt"), "not a demo's");
    Run refused = run("demo", "--out", mine.toString(), "--patients", "3000", "--quiet");
    assertEquals(StrataCommand.EXIT_BAD_INPUT, refused.exit(), refused.err());
    assertTrue(refused.err().contains("notes.txt"), refused.err());
    assertEquals("not a demo's", Files.readString(mine.resolve("notes.txt")));
  }

  @Test
  void generateIngestVerifyLookup(@TempDir Path tmp) throws Exception {
    Path in = tmp.resolve("in");
    Run g = run("generate", "--patients", "3000", "--seed", "5", "--out", in.toString(), "--quiet");
    assertEquals(0, g.exit(), g.err());
    assertTrue(g.out().contains("3,000 (registered 2,970, unregistered 30"), g.out());

    Path store = tmp.resolve("store");
    Run i = run("ingest", "--patients", in.resolve("patients.csv").toString(), "--practices",
        in.resolve("practices.csv").toString(), "--store", store.toString(), "--quiet");
    assertEquals(0, i.exit(), i.err());
    assertTrue(i.out().contains("rows stored             3,000"), i.out());

    assertEquals(0, run("verify", "--store", store.toString()).exit());

    String firstId = Files.readAllLines(in.resolve("patients.csv")).get(1).split(",")[0];
    String spaced = firstId.substring(0, 3) + " " + firstId.substring(3, 6) + " " + firstId.substring(6);
    Run l = run("lookup", "--store", store.toString(), spaced);
    assertEquals(0, l.exit(), l.err());
    assertTrue(l.out().startsWith("patient_id                     " + firstId), l.out());
    assertTrue(l.out().contains("source_line                    2"), l.out());

    Run bad = run("lookup", "--store", store.toString(), "1234567890");
    assertEquals(2, bad.exit());
    assertEquals("strata: '******7890' is not a valid NHS number\n", bad.err());

    Run absent = run("lookup", "--store", store.toString(), "9434765919");
    assertEquals(1, absent.exit());
  }

  @Test
  void runPublishesIntoLatestAndVerifyChecksIt(@TempDir Path tmp) throws Exception {
    Path in = tmp.resolve("in");
    assertEquals(0, run("generate", "--patients", "3000", "--seed", "5", "--out", in.toString(), "--quiet").exit());
    Path store = tmp.resolve("store");
    assertEquals(0, run("ingest", "--patients", in.resolve("patients.csv").toString(), "--practices",
        in.resolve("practices.csv").toString(), "--store", store.toString(), "--quiet").exit());
    Path results = tmp.resolve("results");
    Run r = run("run", "--store", store.toString(), "--out", results.toString(), "--form-hubs", "--quiet");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("Results: " + results.toAbsolutePath().normalize().resolve("latest") + "  (run r000001;"),
        r.out());
    Run ok = run("verify", "--store", store.toString(), "--results", results.toString());
    assertEquals(0, ok.exit(), ok.err());
    assertTrue(ok.out().contains("verified (run r000001)"), ok.out());

    // lookup --results shows what the run wrote for the patient: compared with patients.csv, the other output
    for (int line : new int[] {1, 1234, 3000}) {
      String[] csv = Files.readAllLines(results.resolve("latest/patients.csv")).get(line).split(",", -1);
      Run l = run("lookup", "--store", store.toString(), "--results", results.toString(), csv[0]);
      assertEquals(0, l.exit(), l.err());
      assertTrue(l.out().contains("\nresult_of_run                  r000001\n"), l.out());
      assertTrue(l.out().contains("\nlevel                          " + csv[2] + "\n"), l.out());
      assertTrue(l.out().contains("\ndeciding_rule                  " + csv[3] + "\n"), l.out());
      assertTrue(l.out().contains("\nreasons                        " + csv[4] + "\n"), l.out());
      assertTrue(l.out().contains("\nefi_category                   " + csv[5] + "\n"), l.out());
      assertTrue(l.out().contains("\nltc_count                      " + csv[6] + "\n"), l.out());
    }

    // After the next ingest of other data, the run is of another generation: said, and no stale result shown.
    Path other = tmp.resolve("other");
    assertEquals(0, run("generate", "--patients", "2500", "--seed", "6", "--out", other.toString(), "--quiet").exit());
    assertEquals(0, run("ingest", "--patients", other.resolve("patients.csv").toString(), "--practices",
        other.resolve("practices.csv").toString(), "--store", store.toString(), "--quiet").exit());
    String newcomer = Files.readAllLines(other.resolve("patients.csv")).get(2).split(",")[0];
    Run stale = run("lookup", "--store", store.toString(), "--results", results.toString(), newcomer);
    assertEquals(0, stale.exit(), stale.err());
    assertFalse(stale.out().contains("result_of_run"), stale.out());
    assertTrue(stale.err().contains("is of another generation of the store"), stale.err());

    Path practices = results.resolve("latest/practices.csv");
    byte[] b = Files.readAllBytes(practices);
    b[b.length / 2] ^= 1;
    Files.write(practices, b);
    Run bad = run("verify", "--results", results.toString());
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("practices.csv: SHA-256 differs from the run manifest's"), bad.err());

    Run none = run("verify", "--results", tmp.resolve("nothing").toString());
    assertEquals(2, none.exit());
    assertTrue(none.err().contains("no run published here"), none.err());
  }

  @Test
  void badInputIsOneLineAndExitTwo(@TempDir Path tmp) {
    Run r = run("ingest", "--patients", tmp.resolve("nope.csv").toString(), "--practices",
        tmp.resolve("nope-practices.csv").toString(), "--store", tmp.resolve("s").toString());
    assertEquals(2, r.exit());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("strata: "), r.err());
    assertTrue(r.err().contains("nope"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());

    Run usage = run("generate", "--patients", "10", "--out", tmp.toString());
    assertEquals(2, usage.exit());
    assertTrue(usage.err().startsWith("strata: "), usage.err());

    Run noStore = run("verify", "--store", tmp.resolve("empty").toString());
    assertEquals(2, noStore.exit());
  }
}
