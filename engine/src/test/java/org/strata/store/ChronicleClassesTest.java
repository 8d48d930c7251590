package org.strata.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class shipped in chronicle-classes/ is exactly the one Chronicle Map generates: a JVM without it on the class
 * path creates an index with the library printing what it generates, and that text must be the shipped source (after
 * its header comment). With it on the class path, nothing is generated.
 */
class ChronicleClassesTest {
  private static final Path SHIPPED = Path.of(
      "../chronicle-classes/src/main/java/net/openhft/chronicle/hash/VanillaGlobalMutableState$$Native.java");

  /** Creates an index in {@code args[0]}: the work that makes Chronicle Map generate its class. */
  public static void main(String[] args) throws Exception {
    try (PatientIndex i = PatientIndex.create(Path.of(args[0]), PatientIndex.KeyKind.NHS_NUMBER, 1000)) {
      i.putIfAbsent(9434765919L, 0, 1);
    }
  }

  @Test
  void theShippedClassIsWhatChronicleGenerates(@TempDir Path tmp) throws Exception {
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.contains("chronicle-classes")).collect(Collectors.joining(File.pathSeparator));
    String generated = run(tmp, classPath, tmp.resolve("a.cmap"));
    String shipped = Files.readString(SHIPPED, StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("//"))
        .collect(Collectors.joining("\n"));
    assertTrue(generated.contains("class VanillaGlobalMutableState$$Native"), generated);
    assertEquals(shipped.strip(), generated.strip(), "regenerate " + SHIPPED + " from the library's output");

    String withIt = run(tmp, System.getProperty("java.class.path"), tmp.resolve("b.cmap"));
    assertEquals("", withIt.strip(), "with the shipped class on the class path nothing is generated");
  }

  /** Runs {@link #main} in a new JVM with the library printing the code it generates; returns its stdout. */
  private static String run(Path tmp, String classPath, Path index) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dchronicle.values.dumpCode=true", "-Dchronicle.analytics.disable=true",
        "-Dchronicle.announcer.disable=true", "-Dchronicle.disk.monitor.disable=true"));
    cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("--enable-native") || a.startsWith("--sun-misc"))
        .toList());
    cmd.addAll(List.of("-cp", classPath, ChronicleClassesTest.class.getName(), index.toString()));
    Path out = tmp.resolve(index.getFileName() + ".out");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the JVM did not finish");
    assertEquals(0, p.exitValue(), Files.readString(out));
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
