package org.strata.ingest;

import org.strata.store.PatientIndex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.strata.format.IdKind;

/**
 * The patient index of a generation being ingested, made on a thread of its own — carried forward from the
 * previous generation's carry file when there is one, so every patient keeps their history slot, or
 * created empty — from the moment the incoming generation exists, while Arrow starts and the reading thread
 * parses the first batches: copying a national index takes seconds, and Chronicle Map takes most of a second
 * to start in a fresh process. {@link #get()} waits for
 * it; {@link #close()} closes whatever was made.
 */
final class PendingIndex implements AutoCloseable {
  private final CompletableFuture<PatientIndex> future;
  private volatile String warning;
  private boolean closed;

  /**
   * @param carry the previous generation's carry file, or null when there is no previous generation
   * @param generation the number of the generation being ingested
   */
  PendingIndex(Path file, Path carry, Path patients, IdKind idKind, int generation) {
    PatientIndex.KeyKind kind = PatientIndex.keyKindOf(idKind);
    this.future = CompletableFuture.supplyAsync(() -> {
      try {
        long rows = RowEstimate.of(patients);
        if (carry != null) {
          String why = carryProblem(carry, kind);
          if (why == null) {
            return PatientIndex.carryForward(carry, file, rows, generation);
          }
          warning = "the previous generation's patient index is not carried forward (" + why + "): every patient"
              + " starts a new level history";
        }
        return PatientIndex.createForGeneration(file, kind, rows, generation);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, task -> {
      Thread t = new Thread(task, "strata-index-create");
      t.setDaemon(true);
      t.start();
    });
  }

  /** Why the carry file cannot be carried forward into an index of {@code kind}; null when it can. */
  private static String carryProblem(Path carry, PatientIndex.KeyKind kind) {
    if (!Files.isRegularFile(carry)) {
      return "it has no " + carry.getFileName() + "; it was written by an earlier Strata";
    }
    try {
      PatientIndex.Sidecar s = PatientIndex.readSidecar(carry);
      return s.keyKind() == kind ? null : "it is keyed by " + s.keyKind() + ", tonight's extract by " + kind;
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  /** Why the previous generation's index was not carried forward, once {@link #get()} has returned; else null. */
  String warning() {
    return warning;
  }

  /** The index, once created; its creation's failure is rethrown here. */
  PatientIndex get() throws IOException {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException("creating the patient index failed: " + cause, cause);
    }
  }

  /** Closes the index (once; a second call does nothing), waiting for a creation still running. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      future.join().close(); // waits for a creation still running, so no half-made map is left open
    } catch (CompletionException e) {
      // creation failed: nothing to close (the failure was or will be reported by get())
    }
  }
}
