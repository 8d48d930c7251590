package org.strata.run;

import java.nio.file.Path;
import java.util.List;
import org.strata.output.RunOutput;
import org.strata.output.RunOutputs;

/**
 * What a nightly run reads and where it publishes.
 *
 * @param store the store whose current generation is stratified
 * @param policy a policy file, or null for the shipped default
 * @param out the results directory; replaced whole when the run succeeds, untouched when it fails
 * @param formHubs form hubs from practice locations when the practices file has no hub column
 * @param suppressionThreshold counts below this (and above 0) are suppressed in the shared outputs
 * @param outputs what the run writes, in order, ending with the run manifest ({@link RunOutputs#defaults()}
 *     unless given; add one with {@link RunOutputs#with})
 */
public record RunConfig(Path store, Path policy, Path out, boolean formHubs, int suppressionThreshold,
    List<RunOutput> outputs) {
  public RunConfig {
    if (store == null || out == null) {
      throw new IllegalArgumentException("store and out are required");
    }
    if (suppressionThreshold < 2) {
      throw new IllegalArgumentException("--suppress-below must be at least 2 (counts 1..N-1 are hidden): "
          + suppressionThreshold);
    }
    outputs = RunOutputs.check(outputs);
  }

  /** A run writing the default outputs. */
  public RunConfig(Path store, Path policy, Path out, boolean formHubs, int suppressionThreshold) {
    this(store, policy, out, formHubs, suppressionThreshold, RunOutputs.defaults());
  }
}
