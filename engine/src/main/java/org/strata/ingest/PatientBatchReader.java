package org.strata.ingest;

import org.strata.format.IdKind;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads and validates a patients file on its own thread, handing over full {@link ParsedBatch}es (each
 * with the rejected rows read while it filled), so that parsing overlaps with whatever the consumer does
 * — the patient index and the Arrow writer. Three batches circulate: one filling, one queued, one
 * being consumed; memory stays bounded whatever the file size.
 *
 * <pre>{@code
 * try (PatientBatchReader in = new PatientBatchReader(reader, parser, 1 << 20, IdKind.NHS_NUMBER, progress)) {
 *   boolean last;
 *   do { ParsedBatch b = in.next(); consume(b); last = b.isLast(); in.recycle(b); } while (!last);
 * }
 * }</pre>
 */
public final class PatientBatchReader implements AutoCloseable {
  /** Told how far reading has got, from the reading thread. */
  @FunctionalInterface
  public interface Progress {
    void update(long bytesRead, long rowsRead);
  }

  private static final int BATCHES = 3;

  private final RecordSource reader;
  private final PatientRowParser parser;
  private final Progress progress;
  private final BlockingQueue<ParsedBatch> free = new ArrayBlockingQueue<>(BATCHES);
  private final BlockingQueue<ParsedBatch> full = new ArrayBlockingQueue<>(BATCHES);
  private final Thread thread;
  private volatile Throwable failure;
  private volatile long rowsRead;

  /** Starts reading records after the header (the caller has read it and built the parser). */
  public PatientBatchReader(
      RecordSource reader, PatientRowParser parser, int batchRows, IdKind idKind, Progress progress) {
    this.reader = reader;
    this.parser = parser;
    this.progress = progress;
    for (int i = 0; i < BATCHES; i++) {
      free.add(new ParsedBatch(batchRows, idKind));
    }
    reader.expectFields(parser.fieldCount());
    this.thread = new Thread(this::run, "strata-ingest-parse");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      long rows = 0;
      boolean more = true;
      while (more) {
        ParsedBatch b = free.take();
        while (b.records() < b.columns().capacity()) { // rejects count too: memory stays bounded
          if (!reader.next()) {
            more = false;
            break;
          }
          rows++;
          Rejection bad;
          switch (reader.problem()) {
            case UNBALANCED_QUOTE:
              bad = new Rejection(reader.line(), "", "", RejectReason.UNBALANCED_QUOTE, null);
              break;
            case WRONG_FIELD_COUNT:
              bad = new Rejection(reader.line(), "", "", RejectReason.MALFORMED_ROW,
                  reader.fieldCount() + " fields, header has " + parser.fieldCount());
              break;
            default:
              bad = parser.parse(reader, b.columns());
          }
          if (bad != null) {
            b.reject(bad);
          }
          if ((rows & 0xFFFF) == 0) {
            rowsRead = rows;
            progress.update(reader.bytesRead(), rows);
          }
        }
        rowsRead = rows;
        if (!more) {
          b.markLast();
          progress.update(reader.bytesRead(), rows);
        }
        full.put(b);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the consumer gave up: stop quietly
    } catch (Throwable t) {
      failure = t;
      ParsedBatch poison = new ParsedBatch(1, IdKind.NHS_NUMBER);
      poison.markLast();
      full.offer(poison);
    }
  }

  /** The next batch, in file order; the last has {@link ParsedBatch#isLast()}. */
  public ParsedBatch next() throws IOException {
    ParsedBatch b;
    try {
      b = full.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading patients");
    }
    Throwable t = failure;
    if (t != null) {
      if (t instanceof IOException) {
        throw (IOException) t;
      }
      if (t instanceof RuntimeException) {
        throw (RuntimeException) t;
      }
      throw new IllegalStateException("patients reader failed: " + t, t);
    }
    return b;
  }

  /** Gives a consumed batch back for refilling. */
  public void recycle(ParsedBatch b) {
    b.clear();
    free.offer(b);
  }

  /** Records read so far (final once the last batch was handed over). */
  public long rowsRead() {
    return rowsRead;
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
