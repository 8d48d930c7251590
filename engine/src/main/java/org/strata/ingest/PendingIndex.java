package org.strata.ingest;

import org.strata.store.PatientIndex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.strata.format.IdKind;

/**
 * The patient index of a generation being ingested, created on a thread of its own: Chronicle Map takes
 * most of a second to start in a fresh process (loading and initialising its machinery), time the reading
 * thread spends parsing the first batch meanwhile. {@link #get()} waits for it; {@link #close()} closes whatever was created.
 */
final class PendingIndex implements AutoCloseable {
  private final CompletableFuture<PatientIndex> future;

  PendingIndex(Path file, Path patients, IdKind idKind) {
    this.future = CompletableFuture.supplyAsync(() -> {
      try {
        return PatientIndex.create(file, idKind == IdKind.NHS_NUMBER ? PatientIndex.KeyKind.NHS_NUMBER : PatientIndex.KeyKind.PSEUDONYM, RowEstimate.of(patients));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, task -> {
      Thread t = new Thread(task, "strata-index-create");
      t.setDaemon(true);
      t.start();
    });
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

  @Override
  public void close() {
    try {
      future.join().close(); // waits for a creation still running, so no half-made map is left open
    } catch (CompletionException e) {
      // creation failed: nothing to close (the failure was or will be reported by get())
    }
  }
}
