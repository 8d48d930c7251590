package org.strata.cli;

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
    subcommands = {
      DemoCommand.class,
      GenerateCommand.class,
      IngestCommand.class,
      RunCommand.class,
      FitCommand.class,
      VerifyCommand.class,
      LookupCommand.class,
      HistoryCommand.class,
      ReproduceCommand.class,
      ServeCommand.class,
      ExportCommand.class,
      CommandLine.HelpCommand.class
    },
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

  /** Builds the command line with every subcommand and the house exit-code mapping. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new StrataCommand());
    cl.setExitCodeExceptionMapper(ExitCodes::forException);
    cl.setExecutionExceptionHandler(ExitCodes::handle);
    cl.setParameterExceptionHandler(ExitCodes::usage);
    cl.registerConverter(java.time.LocalDate.class, ExitCodes::isoDate);
    return cl;
  }

  public static void main(String[] args) {
    if (javax.tools.ToolProvider.getSystemJavaCompiler() == null) {
      // Chronicle Map compiles a class at run time when it does not find it on the class path (strata.jar ships it,
      // from chronicle-classes/); Strata is built and tested on JDKs only, so a JRE is refused in plain words.
      System.err.println("strata: needs a full JDK 17 or newer, not a JRE (java " + System.getProperty("java.version")
          + " at " + System.getProperty("java.home") + " has no compiler); set JAVA_HOME to a JDK");
      System.exit(EXIT_BAD_INPUT);
    }
    System.exit(commandLine().execute(args));
  }
}
