package org.strata.datasets;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The generator's worker threads: a pool of daemon threads, and a task's result with its failure as the caller's. */
final class Tasks {
  /** Rows of a footprint one task reads or draws: enough to keep a thread busy, few enough to keep results small. */
  static final int ROWS = 8192;

  private Tasks() {}

  /** {@code threads} daemon threads named {@code name}: an abandoned generation never keeps the JVM alive. */
  static ExecutorService pool(int threads, String name) {
    return Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** The task's result; its unchecked failure is rethrown as it was, a checked one as an IOException. */
  static <T> T await(Future<T> task) throws IOException {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while generating");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error r) {
        throw r;
      }
      throw new IOException(e.getCause());
    }
  }
}
