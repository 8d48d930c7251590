package org.strata.run;

/**
 * What a nightly run tells its caller while it works, for a progress bar: a phase with its size, then how much
 * of it is done. The command line draws it on a terminal; {@link #NONE} ignores it.
 */
public interface RunProgress {
  /** Ignores everything. */
  RunProgress NONE = new RunProgress() {
    @Override
    public void begin(String phase, long total) {}

    @Override
    public void done(long n) {}

    @Override
    public void end() {}
  };

  /** A phase of {@code total} units (patients) begins. */
  void begin(String phase, long total);

  /** {@code n} units of the phase are done. */
  void done(long n);

  /** The phase ended. */
  void end();
}
