package org.strata.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** One CSV line built in a reusable byte buffer: numbers formatted by hand (no String per value). */
final class CsvLine {
  private byte[] buf = new byte[512];
  private int len;

  CsvLine reset() {
    len = 0;
    return this;
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  CsvLine comma() {
    ensure(1);
    buf[len++] = ',';
    return this;
  }

  CsvLine semicolon() {
    ensure(1);
    buf[len++] = ';';
    return this;
  }

  CsvLine newline() {
    ensure(1);
    buf[len++] = '\n';
    return this;
  }

  CsvLine bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  /** Text, quoted when it holds a comma, quote or line break. */
  CsvLine text(String s) {
    boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    return bytes((quote ? '"' + s.replace("\"", "\"\"") + '"' : s).getBytes(StandardCharsets.UTF_8));
  }

  /** A non-negative number zero-padded to {@code width} digits (NHS numbers keep their leading zeros). */
  CsvLine digits(long v, int width) {
    ensure(width);
    for (int i = width - 1; i >= 0; i--) {
      buf[len + i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    len += width;
    return this;
  }

  CsvLine number(long v) {
    ensure(20);
    if (v < 0) {
      buf[len++] = '-';
      v = -v;
    }
    int start = len;
    do {
      buf[len++] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v != 0);
    for (int a = start, b = len - 1; a < b; a++, b--) {
      byte t = buf[a];
      buf[a] = buf[b];
      buf[b] = t;
    }
    return this;
  }

  /** {@code scaled / 10^decimals} with exactly {@code decimals} places. */
  CsvLine fixed(long scaled, int decimals) {
    long pow = 1;
    for (int i = 0; i < decimals; i++) {
      pow *= 10;
    }
    if (scaled < 0) {
      ensure(1);
      buf[len++] = '-';
      scaled = -scaled;
    }
    number(scaled / pow);
    ensure(1 + decimals);
    buf[len++] = '.';
    return digits(scaled % pow, decimals);
  }

  /** The line so far, as bytes. */
  byte[] toBytes() {
    return java.util.Arrays.copyOf(buf, len);
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(buf, 0, len);
  }
}
