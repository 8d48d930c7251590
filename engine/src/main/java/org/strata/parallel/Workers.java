package org.strata.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs one task per worker on threads of its own and returns only when every one has ended, even when
 * interrupted (the interrupt is kept on the calling thread) or when one fails: the tasks read the store,
 * which the caller may close (unmap) next. The scoring pass ({@link LevelAssigner}), the rollup and the patient writers
 * use it.
 */
public final class Workers {
  /** System property capping the worker threads of every pass ({@code strata run --threads} sets it). */
  public static final String THREADS_PROPERTY = "strata.threads";

  private Workers() {}

  /** Threads a pass may use: the cores, or fewer when {@value #THREADS_PROPERTY} says so. */
  public static int threads() {
    int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    Integer cap = Integer.getInteger(THREADS_PROPERTY);
    return cap == null || cap < 1 ? cores : Math.min(cap, cores);
  }

  /** The work of one worker over its share of a range: items [from, to). */
  @FunctionalInterface
  public interface Share {
    void run(int worker, int from, int to);
  }

  /** Workers for a pass over {@code n} items: the threads, no more than the items, at least one. */
  public static int forItems(int n) {
    return Math.max(1, Math.min(threads(), n));
  }

  /**
   * Runs {@code task} on each of {@code workers}' shares of [0, {@code n}), in contiguous ranges that differ by
   * at most one item, worker {@code w} the {@code w}-th: per-worker results joined in worker order are in item
   * order.
   */
  public static void runShares(int workers, int n, String name, Share task) {
    run(workers, name, w -> task.run(w, (int) ((long) n * w / workers), (int) ((long) n * (w + 1) / workers)));
  }

  /** A worker of {@link #drain}: set up on its own thread (its buffers, its counters), then given units in turn. */
  @FunctionalInterface
  public interface Drainer {
    /** Sets worker {@code worker} up; what it returns is given each unit the worker takes. */
    IntConsumer start(int worker);
  }

  /**
   * Runs {@code workers} workers that take the units [0, {@code units}) one at a time, each the next not yet taken,
   * until none is left: for units of uneven cost. Which worker takes which unit depends on timing, so a caller keeps
   * per-worker results that add up the same whatever the split (counts), or puts each unit's result in its place.
   */
  public static void drain(int workers, int units, String name, Drainer drainer) {
    AtomicInteger next = new AtomicInteger();
    run(workers, name, w -> {
      IntConsumer unit = drainer.start(w);
      for (int u = next.getAndIncrement(); u < units; u = next.getAndIncrement()) {
        unit.accept(u);
      }
    });
  }

  /** Runs {@code task.accept(w)} for w in [0, workers); rethrows the first failure once all have ended. */
  public static void run(int workers, String name, IntConsumer task) {
    if (workers == 1) {
      task.accept(0); // on the caller's thread: no thread to start for a small store
      return;
    }
    final Throwable[] failure = new Throwable[1];
    List<Thread> threads = new ArrayList<>(workers);
    for (int w = 0; w < workers; w++) {
      final int worker = w;
      Thread t = new Thread(() -> {
        try {
          task.accept(worker);
        } catch (Throwable e) {
          synchronized (failure) {
            if (failure[0] == null) { // the first failure is the cause; later ones are usually its echo
              failure[0] = e;
            } else if (failure[0] != e) {
              failure[0].addSuppressed(e);
            }
          }
        }
      }, name + w);
      threads.add(t);
      t.start();
    }
    boolean interrupted = false;
    for (Thread t : threads) {
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    synchronized (failure) {
      if (failure[0] instanceof RuntimeException re) {
        throw re;
      }
      if (failure[0] instanceof Error err) {
        throw err;
      }
      if (failure[0] != null) {
        throw new IllegalStateException(name + "worker failed: " + failure[0], failure[0]);
      }
    }
  }
}
