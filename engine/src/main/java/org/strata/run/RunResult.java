package org.strata.run;

import java.nio.file.Path;
import java.util.List;
import org.strata.rollup.RollupTables;

/**
 * A published run: its rollups, where the files are, what it warned about, and how long each phase took.
 *
 * @param levelNames the policy's level names, index 1–4
 * @param out the results directory, as given
 * @param runDir this run's own directory inside it ({@code out/runs/r000042}), which {@code out/latest} links to
 * @param phaseNanos phase name → elapsed nanoseconds, in run order
 * @param movement what moved since the run compared with; null on a results directory's first run
 */
public record RunResult(
    RollupTables rollup, long[] levelCounts, List<String> levelNames, Path out, Path runDir, List<String> warnings,
    java.util.LinkedHashMap<String, Long> phaseNanos, org.strata.history.Movement movement) {}
