package org.strata.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * Checksums in the manifest: CRC32C for store files (fast enough to check every byte of a national store
 * in seconds), SHA-256 for source files (what network members compare to know they ran the same inputs).
 */
public final class Checksums {
  private Checksums() {}

  public static String crc32c(Path file) throws IOException {
    return crc32c(file, bytes -> { });
  }

  /** As {@link #crc32c(Path)}, telling {@code bytesRead} the bytes read after each megabyte. */
  public static String crc32c(Path file, java.util.function.LongConsumer bytesRead) throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long read = 0;
      int n;
      while ((n = ch.read(buf)) >= 0) {
        buf.flip();
        crc.update(buf);
        buf.clear();
        read += n;
        bytesRead.accept(read);
      }
    }
    return "crc32c:" + String.format(java.util.Locale.ROOT, "%08x", crc.getValue());
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  public static String hex(MessageDigest digest) {
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }

  public static String sha256(Path file) throws IOException {
    MessageDigest d = sha256();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        d.update(buf, 0, n);
      }
    }
    return hex(d);
  }
}
