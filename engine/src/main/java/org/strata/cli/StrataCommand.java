package org.strata.cli;

import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code strata COMMAND [OPTIONS]}. Each subcommand is a thin face over one stage's
 * public entry point; nothing below this package imports it.
 *
 * <p>Exit codes: 0 the command succeeded; 1 a run failed (I/O, internal error); 2 bad input or usage.
 */
@Command(
    name = "strata",
    mixinStandardHelpOptions = true,
    versionProvider = StrataVersion.class,
    description = "Population risk stratification for integrated care footprints.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the run failed (I/O error, internal error)",
      "2:bad input or usage (the message names the file, line, column and value)"
    })
public final class StrataCommand implements Runnable {
  /** Exit code of a run that failed for a reason other than its input. */
  public static final int EXIT_FAILED = 1;
  /** Exit code of bad input or bad usage. */
  public static final int EXIT_BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Every subcommand, in the order the usage lists them. */
  private static final List<Supplier<Object>> SUBCOMMANDS = List.of(DemoCommand::new, GenerateCommand::new,
      IngestCommand::new, RunCommand::new, FitCommand::new, VerifyCommand::new, LookupCommand::new,
      HistoryCommand::new, ReproduceCommand::new, ServeCommand::new, ExportCommand::new, CommandLine.HelpCommand::new);

  /** The subcommands' names, in the same order (checked against their annotations by the tests). */
  static final List<String> NAMES = List.of("demo", "generate", "ingest", "run", "fit", "verify", "lookup",
      "history", "reproduce", "serve", "export", "help");

  /** Builds the command line with every subcommand and the house exit-code mapping. */
  public static CommandLine commandLine() {
    return commandLine(NAMES);
  }

  /**
   * The command line for {@code args}: when they name a subcommand, that one alone. picocli reads every
   * subcommand's annotations when it is added, and the other ten (and the classes their options load) cost a
   * command about a tenth of a second of start-up; usage, help and mistakes get them all.
   */
  static CommandLine commandLine(String[] args) {
    int named = args.length == 0 ? -1 : NAMES.indexOf(args[0]);
    return commandLine(named < 0 || NAMES.get(named).equals("help") ? NAMES : List.of(NAMES.get(named)));
  }

  private static CommandLine commandLine(List<String> names) {
    CommandLine cl = new CommandLine(new StrataCommand());
    for (String name : names) {
      cl.addSubcommand(SUBCOMMANDS.get(NAMES.indexOf(name)).get());
    }
    cl.setExitCodeExceptionMapper(ExitCodes::forException);
    cl.setExecutionExceptionHandler(ExitCodes::handle);
    cl.setParameterExceptionHandler(ExitCodes::usage);
    cl.registerConverter(java.time.LocalDate.class, ExitCodes::isoDate);
    return cl;
  }

  public static void main(String[] args) {
    if (ModuleLayer.boot().findModule("jdk.compiler").isEmpty()) {
      // Chronicle Map compiles a class at run time when it does not find it on the class path (strata.jar ships it,
      // from chronicle-classes/); Strata is built and tested on JDKs only, so a JRE is refused in plain words.
      System.err.println("strata: needs a full JDK 17 or newer, not a JRE (java " + System.getProperty("java.version")
          + " at " + System.getProperty("java.home") + " has no compiler); set JAVA_HOME to a JDK");
      System.exit(EXIT_BAD_INPUT);
    }
    int exit;
    try {
      exit = commandLine(args).execute(args);
    } catch (OutOfMemoryError e) { // picocli hands on errors; a heap too small is told in words, not a stack trace
      System.err.println(ExitCodes.outOfMemory(Runtime.getRuntime().maxMemory()));
      exit = EXIT_FAILED;
    }
    System.exit(exit);
  }
}
