package org.strata.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.cli.StrataCommand;

/**
 * An event-level extract as a platform hands it over: each event file written to Parquet by DuckDB (typed columns:
 * dates, integer concept ids, doubles) and one gzipped, then ingested with {@code strata ingest --events}: the same
 * stored patients, byte for byte, as from the CSV files. DuckDB's answer to the shipped features in SQL, on the same
 * CSV files, equals the flat twin.
 */
class EventsParquetTest {
  @Test
  void parquetAndGzippedEventFilesGiveTheSameStoreAsCsvAndDuckDbAgrees(@TempDir Path tmp) throws Exception {
    Path ev = tmp.resolve("ev");
    strata("generate", "--events", "--patients", "4000", "--seed", "9", "--out", ev.toString(), "--quiet");
    strata("ingest", "--events", ev.toString(), "--reference-date", "2026-03-31", "--store",
        tmp.resolve("csv-store").toString(), "--quiet");
    Path pq = tmp.resolve("pq");
    Files.createDirectories(pq);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      for (String f : List.of("patients", "gp_events", "apc_spells", "op_attendances", "medications")) {
        s.execute("COPY (SELECT * FROM read_csv('" + ev.resolve(f + ".csv") + "')) TO '" + pq.resolve(f + ".parquet")
            + "' (FORMAT parquet, COMPRESSION zstd)");
      }
    }
    try (var gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(pq.resolve("ae_attendances.csv.gz")))) {
      Files.copy(ev.resolve("ae_attendances.csv"), gz);
    }
    Files.copy(ev.resolve("practices.csv"), pq.resolve("practices.csv"));
    strata("ingest", "--events", pq.toString(), "--reference-date", "2026-03-31", "--store",
        tmp.resolve("pq-store").toString(), "--quiet");
    assertEquals(-1L, Files.mismatch(tmp.resolve("csv-store/latest/patients.arrow"),
        tmp.resolve("pq-store/latest/patients.arrow")));

    Path codes = tmp.resolve("codes.csv");
    EventsCompareHarness.writeCodes(codes, Path.of("../engine/src/main/resources/org/strata/events/codelists"));
    Path out = tmp.resolve("duckdb.csv");
    EventsCompareHarness.duckdb(ev, codes, out, "2026-03-31", 2);
    assertEquals(0, EventsCompareHarness.compare(out, ev.resolve("flat/patients.csv")));
  }

  private static void strata(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    try (PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
      System.setOut(quiet);
      picocli.CommandLine cli = StrataCommand.commandLine();
      cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
      assertEquals(0, cli.execute(args), String.join(" ", args) + "\n" + err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
    }
  }
}
