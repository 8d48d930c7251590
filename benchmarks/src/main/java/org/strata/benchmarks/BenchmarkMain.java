package org.strata.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Entry point of {@code benchmarks.jar}: JMH's own command line (all its options work), with the
 * stack's JVM flags appended to every fork so nobody has to remember them. Because a command-line
 * {@code jvmArgsAppend} replaces the annotation's, benchmarks put their own JVM options (heap) in
 * {@code @Fork(jvmArgs = …)}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar                       # everything, as configured
 * java -jar benchmarks/target/benchmarks.jar Generator -f 1 -wi 1 -i 1 -w 200ms -r 200ms
 * </pre>
 */
public final class BenchmarkMain {
  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions cmd = new CommandLineOptions(args);
    if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
        || cmd.shouldListResultFormats()) {
      org.openjdk.jmh.Main.main(args);
      return;
    }
    List<String> append = new ArrayList<>(BenchmarkFlags.jvmFlags());
    if (cmd.getJvmArgsAppend().hasValue()) {
      append.addAll(cmd.getJvmArgsAppend().get());
    }
    Options opts = new OptionsBuilder().parent(cmd).jvmArgsAppend(append.toArray(new String[0])).build();
    new Runner(opts).run();
  }
}
