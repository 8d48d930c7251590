package org.strata.publish;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A new file written front to back whose bytes go to the device while it is still being written: every {@value
 * #EVERY} bytes the part written so far is forced on a background thread, and {@link #close} hands the last force
 * (and the closing) to that thread too. The publish's own fsync of the file, which is what makes it durable, then
 * finds little or nothing left to write: the device's time overlaps the formatting of the rest of the run's outputs
 * instead of following it (at 10M patients a run writes 1.3 GB, and the fsync at publish took about 1 s of it).
 * A failed background force is not lost: the publish's fsync forces the file again and reports the error.
 */
public final class SyncingChannel implements WritableByteChannel {
  /** Bytes between background forces. */
  static final long EVERY = 32L << 20;
  private static final ExecutorService SYNCS = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "strata-sync");
    t.setDaemon(true); // a force still running when the command ends is redone by nobody: the publish did it
    return t;
  });

  private final FileChannel ch;
  private long sinceForce;
  private CompletableFuture<Void> forcing = CompletableFuture.completedFuture(null);
  private boolean open = true;

  private SyncingChannel(FileChannel ch) {
    this.ch = ch;
  }

  /** Creates {@code file}, which must not exist yet. */
  public static SyncingChannel create(Path file) throws IOException {
    return new SyncingChannel(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    int n = ch.write(src);
    sinceForce += n;
    if (sinceForce >= EVERY && forcing.isDone()) {
      sinceForce = 0;
      forcing = CompletableFuture.runAsync(this::forceQuietly, SYNCS);
    }
    return n;
  }

  private void forceQuietly() {
    try {
      ch.force(false);
    } catch (IOException e) {
      // the publish's fsync forces the file again and reports it
    }
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  /** Returns at once: the last force and the closing run on the background thread, after any force under way. */
  @Override
  public void close() {
    if (!open) {
      return;
    }
    open = false;
    forcing.whenCompleteAsync((ok, e) -> {
      forceQuietly();
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing was left to write: the bytes are the page cache's, and the publish forces them
      }
    }, SYNCS);
  }
}
