package org.strata.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.datasets.FootprintGenerator;
import org.strata.datasets.FootprintSpec;
import org.strata.datasets.ProgressListener;
import org.strata.format.IdKind;
import org.strata.ingest.Ingest;
import org.strata.ingest.IngestProgress;
import org.strata.ingest.IngestRequest;

/**
 * The README's embedding example, exactly as written there, compiled against the engine and run in a JVM of
 * its own from a directory holding a demo store ({@code demo/store}), so the documented example cannot rot.
 */
class ReadmeExampleTest {
  private static final Path README = Path.of("..", "README.md");

  @Test
  void theReadmeExampleCompilesAndRunsAgainstADemoStore(@TempDir Path tmp) throws Exception {
    String example = embeddingExample(Files.readString(README, StandardCharsets.UTF_8));
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("ReadmeExample.java"), String.join("\n",
        "import java.nio.file.Path;",
        "import org.strata.api.*;",
        "public class ReadmeExample {",
        "  public static void main(String[] args) throws Exception {",
        example,
        "  }",
        "}"), StandardCharsets.UTF_8);
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int compiled = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
        src.resolve("ReadmeExample.java").toString());
    assertEquals(0, compiled, "the README's example does not compile");

    Path work = Files.createDirectories(tmp.resolve("work"));
    Path input = work.resolve("demo/input");
    FootprintGenerator.generate(FootprintSpec.builder().patients(20_000).seed(2016).threads(2).build(), input,
        ProgressListener.NONE);
    Ingest.run(new IngestRequest(input.resolve("patients.csv"), input.resolve("practices.csv"),
        work.resolve("demo/store"), IdKind.NHS_NUMBER, null, IngestRequest.DEFAULT_MAX_REJECT_RATE,
        IngestRequest.DEFAULT_BATCH_ROWS), IngestProgress.NONE);

    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-D") || a.startsWith("--enable")).toList());
    cmd.addAll(List.of("-cp", classes + java.io.File.pathSeparator + System.getProperty("java.class.path"),
        "ReadmeExample"));
    Path log = tmp.resolve("example.log");
    Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the example did not finish");
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);

    // What the example prints, checked against the store rather than against the API's own numbers.
    Matcher counts = Pattern.compile("levels 1-4: \\[(\\d+), (\\d+), (\\d+), (\\d+)\\]").matcher(out);
    assertTrue(counts.find(), out);
    long total = 0;
    for (int g = 1; g <= 4; g++) {
      total += Long.parseLong(counts.group(g));
    }
    long stored = Files.readAllLines(input.resolve("patients.csv")).size() - 1;
    assertEquals(stored, total, "every stored patient has one level");
    assertTrue(out.contains("\n1 "), "the looked-up patient is at level 1: " + out);
    assertTrue(!Pattern.compile("\\b9\\d{9}\\b").matcher(out).find(), "the example prints no NHS number");
  }

  /** The first ```java block after the "### Embedding" heading. */
  static String embeddingExample(String readme) throws IOException {
    int section = readme.indexOf("### Embedding");
    if (section < 0) {
      throw new IOException("README.md has no '### Embedding' section");
    }
    int start = readme.indexOf("```java\n", section);
    int end = readme.indexOf("\n```", start + 8);
    if (start < 0 || end < 0) {
      throw new IOException("README.md's Embedding section has no ```java block");
    }
    return readme.substring(start + 8, end);
  }
}
