package org.strata.store;

import java.nio.file.Path;
import org.strata.format.InvalidInputException;

/**
 * A store file is not what its manifest or the Arrow format says: truncated, bad magic, wrong schema,
 * a newer format version, a checksum mismatch. The message names the file, what was expected and what
 * was found.
 */
public final class CorruptStoreException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public CorruptStoreException(Path file, String problem) {
    super(file + ": " + problem);
  }
}
