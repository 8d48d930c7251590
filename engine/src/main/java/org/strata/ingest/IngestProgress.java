package org.strata.ingest;

/** Told how far an ingest has got, from the ingest thread; the command line draws a bar with it. */
@FunctionalInterface
public interface IngestProgress {
  IngestProgress NONE = (bytes, total, rows) -> {};

  /**
   * @param bytesRead bytes of the patients file consumed so far (compressed bytes for gzip)
   * @param totalBytes the file's size
   * @param rowsRead records read so far
   */
  void update(long bytesRead, long totalBytes, long rowsRead);
}
