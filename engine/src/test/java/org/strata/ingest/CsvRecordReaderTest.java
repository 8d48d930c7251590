package org.strata.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

  /** Reads every record as "line:problem:field|field|…". */
  static List<String> records(String csv, int expectFields) throws IOException {
    return records(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), expectFields);
  }

  static List<String> records(InputStream in, int expectFields) throws IOException {
    List<String> out = new ArrayList<>();
    try (CsvRecordReader r = new CsvRecordReader(in)) {
      if (expectFields > 0) {
        r.expectFields(expectFields);
      }
      while (r.next()) {
        StringBuilder s = new StringBuilder().append(r.line()).append(':');
        if (r.problem() != CsvRecordReader.Problem.NONE) {
          s.append(r.problem());
        } else {
          for (int i = 0; i < r.fieldCount(); i++) {
            s.append(i == 0 ? "" : "|").append(r.field(i));
          }
        }
        out.add(s.toString());
      }
    }
    return out;
  }

  @Test
  void plainRowsWithLfAndCrlfAndBom() throws IOException {
    assertEquals(List.of("1:a|b|c", "2:1|2|3", "3:4|5|6"), records("\uFEFFa,b,c\r\n1,2,3\r\n4,5,6\r\n", 3));
    assertEquals(List.of("1:a|b", "2:1|2"), records("a,b\n1,2", 2));
  }

  @Test
  void quotedFieldsHoldCommasQuotesAndLineBreaks() throws IOException {
    String csv = "id,notes,n\n1,\"a, b\",2\n3,\"say \"\"hi\"\"\",4\n5,\"two\nlines\",6\n7,x,8\n";
    assertEquals(
        List.of("1:id|notes|n", "2:1|a, b|2", "3:3|say \"hi\"|4", "4:5|two\nlines|6", "6:7|x|8"),
        records(csv, 3));
  }

  @Test
  void blankAndTrailingLinesAreSkippedAndSpacesTrimmed() throws IOException {
    assertEquals(List.of("1:a|b", "3:1|2", "4:3|4"), records("a,b\n\n 1 , 2 \n3,4\n\n\r\n", 2));
  }

  @Test
  void emptyFieldsAreKept() throws IOException {
    assertEquals(List.of("1:a|b|c", "2:||"), records("a,b,c\n,,\n", 3));
  }

  @Test
  void wrongFieldCountIsReportedAndReadingGoesOn() throws IOException {
    assertEquals(
        List.of("1:a|b|c", "2:WRONG_FIELD_COUNT", "3:WRONG_FIELD_COUNT", "4:1|2|3"),
        records("a,b,c\n1,2\n1,2,3,4\n1,2,3\n", 3));
  }

  @Test
  void unbalancedQuoteLosesOnlyItsOwnLine() throws IOException {
    String csv = "a,b,c\n\"1,2,3\n4,5,6\n7,8,9\n";
    assertEquals(List.of("1:a|b|c", "2:UNBALANCED_QUOTE", "3:4|5|6", "4:7|8|9"), records(csv, 3));
  }

  @Test
  void unbalancedQuoteThatMeetsALaterQuoteStillLosesOnlyItsLine() throws IOException {
    String csv = "a,b,c\n1,\"x,3\n4,5,6\n7,\"q, r\",9\n10,11,12\n";
    assertEquals(
        List.of("1:a|b|c", "2:UNBALANCED_QUOTE", "3:4|5|6", "4:7|q, r|9", "5:10|11|12"), records(csv, 3));
  }

  @Test
  void bareQuoteInsideAnUnquotedFieldIsUnbalanced() throws IOException {
    assertEquals(List.of("1:a|b", "2:UNBALANCED_QUOTE", "3:1|2"), records("a,b\nO\"Brien,2\n1,2\n", 2));
  }

  @Test
  void junkAfterClosingQuoteIsUnbalanced() throws IOException {
    assertEquals(List.of("1:a|b", "2:UNBALANCED_QUOTE", "3:1|2"), records("a,b\n\"x\"y,2\n1,2\n", 2));
  }

  @Test
  void quoteOpenAtEndOfInput() throws IOException {
    assertEquals(List.of("1:a|b", "2:1|2", "3:UNBALANCED_QUOTE"), records("a,b\n1,2\n\"3,4\n", 2));
  }

  @Test
  void crlfSplitAcrossReadsIsOneLineEnd() throws IOException {
    // a stream that hands out one byte at a time puts every CR at the end of a buffer fill
    byte[] bytes = "a,b\r\n1,2\r\n3,4\r\n".getBytes(StandardCharsets.US_ASCII);
    InputStream trickle = new InputStream() {
      int i;

      @Override
      public int read() {
        return i < bytes.length ? bytes[i++] : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (i >= bytes.length) {
          return -1;
        }
        b[off] = bytes[i++];
        return 1;
      }
    };
    assertEquals(List.of("1:a|b", "2:1|2", "3:3|4"), records(trickle, 2));
  }

  @Test
  void longFilesCrossManyBufferRefills() throws IOException {
    StringBuilder s = new StringBuilder("id,text\n");
    int rows = 60_000;
    for (int i = 0; i < rows; i++) {
      s.append(i).append(",\"row ").append(i).append(", with comma\"\n");
    }
    List<String> recs = records(s.toString(), 2);
    assertEquals(rows + 1, recs.size());
    assertEquals((rows + 1) + ":" + (rows - 1) + "|row " + (rows - 1) + ", with comma", recs.get(rows));
  }

  @Test
  void numbersParseWithoutStrings() throws IOException {
    try (CsvRecordReader r = new CsvRecordReader(
        new ByteArrayInputStream("12,-3,x,1234.5,0.07,1.999\n".getBytes(StandardCharsets.US_ASCII)))) {
      assertTrue(r.next());
      assertEquals(12, r.parseLong(0));
      assertEquals(-3, r.parseLong(1));
      assertEquals(Long.MIN_VALUE, r.parseLong(2));
      assertEquals(123450, r.parseHundredths(3));
      assertEquals(7, r.parseHundredths(4));
      assertEquals(200, r.parseHundredths(5));
      assertFalse(r.next());
    }
  }
}
