package org.strata.store;

import java.io.IOException;
import java.nio.file.Path;
import org.strata.format.InvalidInputException;

/**
 * Follows a store's {@code CURRENT} for a long-lived reader (a service answering look-ups night after night):
 * hands out leases on the current generation and, on {@link #refresh()}, moves to a newer one. A generation is
 * unmapped only when it is no longer current and its last lease is closed, so reads in flight during a switch
 * finish on the generation they started on.
 *
 * <pre>{@code
 * try (CurrentGeneration current = CurrentGeneration.open(Path.of("store"))) {
 *   try (Store lease = current.acquire()) {      // one request: one generation, whatever is published meanwhile
 *     ... lease.index().rowOf(nhsNumber) ...
 *   }
 *   current.refresh();                             // after a nightly ingest: later leases read the new one
 * }
 * }</pre>
 */
public final class CurrentGeneration implements AutoCloseable {
  private final Path storeDir;
  private MappedGeneration current;
  private boolean closed;

  private CurrentGeneration(Path storeDir, MappedGeneration current) {
    this.storeDir = storeDir;
    this.current = current;
  }

  /**
   * Maps the current generation of the store at {@code storeDir} and follows it.
   *
   * @throws InvalidInputException when there is no store there or nothing was published yet
   */
  public static CurrentGeneration open(Path storeDir) throws IOException {
    Store first = Store.open(storeDir); // its reference becomes the "current" hold
    return new CurrentGeneration(storeDir, first.generation());
  }

  /** A lease on the current generation; close it when the read is done. */
  public synchronized Store acquire() {
    if (closed) {
      throw new IllegalStateException(storeDir + ": closed");
    }
    current.retain();
    return new Store(current);
  }

  /** The number of the generation {@link #acquire()} leases now. */
  public synchronized int generation() {
    return current.manifest.generation();
  }

  /**
   * Moves to the generation {@code CURRENT} names, if it changed: later leases read it, and the previous one is
   * unmapped when its last lease is closed. Returns whether it moved.
   */
  public boolean refresh() throws IOException {
    Path dir = GenerationDirs.current(storeDir);
    if (dir == null) {
      throw new InvalidInputException(storeDir + ": no generation published");
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException(storeDir + ": closed");
      }
      if (dir.equals(current.directory)) {
        return false;
      }
    }
    MappedGeneration next = MappedGeneration.open(dir);
    MappedGeneration previous;
    synchronized (this) {
      if (closed || dir.equals(current.directory)) { // closed, or another thread moved there meanwhile
        previous = next;
      } else {
        previous = current;
        current = next;
      }
    }
    previous.release();
    return previous != next;
  }

  /** Stops following; the current generation is unmapped when its last lease is closed. */
  @Override
  public void close() throws IOException {
    MappedGeneration last;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      last = current;
    }
    last.release();
  }
}
