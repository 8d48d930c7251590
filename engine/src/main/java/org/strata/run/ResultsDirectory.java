package org.strata.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.strata.format.InvalidInputException;
import org.strata.output.RunVerifier;
import org.strata.store.StoreVerifier;
import org.strata.publish.VersionedDirectory;

/**
 * The layout of a results directory ({@code strata run --out RESULTS}), published by the one protocol of
 * {@link VersionedDirectory}. Its path never changes; people and tools open {@code RESULTS/latest/}:
 *
 * <pre>
 * RESULTS/CURRENT            the current run's name, e.g. "r000042" (replaced by rename)
 * RESULTS/latest             a symbolic link to runs/r000042 (replaced by rename)
 * RESULTS/runs/r000042/      a complete run: manifest.json, patients.arrow, practices.csv, … ({@code --keep-runs} kept)
 * RESULTS/runs/.incoming-*   a run being written (removed by the next run)
 * RESULTS/.lock              held while a run writes
 * </pre>
 *
 * Anything else in RESULTS is the user's and is left alone.
 */
public final class ResultsDirectory {
  /** Runs kept by default: the current one and the six before it, a week of nightly runs. */
  public static final int DEFAULT_KEEP_RUNS = 7;
  static final String LOCK = ".lock";

  private ResultsDirectory() {}

  static VersionedDirectory of(Path results) {
    return VersionedDirectory.of(results, "runs", 'r');
  }

  /**
   * The current run's directory.
   *
   * @throws InvalidInputException when {@code results} holds no published run, or its pointer is broken
   */
  public static Path current(Path results) throws IOException {
    Path run;
    try {
      run = of(results).current();
    } catch (VersionedDirectory.PointerException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
    if (run == null) {
      throw new InvalidInputException(results + ": no run published here (no " + VersionedDirectory.CURRENT
          + "; run strata run --out " + results + " first)");
    }
    return run;
  }

  /** The kept runs, oldest first (the current one last, unless a run was killed after naming but before pointing). */
  public static List<Path> runs(Path results) throws IOException {
    return of(results).versions();
  }

  /**
   * Checks the current run's files against its manifest and that every kept run is complete. Empty when sound.
   */
  public static List<String> verify(Path results) throws IOException {
    return verify(results, (done, total) -> { });
  }

  /** As {@link #verify(Path)}, telling {@code progress} how many of the current run's bytes are checked. */
  public static List<String> verify(Path results, StoreVerifier.Progress progress) throws IOException {
    List<String> problems = new ArrayList<>();
    Path current;
    try {
      current = current(results);
    } catch (InvalidInputException e) {
      problems.add(e.getMessage());
      return problems;
    }
    problems.addAll(RunVerifier.verify(current, progress));
    for (Path run : runs(results)) {
      if (!run.equals(current) && !Files.isRegularFile(run.resolve("manifest.json"))) {
        problems.add(run + ": a kept run without its manifest");
      }
    }
    return problems;
  }

  /**
   * Whether {@code dir} may be given as {@code --out}: absent, empty, or laid out as results. A directory of
   * other files is refused rather than mixed with results; results of the layout before runs/ are refused with
   * what to do.
   */
  static void checkUsable(Path dir) throws InvalidInputException {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException(dir + ": --out is a file, not a results directory");
    }
    if (Files.isDirectory(dir.resolve("runs")) || Files.exists(dir.resolve(VersionedDirectory.CURRENT))) {
      return;
    }
    List<String> names;
    try (var s = Files.list(dir)) {
      names = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(LOCK)).toList();
    } catch (IOException e) {
      throw new InvalidInputException(dir + ": cannot be read (" + e.getMessage() + ")", e);
    }
    if (names.isEmpty()) {
      return;
    }
    if (names.contains("manifest.json") && names.contains("footprint.csv")) {
      throw new InvalidInputException(dir + ": holds results in the layout of Strata before runs/ (manifest.json at"
          + " its top); move them aside or choose a new --out");
    }
    throw new InvalidInputException(dir + ": exists and is not a Strata results directory (no " + VersionedDirectory.CURRENT
        + ", no runs/); choose a new or empty --out");
  }
}
