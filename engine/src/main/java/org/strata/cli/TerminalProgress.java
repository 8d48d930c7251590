package org.strata.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar for long phases, drawn on stderr only when stderr is a terminal and not {@code --quiet};
 * otherwise nothing (batch logs stay clean). Shows the unit rate (rows/s or MB/s) and an ETA.
 */
final class TerminalProgress implements AutoCloseable {
  private final ProgressBar bar;

  private TerminalProgress(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar over {@code total} units named {@code unit}, scaled by {@code unitSize} for display. */
  static TerminalProgress start(String task, long total, String unit, long unitSize, boolean quiet) {
    if (quiet || System.console() == null) {
      return new TerminalProgress(null);
    }
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setUnit(unit, unitSize)
        .setStyle(ProgressBarStyle.ASCII)
        .showSpeed()
        .setUpdateIntervalMillis(250)
        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
        .build();
    return new TerminalProgress(bar);
  }

  void stepTo(long n) {
    if (bar != null) {
      bar.stepTo(n);
    }
  }

  void extra(String message) {
    if (bar != null) {
      bar.setExtraMessage(message);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
