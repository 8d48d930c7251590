package org.strata.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ParquetTable}'s files are the same bytes in every process: parquet-java lists a column's encodings in
 * identity-hash order, which {@link ParquetTable#sortEncodings} puts right. Written here and in two other JVMs.
 */
class ParquetTableTest {

  /** Writes the test table to {@code args[0]}. */
  public static void main(String[] args) throws Exception {
    write(Path.of(args[0]));
  }

  private static void write(Path file) throws Exception {
    List<ParquetTable.Column> cols = List.of(ParquetTable.Column.text("code", false),
        ParquetTable.Column.int64("n", true), ParquetTable.Column.decimal9("share", 2, false));
    try (ParquetTable t = new ParquetTable(file, cols, Map.of())) {
      for (int i = 0; i < 50_000; i++) {
        t.text(0, "P" + (i % 40)); // dictionary-encoded
        if (i % 7 != 0) {
          t.int64(1, i * 31L); // many distinct values, some null
        }
        t.int64(2, i % 10_000);
        t.endRow();
      }
    }
  }

  @Test
  void everyProcessWritesTheSameBytesWithSortedEncodings(@TempDir Path tmp) throws Exception {
    Path here = tmp.resolve("here.parquet");
    write(here);
    for (ColumnChunk c : footer(here).getRow_groups().stream().flatMap(g -> g.getColumns().stream()).toList()) {
      List<Encoding> e = c.getMeta_data().getEncodings();
      List<Encoding> sorted = new ArrayList<>(e);
      sorted.sort(java.util.Comparator.comparingInt(Encoding::getValue));
      assertEquals(sorted, e);
      assertTrue(e.size() >= 2, "levels and values: " + e);
    }
    for (int k = 0; k < 2; k++) {
      Path there = tmp.resolve("there" + k + ".parquet");
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), ParquetTableTest.class.getName(), there.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      assertTrue(p.waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue());
      assertArrayEquals(Files.readAllBytes(here), Files.readAllBytes(there), "written in another JVM");
    }
  }

  private static FileMetaData footer(Path file) throws Exception {
    byte[] b = Files.readAllBytes(file);
    int length = ByteBuffer.wrap(b, b.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    return Util.readFileMetaData(new ByteArrayInputStream(b, b.length - 8 - length, length));
  }

}
