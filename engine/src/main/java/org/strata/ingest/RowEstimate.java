package org.strata.ingest;

import org.strata.store.Store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many patients an input file holds, estimated before reading it, to size the patient index
 * (Chronicle Map wants its entry count up front; it tolerates up to {@code MAX_BLOAT_FACTOR} times more).
 * For CSV, samples the average record length from the first MiB of the (decompressed) file: real
 * extracts range from ~25 bytes a row (required columns only) to ~110 (every column), so file size alone
 * is no guide. For Arrow, the record batch headers give the exact count.
 */
final class RowEstimate {
  static final int SAMPLE_BYTES = 1 << 20;
  /** CSV text compresses about 4–8× with gzip; assume the high end so the index is not undersized. */
  static final int GZIP_RATIO = 8;
  static final long MINIMUM = 10_000;

  private RowEstimate() {}

  static long of(Path file) throws IOException {
    if (InputFiles.isArrow(file)) {
      return arrowRows(file);
    }
    if (InputFiles.isParquet(file)) {
      try {
        return Math.max(MINIMUM, ParquetRecordSource.rowCount(file)); // the footer's exact count
      } catch (IOException e) {
        return Math.max(MINIMUM, Files.size(file) / 8); // unreadable here: the reader will say why
      }
    }
    long size = Files.size(file);
    long sampled = 0;
    long lines = 0;
    boolean gzip;
    try (InputStream raw = Files.newInputStream(file)) {
      gzip = raw.read() == 0x1f && raw.read() == 0x8b;
    }
    try (InputStream in = InputFiles.open(file)) {
      byte[] buf = new byte[64 << 10];
      int n;
      byte prev = 0;
      while (sampled < SAMPLE_BYTES && (n = readOrStop(in, buf)) > 0) {
        for (int i = 0; i < n; i++) {
          byte c = buf[i];
          if (c == '\n' && prev != '\r' || c == '\r') {
            lines++; // LF, CRLF and a lone CR each end one line
          }
          prev = c;
        }
        sampled += n;
      }
    }
    if (lines == 0) {
      return MINIMUM;
    }
    double bytesPerRow = (double) sampled / lines;
    double textBytes = gzip ? (double) size * GZIP_RATIO : size;
    return Math.max(MINIMUM, (long) Math.ceil(textBytes / bytesPerRow * 1.05)); // 5% for longer rows later on
  }

  /** A read that ends the sample at damaged compressed data: the reader proper reports it, with the line. */
  private static int readOrStop(InputStream in, byte[] buf) throws IOException {
    try {
      return in.read(buf);
    } catch (java.io.EOFException | java.util.zip.ZipException e) {
      return -1;
    }
  }

  /** An Arrow file says how many rows it has in its record batch headers; no data is read. */
  private static long arrowRows(Path file) throws IOException {
    try {
      return Math.max(MINIMUM, Store.rowsInArrowFile(file));
    } catch (IOException | RuntimeException e) {
      return Math.max(MINIMUM, Files.size(file) / 8); // unreadable here: the reader will say why
    }
  }

  /**
   * Plain CSV files up to this size (about 600,000 rows) have their line breaks counted for {@link #atMost}; a larger
   * one would fill most of a full-sized batch anyway, and counting would be a second read of it for nothing.
   */
  static final long COUNTED_BYTES = 64L << 20;

  /**
   * A number of records the file cannot exceed, or {@code Long.MAX_VALUE} when it is not cheap to know: the rows an
   * Arrow or Parquet file states, the line breaks of a plain CSV of at most {@value #COUNTED_BYTES} bytes (every record
   * ends in one, or ends the file). Sizes ingest's batches, which need hold no more rows than the file has: a bound,
   * not an estimate, so the batches' boundaries and so the store are the same as with full-sized batches.
   */
  static long atMost(Path file) throws IOException {
    try {
      if (InputFiles.isArrow(file)) {
        return Store.rowsInArrowFile(file);
      }
      if (InputFiles.isParquet(file)) {
        return ParquetRecordSource.rowCount(file);
      }
    } catch (IOException | RuntimeException e) {
      return Long.MAX_VALUE; // unreadable here: the reader will say why
    }
    long size = Files.size(file);
    if (size > COUNTED_BYTES) {
      return Long.MAX_VALUE;
    }
    long breaks = 0;
    try (InputStream in = Files.newInputStream(file)) {
      int b0 = in.read();
      int b1 = in.read();
      if (b0 == 0x1f && b1 == 0x8b) {
        return Long.MAX_VALUE; // gzip: counting would mean inflating it all
      }
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        for (int k = 0; k < n; k++) {
          byte c = buf[k];
          breaks += c == '\n' || c == '\r' ? 1 : 0; // CRLF counts twice: still a bound
        }
      }
    }
    return breaks + 2; // the bytes before the first read, and a last record without a line break
  }
}
