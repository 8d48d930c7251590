package org.strata.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The reader against the obvious, on seeded random data: tables written by a plain RFC 4180 writer (every
 * field quoted, holding commas, quotes, line breaks, spaces, non-ASCII) read back the same, with the
 * right physical line numbers. A failure names its seed.
 */
class CsvRecordReaderRandomTest {
  private static final String ALPHABET = "ab ,\"\n1é";

  @Test
  void readsBackWhatAPlainWriterWrote() throws IOException {
    for (long seed = 1; seed <= 300; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      boolean crlf = rnd.nextBoolean();
      int rows = 1 + rnd.nextInt(40);
      StringBuilder csv = new StringBuilder();
      List<String> expected = new ArrayList<>();
      int line = 1;
      for (int r = 0; r < rows; r++) {
        StringBuilder rec = new StringBuilder().append(line).append(':');
        for (int i = 0; i < 3; i++) {
          String v = value(rnd);
          csv.append(i == 0 ? "" : ",").append('"').append(v.replace("\"", "\"\"")).append('"');
          rec.append(i == 0 ? "" : "|").append(v);
          line += (int) v.chars().filter(c -> c == '\n').count();
        }
        csv.append(crlf ? "\r\n" : "\n");
        line++;
        expected.add(rec.toString());
      }
      assertEquals(expected, CsvRecordReaderTest.records(csv.toString(), 3), "seed " + seed);
    }
  }

  private static String value(SplittableRandom rnd) {
    while (true) {
      int n = 1 + rnd.nextInt(8);
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < n; i++) {
        s.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
      }
      if (!s.toString().isBlank()) {
        return s.toString();
      }
    }
  }
}
