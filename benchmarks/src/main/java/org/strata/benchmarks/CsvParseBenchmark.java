package org.strata.benchmarks;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.strata.ingest.CsvRecordReader;
import org.strata.format.IdKind;
import org.strata.ingest.LsoaDictionary;
import org.strata.format.PatientBatch;
import org.strata.ingest.PatientRowParser;
import org.strata.ingest.PracticesReader;

/**
 * CSV parsing of a synthetic patients extract held in memory: Strata's hand-written
 * {@link CsvRecordReader} (records only, and records validated into column arrays) against FastCSV, the
 * well-kept library it must beat to justify being hand-written. Time per whole file (divide by the
 * row count printed at set-up for ns per row).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class CsvParseBenchmark {
  @Param({"200000"})
  int patients;

  byte[] csv;
  int rows;
  Path dir;
  List<String> header;
  HashMap<String, Integer> practiceOrdinals;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = SyntheticExtract.generate(patients);
    csv = Files.readAllBytes(dir.resolve("patients.csv"));
    practiceOrdinals = new HashMap<>(PracticesReader.ordinals(PracticesReader.read(dir.resolve("practices.csv"))));
    try (CsvRecordReader r = new CsvRecordReader(new ByteArrayInputStream(csv))) {
      r.next();
      header = new ArrayList<>();
      for (int i = 0; i < r.fieldCount(); i++) {
        header.add(r.field(i));
      }
      while (r.next()) {
        rows++;
      }
    }
    SyntheticExtract.delete(dir);
  }

  /** Splitting into records and fields only. */
  @Benchmark
  public long strataRecords() throws IOException {
    long sum = 0;
    try (CsvRecordReader r = new CsvRecordReader(new ByteArrayInputStream(csv))) {
      while (r.next()) {
        sum += r.fieldCount() + r.length(0);
      }
    }
    return sum / rowsOrOne();
  }

  /** Records validated into primitive column arrays: the ingest hot path without the index and Arrow. */
  @Benchmark
  public long strataValidated() throws IOException {
    PatientBatch batch = new PatientBatch(1 << 16, IdKind.NHS_NUMBER);
    long stored = 0;
    try (CsvRecordReader r = new CsvRecordReader(new ByteArrayInputStream(csv))) {
      r.next();
      PatientRowParser p = new PatientRowParser("patients.csv", header, IdKind.NHS_NUMBER, practiceOrdinals,
          new LsoaDictionary(), null);
      r.expectFields(p.fieldCount());
      while (r.next()) {
        if (p.parse(r, batch) == null && batch.isFull()) {
          stored += batch.rowCount();
          batch.clear();
        }
      }
    }
    return stored + batch.rowCount();
  }

  /** FastCSV: records and fields as Strings, decoded from UTF-8. */
  @Benchmark
  public long fastCsvRecords() throws IOException {
    long sum = 0;
    try (CsvReader<CsvRecord> r = CsvReader.builder().ofCsvRecord(
        new InputStreamReader(new ByteArrayInputStream(csv), StandardCharsets.UTF_8))) {
      for (CsvRecord rec : r) {
        sum += rec.getFieldCount() + rec.getField(0).length();
      }
    }
    return sum / rowsOrOne();
  }

  private int rowsOrOne() {
    return Math.max(rows, 1);
  }
}
