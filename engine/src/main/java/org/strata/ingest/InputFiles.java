package org.strata.ingest;

import org.strata.format.InvalidInputException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;

/** Opens an input file, gunzipping it when it starts with the gzip magic bytes (whatever its name). */
public final class InputFiles {
  private InputFiles() {}

  public static InputStream open(Path file) throws IOException {
    return open(file, null);
  }

  /** Opens the file, feeding every raw (compressed) byte read to {@code digest} when it is not null. */
  public static InputStream open(Path file, MessageDigest digest) throws IOException {
    InputStream raw;
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new InvalidInputException(file + (Files.isDirectory(file) ? ": is a directory, not a file" : ": not a regular file"));
    }
    try {
      InputStream in = Files.newInputStream(file);
      raw = new BufferedInputStream(digest == null ? in : new DigestInputStream(in, digest), 1 << 16);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(file + ": no such file");
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new GZIPInputStream(raw, 1 << 16);
    }
    return raw;
  }

  /** Whether the file is an Arrow IPC file (starts with the "ARROW1" magic). */
  public static boolean isArrow(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(6);
      return magic.length == 6 && new String(magic, java.nio.charset.StandardCharsets.US_ASCII).equals("ARROW1");
    }
  }
}
