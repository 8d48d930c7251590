package org.strata.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.strata.format.InvalidInputException;
import picocli.CommandLine;

/**
 * Maps failures to the documented exit codes and prints one line instead of a stack trace. Bad input
 * ({@link BadInputException}, picocli parameter errors) exits 2; anything else that escapes a command
 * exits 1. Set {@code -Dstrata.debug=true} to also see the stack trace of an unexpected failure.
 */
final class ExitCodes {
  private ExitCodes() {}

  static int forException(Throwable t) {
    if (t instanceof BadInputException
        || t instanceof InvalidInputException
        || t instanceof CommandLine.ParameterException) {
      return StrataCommand.EXIT_BAD_INPUT;
    }
    return StrataCommand.EXIT_FAILED;
  }

  static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    Throwable t = e instanceof UncheckedIOException ? e.getCause() : e;
    boolean badInput = forException(t) == StrataCommand.EXIT_BAD_INPUT;
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (!badInput && !(t instanceof IOException)) {
      msg = t.getClass().getSimpleName() + ": " + msg; // an unexpected failure: say what kind
    }
    cl.getErr().println((badInput ? "strata: " : "strata: failed: ") + msg);
    if (Boolean.getBoolean("strata.debug")) {
      t.printStackTrace(cl.getErr());
    }
    return forException(t);
  }
}
