package org.strata.store;

import java.io.IOException;
import java.nio.file.Path;
import org.strata.publish.VersionedDirectory;

/**
 * The layout of a store directory, published by the one protocol of {@link VersionedDirectory}:
 *
 * <pre>
 * STORE/CURRENT                  the name of the current generation, e.g. "g000003" (replaced by rename)
 * STORE/latest                   a symbolic link to generations/g000003
 * STORE/generations/g000003/     a complete generation: manifest.json, patients.arrow, …
 * STORE/generations/.incoming-*  a generation being written (never read; removed by the next ingest)
 * STORE/.ingest.lock             held while an ingest runs
 * </pre>
 */
final class GenerationDirs {
  static final String CURRENT = VersionedDirectory.CURRENT;
  static final String LOCK = ".ingest.lock";
  /** Published generations kept; older ones are deleted after a publish. */
  static final int KEEP = 3;

  private GenerationDirs() {}

  static VersionedDirectory of(Path store) {
    return VersionedDirectory.of(store, "generations", 'g');
  }

  /** The current generation's directory, or null when nothing was published yet. */
  static Path current(Path store) throws IOException {
    try {
      return of(store).current();
    } catch (VersionedDirectory.PointerException e) {
      throw new CorruptStoreException(e.file(), e.problem());
    }
  }
}
