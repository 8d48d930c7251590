package org.strata.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A byte-level RFC 4180 record reader built for dirty extracts: UTF-8 byte-order mark skipped, LF or CRLF,
 * quoted fields holding commas, doubled quotes and line breaks, blank lines skipped, unquoted fields trimmed.
 *
 * <p>Recovery, so that one bad line never swallows the rows after it: when a record that spans several
 * physical lines turns out malformed (a closing quote followed by junk, a quoted field that never closes,
 * or the wrong field count), only its first line is reported ({@link Problem#UNBALANCED_QUOTE}) and
 * reading resumes at the next physical line. A quoted field may hold at most {@link #MAX_RECORD_BYTES}.
 *
 * <p>Hand-written rather than FastCSV because ingest needs this recovery rule, physical line numbers
 * and field access without a String per field; {@code CsvParseBenchmark} measures it against FastCSV.
 *
 * <pre>{@code
 * try (CsvRecordReader r = new CsvRecordReader(in)) {
 *   while (r.next()) { int line = r.line(); String v = r.field(0); }
 * }
 * }</pre>
 */
public final class CsvRecordReader extends TextRecord {
  /** The longest record accepted; a quoted field still open past this is an unbalanced quote. */
  public static final int MAX_RECORD_BYTES = 1 << 16;

  /** What is wrong with the current record, if anything. */
  public enum Problem {
    NONE,
    /** A quote opened and never closed properly; the record is its first physical line only. */
    UNBALANCED_QUOTE,
    /** The record's field count differs from {@link #expectFields(int)}. */
    WRONG_FIELD_COUNT
  }

  /** Fields a record may have; a record with more is reported as an unbalanced quote. */
  public static final int MAX_FIELDS = 1024;
  private boolean tooManyFields;

  /** Whether the last record was cut off at {@link #MAX_FIELDS} fields (its problem says unbalanced quote). */
  public boolean hadTooManyFields() {
    return tooManyFields;
  }
  private static final int CHUNK = 1 << 20;

  private final InputStream in;
  private byte[] buf = new byte[CHUNK + MAX_RECORD_BYTES];
  private int pos;
  private int limit;
  private boolean eof;
  /** Why the input ended before its end (a truncated .gz), reported once the bytes before it are read. */
  private IOException truncated;
  private long bytesRead;

  private int nextLine = 1; // physical line number at pos

  // Fields of the current record (unescaped, trimmed) live in TextRecord's out/starts/ends.
  private boolean[] quoted = new boolean[MAX_FIELDS];
  private int fields;
  private int recStart; // start of a record that failed to parse, after any buffer moves
  private boolean pendingCr; // a CR ended the last buffer: skip an LF that starts the next

  public CsvRecordReader(InputStream in) throws IOException {
    super(new byte[MAX_RECORD_BYTES + 16], MAX_FIELDS);
    this.in = in;
    fill();
    if (limit - pos >= 3
        && (buf[pos] & 0xFF) == 0xEF
        && (buf[pos + 1] & 0xFF) == 0xBB
        && (buf[pos + 2] & 0xFF) == 0xBF) {
      pos += 3;
    }
  }

  @Override
  public int fieldCount() {
    return fields;
  }

  /** Bytes consumed from the underlying stream so far. */
  @Override
  public long bytesRead() {
    return bytesRead;
  }

  /** Advances to the next non-blank record. Returns false at end of input. */
  @Override
  public boolean next() throws IOException {
    while (true) {
      if (!ensure(1)) {
        if (truncated != null) {
          throw new IOException("the compressed data ends early, after line " + (nextLine - 1)
              + " (a truncated or damaged .gz: " + truncated.getMessage() + ")", truncated);
        }
        return false;
      }
      if (pendingCr) {
        pendingCr = false;
        if (buf[pos] == '\n') {
          pos++;
          continue;
        }
      }
      int start = pos;
      int startLine = nextLine;
      int result = parse(start);
      if (result == PARSE_BLANK) {
        continue;
      }
      line = startLine;
      if (result == PARSE_OK) {
        problem =
            expectedFields >= 0 && fields != expectedFields
                ? Problem.WRONG_FIELD_COUNT
                : Problem.NONE;
        return true;
      }
      recoverFirstLine(recStart, startLine); // PARSE_BAD_QUOTE
      return true;
    }
  }

  private static final int PARSE_OK = 0;
  private static final int PARSE_BLANK = 1;
  private static final int PARSE_BAD_QUOTE = 2;

  /**
   * Parses one record starting at {@code start}; on success leaves {@code pos} after its line end. The
   * whole record is kept in the buffer (refilling moves it to the front), so recovery can rewind.
   */
  private int parse(int start) throws IOException {
    fields = 0;
    tooManyFields = false;
    int o = 0;
    int p = start;
    int lines = 1;
    boolean any = false;
    while (true) {
      // one field
      if (fields == MAX_FIELDS) {
        tooManyFields = true;
        return finishBad(p, start);
      }
      if (p >= limit) {
        int shift = refillKeeping(start);
        start -= shift;
        p -= shift;
        if (p >= limit) { // end of input
          if (!any && fields == 0) {
            pos = p;
            return PARSE_BLANK;
          }
          starts[fields] = o;
          ends[fields] = o;
          quoted[fields++] = false;
          pos = p;
          nextLine += lines;
          return PARSE_OK;
        }
      }
      byte b = buf[p];
      // skip leading spaces of an unquoted field, keep them if the field turns out quoted-less
      int lead = p;
      while (b == ' ' || b == '\t') {
        p++;
        if (p >= limit) {
          int shift = refillKeeping(start);
          start -= shift;
          p -= shift;
          lead -= shift;
          if (p >= limit) {
            break;
          }
        }
        b = buf[p];
      }
      if (p < limit && b == '"') {
        any = true;
        p++;
        int fs = o;
        while (true) {
          if (p >= limit) {
            int shift = refillKeeping(start);
            start -= shift;
            p -= shift;
            if (p >= limit) {
              return finishBad(p, start); // quote open at end of input
            }
          }
          byte c = buf[p];
          if (c == '"') {
            if (p + 1 >= limit) {
              int shift = refillKeeping(start);
              start -= shift;
              p -= shift;
            }
            if (p + 1 < limit && buf[p + 1] == '"') {
              if (o >= MAX_RECORD_BYTES) {
                return finishBad(p, start);
              }
              out[o++] = '"';
              p += 2;
              continue;
            }
            p++;
            break;
          }
          if (c == '\n' || c == '\r' && (p + 1 >= limit || buf[p + 1] != '\n')) {
            lines++; // a line break inside a quoted field: LF, CRLF (counted at its LF) or a lone CR
          }
          if (o >= MAX_RECORD_BYTES) {
            return finishBad(p, start);
          }
          out[o++] = c;
          p++;
        }
        starts[fields] = fs;
        ends[fields] = o;
        quoted[fields++] = true;
        // after the closing quote: optional spaces, then a separator or line end
        while (true) {
          if (p >= limit) {
            int shift = refillKeeping(start);
            start -= shift;
            p -= shift;
            if (p >= limit) {
              pos = p;
              nextLine += lines;
              return lines > 1 ? checkMultiLine(start) : PARSE_OK;
            }
          }
          byte c = buf[p];
          if (c == ' ' || c == '\t') {
            p++;
          } else if (c == ',') {
            p++;
            break;
          } else if (c == '\n' || c == '\r') {
            p = endOfLine(p);
            pos = p;
            nextLine += lines;
            return lines > 1 ? checkMultiLine(start) : PARSE_OK;
          } else {
            return finishBad(p, start); // junk after a closing quote
          }
        }
        continue;
      }
      // unquoted field
      int fs = o;
      int lastNonSpace = o;
      boolean endLine = false;
      while (true) {
        if (p >= limit) {
          int shift = refillKeeping(start);
          start -= shift;
          p -= shift;
          if (p >= limit) {
            endLine = true;
            break;
          }
        }
        byte c = buf[p];
        if (c == ',') {
          p++;
          break;
        }
        if (c == '\n' || c == '\r') {
          p = endOfLine(p);
          endLine = true;
          break;
        }
        if (c == '"') {
          return finishBad(p, start); // a bare quote inside an unquoted field
        }
        if (o >= MAX_RECORD_BYTES) {
          return finishBad(p, start);
        }
        out[o++] = c;
        if (c != ' ' && c != '\t') {
          lastNonSpace = o;
        }
        p++;
      }
      o = lastNonSpace;
      if (o > fs || fields > 0 || !endLine) {
        any = true;
      }
      starts[fields] = fs;
      ends[fields] = o;
      quoted[fields++] = false;
      if (endLine) {
        pos = p;
        if (!any && fields == 1 && ends[0] == starts[0]) {
          nextLine += lines;
          return PARSE_BLANK;
        }
        nextLine += lines;
        return lines > 1 ? checkMultiLine(start) : PARSE_OK;
      }
    }
  }

  /**
   * A multi-line record is accepted only with the expected field count, and only when none of its later lines
   * is a record on its own: a stray quote that opens a field, closed by a quote at the end of some later line,
   * would otherwise swallow every row between into one (a notes field with a line break in it is fine: its
   * second line is not a whole record).
   */
  private int checkMultiLine(int start) {
    if (expectedFields >= 0 && fields != expectedFields || expectedFields >= 2 && laterLineIsARecord(start)) {
      recStart = start;
      return PARSE_BAD_QUOTE;
    }
    return PARSE_OK;
  }

  /**
   * Whether a physical line after the first of the record at {@code start..pos} is, read on its own, a whole
   * well-formed record of the expected field count (the last line also without a closing quote at its end).
   * Only for records of four fields or more, as patient files are: a short record's quoted text can look like
   * one by chance.
   */
  private boolean laterLineIsARecord(int start) {
    if (expectedFields < 4) {
      return false;
    }
    int p = start;
    while (p < pos && buf[p] != '\n' && buf[p] != '\r') {
      p++;
    }
    while (p < pos) {
      while (p < pos && (buf[p] == '\n' || buf[p] == '\r')) {
        p++;
      }
      int a = p;
      while (p < pos && buf[p] != '\n' && buf[p] != '\r') {
        p++;
      }
      if (p > a && (fieldsIfWellFormed(a, p) == expectedFields
          || p == lineEnd(pos) && buf[p - 1] == '"' && fieldsIfWellFormed(a, p - 1) == expectedFields)) {
        return true;
      }
    }
    return false;
  }

  /** The end of the record's last line, before its line break. */
  private int lineEnd(int end) {
    int e = end;
    while (e > 0 && (buf[e - 1] == '\n' || buf[e - 1] == '\r')) {
      e--;
    }
    return e;
  }

  /** Fields of {@code buf[a..b)} read as one RFC 4180 line; -1 when it is not well formed. */
  private int fieldsIfWellFormed(int a, int b) {
    int n = 1;
    int p = a;
    while (p < b) {
      if (buf[p] == '"') {
        p++;
        while (true) {
          if (p >= b) {
            return -1; // the quote never closes on this line
          }
          if (buf[p] == '"') {
            if (p + 1 < b && buf[p + 1] == '"') {
              p += 2;
              continue;
            }
            p++;
            break;
          }
          p++;
        }
        if (p < b && buf[p] != ',') {
          return -1;
        }
      } else {
        while (p < b && buf[p] != ',') {
          if (buf[p] == '"') {
            return -1;
          }
          p++;
        }
      }
      if (p < b) { // a comma
        n++;
        p++;
      }
    }
    return n;
  }

  private int finishBad(int p, int start) {
    pos = p;
    recStart = start; // recoverFirstLine rewinds to the record start
    return PARSE_BAD_QUOTE;
  }

  /** Reports the record's first physical line as an unbalanced quote and resumes after that line. */
  private void recoverFirstLine(int start, int startLine) throws IOException {
    int p = start;
    while (true) {
      if (p >= limit) {
        int shift = refillKeeping(start);
        start -= shift;
        p -= shift;
        if (p >= limit) {
          break;
        }
      }
      byte c = buf[p];
      if (c == '\n' || c == '\r') {
        p = endOfLine(p);
        break;
      }
      p++;
    }
    pos = p;
    nextLine = startLine + 1;
    line = startLine;
    problem = Problem.UNBALANCED_QUOTE;
    fields = 0;
  }

  /**
   * Position after the line end at p (LF, CRLF or a lone CR). A CR that ends the buffer sets
   * {@code pendingCr}, so that an LF at the start of the next read is not taken for a blank line.
   */
  private int endOfLine(int p) {
    if (buf[p] == '\r') {
      if (p + 1 >= limit) {
        pendingCr = !eof;
        return p + 1;
      }
      return buf[p + 1] == '\n' ? p + 2 : p + 1;
    }
    return p + 1;
  }

  private boolean ensure(int n) throws IOException {
    if (limit - pos >= n) {
      return true;
    }
    refillKeeping(pos);
    return limit - pos >= n;
  }

  /** Moves bytes from {@code keep} to the front and reads more; returns how far they moved. */
  private int refillKeeping(int keep) throws IOException {
    if (eof) {
      return 0;
    }
    int remaining = limit - keep;
    if (keep > 0) {
      System.arraycopy(buf, keep, buf, 0, remaining);
    }
    limit = remaining;
    pos -= keep;
    if (buf.length - limit < CHUNK / 2) {
      buf = Arrays.copyOf(buf, buf.length * 2); // a record longer than the buffer: grow (bounded by caps)
    }
    fill();
    return keep;
  }

  private void fill() throws IOException {
    while (limit < buf.length) {
      int n;
      try {
        n = in.read(buf, limit, buf.length - limit);
      } catch (java.io.EOFException | java.util.zip.ZipException e) {
        truncated = e; // what was decompressed before it is read first; next() then reports it
        eof = true;
        return;
      }
      if (n < 0) {
        eof = true;
        return;
      }
      if (n == 0) {
        continue;
      }
      limit += n;
      bytesRead += n;
      if (limit - pos >= CHUNK) {
        return;
      }
    }
  }

  public boolean isQuoted(int i) {
    return quoted[i];
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
