package org.strata.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.strata.level.RisingRisk;

/**
 * Reads, on a thread of its own while a run scores, the kept runs' files its history pass will read (the run
 * before, the one compared with, the rising-risk window), so that pass finds them in the page cache. Last night's
 * file has usually been pushed out of it by the outputs written since: at 63M patients a cold read of its 756 MB
 * took 1.2 s here, from the cache 0.12 s; waiting on the disk costs the scoring cores nothing. Only a hint: anything
 * that goes wrong (no history yet, a file pruned meanwhile) stops it quietly, and the pass reads what it needs
 * itself. Reads nothing under the history's lock and changes nothing.
 *
 * <pre>{@code
 * try (HistoryPrefetch p = HistoryPrefetch.start(storeDir, results, null, RisingRisk.DEFAULT)) {
 *   ... score and roll up ...
 * } // stops it: what it read stays cached
 * }</pre>
 */
public final class HistoryPrefetch implements AutoCloseable {
  private static final int CHUNK = 1 << 20;

  private final Thread thread;
  private volatile boolean stop;

  private HistoryPrefetch(List<Path> files) {
    this.thread = new Thread(() -> read(files), "strata-history-prefetch");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
  }

  /**
   * Starts reading the files the next run of {@code results} will read from the store's current history.
   *
   * @param compareWith the run given to {@code --compare-with}, null for the one before
   */
  public static HistoryPrefetch start(Path storeDir, Path results, String compareWith, RisingRisk rising) {
    HistoryPrefetch p = new HistoryPrefetch(filesFor(storeDir, results, compareWith, rising));
    p.thread.start();
    return p;
  }

  /** The files, in the order read: the run before's pair, the compared run's, the rest of the window's records. */
  static List<Path> filesFor(Path storeDir, Path results, String compareWith, RisingRisk rising) {
    List<Path> files = new ArrayList<>();
    try {
      Path current = History.directory(storeDir).current();
      if (current != null) {
        String mine = results.toAbsolutePath().normalize().toString();
        List<HistoryRun> kept = HistoryManifest.read(current).runs();
        // tonight's window is the last rising.runs() with tonight: the earlier ones are the last runs() - 1 now
        List<HistoryRun> window = RiskWindow.lastOf(kept, mine, Math.max(1, rising.runs() - 1));
        if (!window.isEmpty()) {
          Path before = current.resolve(window.get(window.size() - 1).file());
          files.add(before); // every row reads its record and the date its level began
          files.add(RunLevels.detailOf(before));
          for (HistoryRun r : RiskWindow.lastOf(kept, mine, Integer.MAX_VALUE)) {
            Path f = current.resolve(r.file());
            if (r.run().equals(compareWith) && !f.equals(before)) { // movers and leavers read its detail too
              files.add(f);
              files.add(RunLevels.detailOf(f));
            }
          }
          for (int i = window.size() - 2; i >= 0; i--) {
            Path f = current.resolve(window.get(i).file());
            if (!files.contains(f)) {
              files.add(f);
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      files.clear(); // a damaged history: the run itself says so
    }
    return files;
  }

  private void read(List<Path> files) {
    ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
    for (Path f : files) {
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
        long at = 0;
        while (!stop) {
          buf.clear();
          int n = ch.read(buf, at);
          if (n < 0) {
            break;
          }
          at += n;
        }
      } catch (IOException e) {
        return;
      }
      if (stop) {
        return;
      }
    }
  }

  /** Stops reading (at once: what was read stays in the page cache) and waits for the thread; again, nothing. */
  @Override
  public void close() {
    stop = true;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
