package org.strata.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file written through the channel, with forces under way in the background, holds exactly what was written. */
class SyncingChannelTest {
  @TempDir
  Path dir;

  @Test
  void holdsEveryByteWrittenAcrossSeveralBackgroundForces() throws IOException {
    SplittableRandom rng = new SplittableRandom(5);
    byte[] all = new byte[(int) (SyncingChannel.EVERY * 5 / 2) + 12_345]; // two forces while writing, one at close
    rng.nextBytes(all);
    Path file = dir.resolve("patients.csv");
    SyncingChannel ch = SyncingChannel.create(file);
    for (int at = 0; at < all.length; ) {
      int n = Math.min(all.length - at, 1 + rng.nextInt(3 << 20));
      ByteBuffer b = ByteBuffer.wrap(all, at, n);
      while (b.hasRemaining()) {
        at += ch.write(b);
      }
    }
    ch.close();
    assertFalse(ch.isOpen());
    ch.close(); // twice is harmless
    VersionedDirectory.fsync(file); // what the publish does: waits for nothing it need not
    assertEquals(all.length, Files.size(file));
    assertArrayEquals(all, Files.readAllBytes(file));
  }

  @Test
  void refusesAFileThatExists() throws IOException {
    Path file = Files.writeString(dir.resolve("taken.csv"), "x");
    assertThrows(FileAlreadyExistsException.class, () -> SyncingChannel.create(file));
    assertEquals("x", Files.readString(file));
  }
}
