package org.strata.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.datasets.FootprintGenerator;
import org.strata.datasets.FootprintSpec;
import org.strata.datasets.ProgressListener;

/**
 * The long phases show progress bars on a terminal, and nothing on a pipe or with {@code --quiet}. The terminal
 * is a real pseudo-terminal: the command runs under util-linux {@code script}.
 */
class ProgressOnATerminalTest {
  private static final Pattern BAR = Pattern.compile("\\d+% \\[");
  @TempDir static Path tmp;
  static Path store;

  @BeforeAll
  static void ingest() throws Exception {
    Path in = tmp.resolve("in");
    FootprintGenerator.generate(FootprintSpec.builder().patients(20_000).seed(5).threads(2).build(), in,
        ProgressListener.NONE);
    store = tmp.resolve("store");
    assertEquals(0, piped("ingest", "--patients", in.resolve("patients.csv").toString(), "--practices",
        in.resolve("practices.csv").toString(), "--store", store.toString()).exit);
  }

  @Test
  void everyPhaseOfARunAndOfVerifyIsABarOnATerminal() throws Exception {
    Path out = tmp.resolve("results-tty");
    Result run = onTerminal("run", "--store", store.toString(), "--out", out.toString(), "--form-hubs");
    assertEquals(0, run.exit, run.output);
    for (String phase : List.of("score", "rollup", "history", "write")) {
      assertTrue(run.output.contains(phase + " 100%"), phase + " has no finished bar in:\n" + run.output);
    }
    Result verify = onTerminal("verify", "--store", store.toString(), "--results", out.toString());
    assertEquals(0, verify.exit, verify.output);
    assertTrue(verify.output.contains("verify store 100%"), verify.output);
    assertTrue(verify.output.contains("verify results 100%"), verify.output);
  }

  @Test
  void noBarsOnAPipeOrWhenQuiet() throws Exception {
    Result piped = piped("run", "--store", store.toString(), "--out", tmp.resolve("results-pipe").toString(),
        "--form-hubs");
    assertEquals(0, piped.exit, piped.output);
    assertFalse(BAR.matcher(piped.output).find(), piped.output);
    Result quiet = onTerminal("run", "--store", store.toString(), "--out", tmp.resolve("results-quiet").toString(),
        "--form-hubs", "--quiet");
    assertEquals(0, quiet.exit, quiet.output);
    assertFalse(BAR.matcher(quiet.output).find(), quiet.output);
    assertTrue(quiet.output.contains("Phases:"), quiet.output);
  }

  private record Result(int exit, String output) {}

  private static Result onTerminal(String... args) throws Exception {
    String line = ChildStrata.command(List.of(), args).stream().map(a -> "'" + a.replace("'", "'\\''") + "'")
        .collect(Collectors.joining(" "));
    return finish(List.of("script", "-qec", line, "/dev/null"));
  }

  private static Result piped(String... args) throws Exception {
    return finish(ChildStrata.command(List.of(), args));
  }

  private static Result finish(List<String> cmd) throws Exception {
    Path log = Files.createTempFile(tmp, "child", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "still running: " + cmd);
    return new Result(p.exitValue(), Files.readString(log).replace("\r", "\n"));
  }
}
