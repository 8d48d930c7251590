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

  /**
   * A mistaken option: one line naming it and the value, and where the options are explained — not the whole
   * usage text, which buries the line that matters.
   */
  static int usage(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    String command = cl.getCommandSpec().qualifiedName();
    cl.getErr().println("strata: " + e.getMessage() + " (see " + command + " --help)");
    return StrataCommand.EXIT_BAD_INPUT;
  }

  /** Dates on the command line are ISO {@code YYYY-MM-DD}; anything else is named with what was expected. */
  static java.time.LocalDate isoDate(String text) {
    try {
      return java.time.LocalDate.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new CommandLine.TypeConversionException("'" + text + "' is not a date of the form YYYY-MM-DD");
    }
  }

  /**
   * A failure in words: a full disk names the file being written (Chronicle names only the mount point), a file
   * system error its file and reason, anything unexpected its kind.
   */
  static String describe(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = c.getMessage() == null ? "" : c.getMessage();
      if (m.contains("No space left on device") || m.contains("Not enough space to fallocate")
          || m.contains("not enough space")) {
        String where = c instanceof java.nio.file.FileSystemException f && f.getFile() != null ? f.getFile()
            : "the store or results directory";
        return "no space left on the device holding " + where + " (" + m.lines().findFirst().orElse("")
            + "); free some space and run again: nothing was published, what was published before stands";
      }
    }
    if (t instanceof java.nio.file.NoSuchFileException f) {
      return f.getFile() + ": no such file (it was there when the run began: was it deleted meanwhile?)";
    }
    if (t instanceof java.nio.file.AccessDeniedException f) {
      return f.getFile() + ": permission denied";
    }
    if (t instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
      return f.getFile() + ": " + (f.getReason() == null ? f.getClass().getSimpleName() : f.getReason());
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return t instanceof IOException ? msg : t.getClass().getSimpleName() + ": " + msg; // unexpected: say what kind
  }

  /** The line for a Java heap too small for the footprint: how large it was, and how to give more. */
  static String outOfMemory(long maxHeapBytes) {
    return String.format(java.util.Locale.ROOT, "strata: failed: out of memory: the Java heap (at most %,d MB) is too"
        + " small for this work; give it more with STRATA_JAVA_OPTS=-Xmx4g (or more). Results are published only"
        + " when a run completes, so what was published before stands", maxHeapBytes >> 20);
  }

  static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    Throwable t = e instanceof UncheckedIOException ? e.getCause() : e;
    boolean badInput = forException(t) == StrataCommand.EXIT_BAD_INPUT;
    String msg = badInput ? t.getMessage() : describe(t);
    cl.getErr().println((badInput ? "strata: " : "strata: failed: ") + msg);
    if (Boolean.getBoolean("strata.debug")) {
      t.printStackTrace(cl.getErr());
    }
    return forException(t);
  }
}
