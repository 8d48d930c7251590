package org.strata.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RowEstimate#atMost}: never below the records a file holds, whatever its line breaks and quoting. */
class RowEstimateTest {

  @Test
  void theBoundIsNeverBelowTheRecordsOfRandomCsv(@TempDir Path tmp) throws IOException {
    Random random = new Random(41);
    for (int round = 0; round < 200; round++) {
      StringBuilder csv = new StringBuilder("a,b\n");
      int records = random.nextInt(50);
      String[] ends = {"\n", "\r\n", "\r"};
      for (int r = 0; r < records; r++) {
        csv.append(random.nextInt(3) == 0 ? "\"x\ny\"" : "1").append(',').append(random.nextInt(9));
        if (r < records - 1 || random.nextBoolean()) { // the last line may end without a line break
          csv.append(ends[random.nextInt(3)]);
        }
      }
      Path f = Files.writeString(tmp.resolve("p" + round + ".csv"), csv, StandardCharsets.UTF_8);
      long read = 0;
      try (CsvRecordReader in = new CsvRecordReader(Files.newInputStream(f))) {
        while (in.next()) {
          read++;
        }
      }
      assertTrue(RowEstimate.atMost(f) >= read - 1, "round " + round + ": " + read + " records (header included)");
    }
  }

  @Test
  void gzipAndLargeFilesAreNotCounted(@TempDir Path tmp) throws IOException {
    Path gz = tmp.resolve("p.csv.gz");
    try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("a,b\n1,2\n".getBytes(StandardCharsets.US_ASCII));
    }
    assertEquals(Long.MAX_VALUE, RowEstimate.atMost(gz));
    Path empty = Files.writeString(tmp.resolve("e.csv"), "");
    assertEquals(2, RowEstimate.atMost(empty));
  }
}
