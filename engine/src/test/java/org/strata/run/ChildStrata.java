package org.strata.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the real {@code strata} command line in a second JVM, with this JVM's flags and class path. */
public final class ChildStrata {
  private ChildStrata() {}

  public static Process start(Path log, List<String> systemProperties, String... args) throws IOException {
    return new ProcessBuilder(command(systemProperties, args)).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
  }

  /** The command line that {@link #start} runs. */
  public static List<String> command(List<String> systemProperties, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle") || a.startsWith("--enable")).toList());
    cmd.add("-Xmx256m");
    cmd.add("-XX:TieredStopAtLevel=1"); // short-lived: start fast
    cmd.addAll(systemProperties);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.strata.cli.StrataCommand"));
    cmd.addAll(List.of(args));
    return cmd;
  }
}
