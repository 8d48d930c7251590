package org.strata.run;

import org.strata.history.History;
import java.nio.file.Path;
import java.util.List;
import org.strata.output.RunOutput;
import org.strata.output.RunOutputs;

/**
 * What a nightly run reads and where it publishes.
 *
 * @param store the store whose current generation is stratified
 * @param policy a policy file, or null for the shipped default
 * @param out the results directory: the run is published into it as a new run when complete ({@link
 *     ResultsDirectory}); a failed run leaves it as it was
 * @param formHubs form hubs from practice locations when the practices file has no hub column
 * @param suppressionThreshold counts below this (and above 0) are suppressed in the shared outputs
 * @param outputs what the run writes, in order, ending with the run manifest ({@link RunOutputs#defaults()}
 *     unless given; add one with {@link RunOutputs#with})
 * @param keepRuns the published runs kept in {@code out}, the new one included (at least 1)
 * @param keepHistory the runs kept in the store's level history, tonight's included (at least 2)
 * @param compareWith a kept run of {@code out} to compare tonight's with ({@code r000040}); null for the one before
 */
public record RunConfig(Path store, Path policy, Path out, boolean formHubs, int suppressionThreshold,
    List<RunOutput> outputs, int keepRuns, int keepHistory, String compareWith) {
  public RunConfig {
    if (store == null || out == null) {
      throw new IllegalArgumentException("store and out are required");
    }
    if (suppressionThreshold < 2) {
      throw new IllegalArgumentException("--suppress-below must be at least 2 (counts 1..N-1 are hidden): "
          + suppressionThreshold);
    }
    if (keepRuns < 1) {
      throw new IllegalArgumentException("--keep-runs must be at least 1 (the run just published): " + keepRuns);
    }
    if (keepHistory < 2) {
      throw new IllegalArgumentException("--keep-history must be at least 2 (a run and the one it is compared with): "
          + keepHistory);
    }
    outputs = RunOutputs.check(outputs);
  }

  /** A run keeping {@link History#DEFAULT_KEEP_RUNS} runs of history, compared with the one before. */
  public RunConfig(Path store, Path policy, Path out, boolean formHubs, int suppressionThreshold,
      List<RunOutput> outputs, int keepRuns) {
    this(store, policy, out, formHubs, suppressionThreshold, outputs, keepRuns, History.DEFAULT_KEEP_RUNS, null);
  }

  /** A run writing {@code outputs}, keeping {@link ResultsDirectory#DEFAULT_KEEP_RUNS} runs. */
  public RunConfig(Path store, Path policy, Path out, boolean formHubs, int suppressionThreshold,
      List<RunOutput> outputs) {
    this(store, policy, out, formHubs, suppressionThreshold, outputs, ResultsDirectory.DEFAULT_KEEP_RUNS);
  }

  /** A run writing the default outputs. */
  public RunConfig(Path store, Path policy, Path out, boolean formHubs, int suppressionThreshold) {
    this(store, policy, out, formHubs, suppressionThreshold, RunOutputs.defaults());
  }
}
