package org.strata.store;

import java.util.Arrays;

/**
 * One patient's entry in a {@link PatientIndex}: where the patient's row is in the generation,
 * which input line it came from, and the patient's levels over the last {@value #MAX_RUNS} runs.
 *
 * <p>{@code levels()[0]} is the level of run {@code generation}, {@code levels()[1]} the level of
 * run {@code generation - 1}, and so on (newest first). Level 1 is the highest need, 4 mostly well,
 * and 0 means "none": the patient was not scored in that run. A patient never scored has an empty
 * array and {@code generation == 0}. Carries no identifier, so it is safe to log or put in a
 * message.
 *
 * <pre>{@code
 * PatientHistory h = index.history(nhsNumber);
 * if (h != null && h.levelRunsAgo(0) != 0 && h.levelRunsAgo(0) < h.levelRunsAgo(1)) {
 *     // moved to a higher-need level since the previous run ("rising risk")
 * }
 * }</pre>
 *
 * @param row 0-based row ordinal of the patient in the index's generation
 * @param sourceLine 1-based line of the input file the row came from
 * @param levels levels of the last runs, newest first, at most {@value #MAX_RUNS}; each 0..4
 * @param generation run/generation number of {@code levels[0]}; 0 when no level was recorded
 */
public record PatientHistory(int row, int sourceLine, byte[] levels, int generation) {

  /** How many runs of history an index keeps per patient. */
  public static final int MAX_RUNS = 8;

  /** Highest level value; 0 means none. */
  public static final int MAX_LEVEL = 4;

  /** Validates and copies {@code levels}. */
  public PatientHistory {
    if (row < 0) {
      throw new IllegalArgumentException("row must be >= 0, was " + row);
    }
    if (sourceLine < 1) {
      throw new IllegalArgumentException("sourceLine must be >= 1, was " + sourceLine);
    }
    if (levels.length > MAX_RUNS) {
      throw new IllegalArgumentException(
          "at most " + MAX_RUNS + " levels are kept, was " + levels.length);
    }
    levels = levels.clone();
    for (int i = 0; i < levels.length; i++) {
      if (levels[i] < 0 || levels[i] > MAX_LEVEL) {
        throw new IllegalArgumentException(
            "level must be 0.." + MAX_LEVEL + ", was " + levels[i] + " at " + i);
      }
    }
    if (generation < 0) {
      throw new IllegalArgumentException("generation must be >= 0, was " + generation);
    }
    if ((generation == 0) != (levels.length == 0)) {
      throw new IllegalArgumentException(
          "generation 0 means no history: generation=" + generation + ", levels=" + levels.length);
    }
  }

  /** The levels, newest first (a copy). */
  @Override
  public byte[] levels() {
    return levels.clone();
  }

  /** Number of runs recorded, 0..{@value #MAX_RUNS}. */
  public int runCount() {
    return levels.length;
  }

  /** Level of run {@code generation - runsAgo}; 0 (none) when that run is not in the history. */
  public int levelRunsAgo(int runsAgo) {
    if (runsAgo < 0) {
      throw new IllegalArgumentException("runsAgo must be >= 0, was " + runsAgo);
    }
    return runsAgo < levels.length ? levels[runsAgo] : 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PatientHistory h
        && row == h.row
        && sourceLine == h.sourceLine
        && generation == h.generation
        && Arrays.equals(levels, h.levels);
  }

  @Override
  public int hashCode() {
    return ((row * 31 + sourceLine) * 31 + generation) * 31 + Arrays.hashCode(levels);
  }

  @Override
  public String toString() {
    return "PatientHistory[row="
        + row
        + ", sourceLine="
        + sourceLine
        + ", levels="
        + Arrays.toString(levels)
        + ", generation="
        + generation
        + "]";
  }
}
