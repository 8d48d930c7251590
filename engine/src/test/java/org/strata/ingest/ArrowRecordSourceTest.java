package org.strata.ingest;

import org.strata.format.IdKind;
import org.strata.format.Practice;
import org.strata.format.NhsNumber;
import org.strata.format.InvalidInputException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.store.Store;
import org.strata.ingest.Ingest;

class ArrowRecordSourceTest {
  static final String PRACTICES =
      "practice_code,practice_name,latitude,longitude\n"
          + "X00001,\"Riverside Surgery, Northfield\",52.1,-1.5\n"
          + "X00002,Hill Practice,52.2,-1.4\n";
  static final LocalDate REFERENCE_DATE = LocalDate.of(2026, 4, 1);

  /** Arrow types the test writes; DECIMAL and TIMESTAMP are ones Strata does not read. */
  enum Kind { I8, I16, I32, I64, U8, U64, F32, F64, UTF8, LARGE_UTF8, DICT_UTF8, BOOL, DATE_DAY, DATE_MILLI,
    DECIMAL, TIMESTAMP }

  /** One column: its name, Arrow type and a value per row (null = null). */
  record Col(String name, Kind kind, List<Object> values) {}

  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void closeAllocator() {
    allocator.close(); // throws when a test leaked a buffer
  }

  @Test
  void fieldsReadAsTheirCsvText(@TempDir Path tmp) throws IOException {
    List<Col> cols = List.of(
        col("i8", Kind.I8, (byte) -7, null, (byte) 127),
        col("i16", Kind.I16, (short) 300, (short) -32768, null),
        col("i32", Kind.I32, 70_000, null, -1),
        col("i64", Kind.I64, 9_990_000_018L, 0L, null),
        col("u8", Kind.U8, 200, 0, null),
        col("u64", Kind.U64, -1L, 5L, null),
        col("f32", Kind.F32, 0.1f, 2.5f, null),
        col("cost", Kind.F64, 1234.5, 70.0, 1e7),
        col("f64_odd", Kind.F64, -0.0, Double.NaN, 0.125),
        col("text", Kind.UTF8, "  a b\t", "", "é"),
        col("large", Kind.LARGE_UTF8, "x", null, " y "),
        col("practice", Kind.DICT_UTF8, "X00002", null, "X00001"),
        col("flag", Kind.BOOL, true, false, null),
        col("dob", Kind.DATE_DAY, LocalDate.of(1950, 2, 28), null, LocalDate.of(2000, 1, 1)),
        col("dob_ms", Kind.DATE_MILLI, LocalDate.of(1969, 12, 31), LocalDate.of(2024, 2, 29), null),
        col("skipped", Kind.DECIMAL, new BigDecimal("1.23"), null, new BigDecimal("4.56")));
    Path file = writeArrow(tmp.resolve("types.arrow"), cols, new int[] {2, 0, 1});
    List<List<String>> expected = List.of(
        List.of("-7", "300", "70000", "9990000018", "200", "18446744073709551615", "0.1", "1234.5", "0",
            "a b", "x", "X00002", "1", "1950-02-28", "1969-12-31", ""),
        List.of("", "-32768", "", "0", "0", "5", "2.5", "70", "NaN", "", "", "", "0", "", "2024-02-29", ""),
        List.of("127", "", "-1", "", "", "", "", "10000000", "0.125", "é", "y", "X00001", "", "2000-01-01", "",
            ""));

    try (ArrowRecordSource r = ArrowRecordSource.open(file, name -> !name.equals("skipped"))) {
      assertEquals(0, r.bytesRead());
      assertTrue(r.next());
      assertEquals(1, r.line());
      List<String> header = new ArrayList<>();
      for (int i = 0; i < r.fieldCount(); i++) {
        header.add(r.field(i));
      }
      assertEquals(cols.stream().map(Col::name).toList(), header);
      r.expectFields(cols.size());
      for (int row = 0; row < expected.size(); row++) {
        assertTrue(r.next(), "row " + row);
        assertEquals(row + 2, r.line());
        assertEquals(CsvRecordReader.Problem.NONE, r.problem());
        List<String> got = new ArrayList<>();
        for (int i = 0; i < r.fieldCount(); i++) {
          got.add(r.field(i));
          assertEquals(r.field(i).isEmpty(), r.isEmpty(i));
          assertEquals(r.field(i).getBytes(StandardCharsets.UTF_8).length, r.length(i));
        }
        assertEquals(expected.get(row), got, "row " + row);
      }
      // the CSV number rules apply to the text
      assertEquals(Long.MIN_VALUE, r.parseLong(6));
      assertEquals(1_000_000_000L, r.parseHundredths(7));
      assertEquals(13, r.parseHundredths(8)); // 0.125 rounds half up, as in a CSV
      assertFalse(r.next());
      assertEquals(Files.size(file), r.bytesRead());
    }
  }

  @Test
  void aFieldCountOtherThanExpectedIsMalformed(@TempDir Path tmp) throws IOException {
    Path file = writeArrow(tmp.resolve("a.arrow"), List.of(col("a", Kind.I32, 1)), new int[] {1});
    try (ArrowRecordSource r = ArrowRecordSource.open(file, name -> true)) {
      assertTrue(r.next());
      r.expectFields(2);
      assertTrue(r.next());
      assertEquals(CsvRecordReader.Problem.WRONG_FIELD_COUNT, r.problem());
    }
  }

  @Test
  void anUnsupportedTypeFailsOnlyForAColumnThatIsRead(@TempDir Path tmp) throws IOException {
    Path file = writeArrow(tmp.resolve("p.arrow"),
        List.of(col("amount", Kind.DECIMAL, new BigDecimal("1.50")), col("seen", Kind.TIMESTAMP, 5L)),
        new int[] {1});
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ArrowRecordSource.open(file, name -> true));
    assertEquals("p.arrow: column 'amount' has Arrow type Decimal(10, 2, 128), which Strata cannot read"
        + " (use integers, floating point, utf8, bool or date)", e.getMessage());
    try (ArrowRecordSource r = ArrowRecordSource.open(file, name -> false)) {
      assertTrue(r.next());
      assertTrue(r.next());
      assertTrue(r.isEmpty(0) && r.isEmpty(1));
    }
  }

  /**
   * The same seeded table as CSV and as Arrow (int8/16/32/64, utf8, dictionary utf8, bool, float64 cost,
   * date of birth as DateDay, an unknown timestamp column, nulls; valid and invalid values) must store
   * the same rows and quarantine the same lines with the same reasons and values.
   */
  @Test
  void arrowIngestMatchesCsvIngestOfTheSameTable(@TempDir Path tmp) throws Exception {
    for (long seed = 1; seed <= 4; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      int rows = 150 + rnd.nextInt(250);
      List<Col> table = randomTable(rnd, rows);
      int[] batches = randomBatches(rnd, rows);
      Path in = Files.createDirectories(tmp.resolve("in" + seed));
      Files.writeString(in.resolve("practices.csv"), PRACTICES);
      Path csv = in.resolve("patients.csv");
      Files.writeString(csv, csv(table), StandardCharsets.UTF_8);
      Path arrow = writeArrow(in.resolve("patients.arrow"), table, batches);

      IngestResult fromCsv = ingest(csv, tmp.resolve("csv" + seed));
      IngestResult fromArrow = ingest(arrow, tmp.resolve("arrow" + seed));

      String why = "seed " + seed;
      List<String> quarantine = Files.readAllLines(fromCsv.directory().resolve("quarantine.csv"));
      assertTrue(quarantine.size() > 10, why + ": the table should hold invalid rows");
      assertEquals(quarantine, Files.readAllLines(fromArrow.directory().resolve("quarantine.csv")), why);
      assertEquals(fromCsv.manifest().ingest(), fromArrow.manifest().ingest(), why);
      assertEquals(List.of("patients.arrow: ignoring unknown columns notes"), fromArrow.warnings(), why);
      assertEquals(fromCsv.warnings().get(0).replace(".csv", ".arrow"), fromArrow.warnings().get(0), why);
      assertEquals(sha256(arrow), fromArrow.manifest().sources().get(0).checksum(), why);
      try (Store a = Store.open(tmp.resolve("csv" + seed)); Store b = Store.open(tmp.resolve("arrow" + seed))) {
        assertTrue(a.rowCount() > 10, why + ": the table should hold valid rows");
        assertEquals(a.rowCount(), b.rowCount(), why);
        for (long r = 0; r < a.rowCount(); r++) {
          assertEquals(a.row(r), b.row(r), why + ", row " + r);
        }
      }
    }
  }

  @Test
  void missingRequiredColumnNamesTheFile(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("practices.csv"), PRACTICES);
    Path arrow = writeArrow(tmp.resolve("patients.arrow"),
        List.of(col("patient_id", Kind.I64, 9_990_000_018L), col("practice_code", Kind.UTF8, "X00001"),
            col("age", Kind.I8, (byte) 40)),
        new int[] {1});
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> ingest(arrow, tmp.resolve("s")));
    assertEquals("patients.arrow: missing required column 'sex'", e.getMessage());
    assertFalse(Store.exists(tmp.resolve("s")));
  }

  @Test
  void corruptFilesFailWithOneLineNamingTheFile(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("practices.csv"), PRACTICES);
    Path good = writeArrow(tmp.resolve("good.arrow"), randomTable(new SplittableRandom(7), 100),
        new int[] {40, 60});
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = Files.write(tmp.resolve("patients.arrow"), Arrays.copyOf(bytes, bytes.length / 2));
    assertOneLineNamingFile(assertThrows(InvalidInputException.class, () -> ingest(truncated, tmp.resolve("s"))));

    Path garbage = Files.write(tmp.resolve("garbage.arrow"),
        "ARROW1\0\0 this is not an Arrow file at all, ARROW1".getBytes(StandardCharsets.US_ASCII));
    assertOneLineNamingFile(assertThrows(InvalidInputException.class, () -> ingest(garbage, tmp.resolve("s"))));

    // a cut inside the record batches, footer intact: found when the batch is read, on the reading thread
    byte[] holed = bytes.clone();
    Arrays.fill(holed, holed.length / 3, holed.length / 2, (byte) 0xFF);
    Path holedFile = Files.write(tmp.resolve("holed.arrow"), holed);
    try {
      ingest(holedFile, tmp.resolve("h")); // garbage values in an intact layout may be read (and rejected)
    } catch (InvalidInputException e) {
      assertOneLineNamingFile(e);
    }
    assertFalse(Store.exists(tmp.resolve("s")));
  }

  /** docs/INPUT.md allows either file in Arrow IPC: the practices file read from Arrow equals its CSV. */
  @Test
  void aPracticesFileInArrowIsReadAsItsCsv(@TempDir Path tmp) throws Exception {
    Path csv = Files.writeString(tmp.resolve("practices.csv"), PRACTICES + "X00003,Far Practice,40.1,-1.4\n");
    Path arrow = writeArrow(tmp.resolve("practices.arrow"), List.of(
        col("practice_code", Kind.UTF8, "X00001", "X00002", "X00003"),
        col("practice_name", Kind.DICT_UTF8, "Riverside Surgery, Northfield", "Hill Practice", "Far Practice"),
        col("latitude", Kind.F64, 52.1, 52.2, 40.1),
        col("longitude", Kind.F64, -1.5, -1.4, -1.4)), new int[] {2, 1});
    List<String> fromCsvWarnings = new ArrayList<>();
    List<String> fromArrowWarnings = new ArrayList<>();
    assertEquals(PracticesReader.read(csv, fromCsvWarnings), PracticesReader.read(arrow, fromArrowWarnings));
    assertEquals(1, fromArrowWarnings.size(), "the practice outside the UK is named: " + fromArrowWarnings);
    assertEquals(fromCsvWarnings.get(0).replace("practices.csv", "practices.arrow"), fromArrowWarnings.get(0));
  }

  private static void assertOneLineNamingFile(InvalidInputException e) {
    String m = e.getMessage();
    assertTrue(m.matches("(patients|garbage|holed)\\.arrow: [^\\n]+"), m);
  }

  // --- the seeded table ---

  private static List<Col> randomTable(SplittableRandom rnd, int rows) {
    long[] ids = new long[rows * 2 / 3]; // fewer ids than rows: duplicates
    for (int i = 0; i < ids.length; i++) {
      long id;
      do {
        id = 9_990_000_000L + rnd.nextLong(10_000_000L);
      } while (!NhsNumber.isValid(id));
      ids[i] = id;
    }
    String[] practices = {"X00001", "X00002", "x00002"};
    String[] lsoas = {"E01000001", "  E01000002 ", "E01000003"};
    String[] sexes = {"M", "F", "F", "M", "F", "M", "U", "1", "2", "9", "0", "f", " m "};
    List<Object> id = new ArrayList<>();
    List<Object> practice = new ArrayList<>();
    List<Object> lsoa = new ArrayList<>();
    List<Object> dob = new ArrayList<>();
    List<Object> sex = new ArrayList<>();
    List<Object> imd = new ArrayList<>();
    List<Object> diabetes = new ArrayList<>();
    List<Object> copd = new ArrayList<>();
    List<Object> efi = new ArrayList<>();
    List<Object> gp = new ArrayList<>();
    List<Object> bedDays = new ArrayList<>();
    List<Object> cost = new ArrayList<>();
    List<Object> notes = new ArrayList<>();
    LocalDate first = LocalDate.of(1900, 1, 1);
    int dayRange = (int) (LocalDate.of(2027, 12, 31).toEpochDay() - first.toEpochDay());
    for (int r = 0; r < rows; r++) {
      long pick = ids[rnd.nextInt(ids.length)];
      double p = rnd.nextDouble();
      id.add(p < 0.03 ? null : p < 0.06 ? pick / 10 * 10 + (pick + 1) % 10 : pick); // another check digit: invalid
      practice.add(rnd.nextInt(12) == 0 ? null : rnd.nextInt(30) == 0 ? "X99999" : practices[rnd.nextInt(3)]);
      lsoa.add(rnd.nextInt(5) == 0 ? null : rnd.nextInt(30) == 0 ? "E0100000300000000000" : lsoas[rnd.nextInt(3)]);
      dob.add(rnd.nextInt(40) == 0 ? null : first.plusDays(rnd.nextInt(dayRange)));
      sex.add(rnd.nextInt(40) == 0 ? null : rnd.nextInt(30) == 0 ? "MF" : sexes[rnd.nextInt(sexes.length)]);
      imd.add(rnd.nextInt(5) == 0 ? null : (byte) (rnd.nextInt(30) == 0 ? 11 : 1 + rnd.nextInt(10)));
      diabetes.add(rnd.nextInt(10) == 0 ? null : (byte) (rnd.nextInt(40) == 0 ? 2 : rnd.nextInt(2)));
      copd.add(rnd.nextInt(10) == 0 ? null : rnd.nextBoolean());
      efi.add(rnd.nextInt(10) == 0 ? null : (short) rnd.nextInt(rnd.nextInt(40) == 0 ? 40 : 37));
      gp.add(rnd.nextInt(10) == 0 ? null : rnd.nextInt(40) == 0 ? -5 : rnd.nextInt(rnd.nextInt(40) == 0 ? 600 : 501));
      bedDays.add(rnd.nextInt(10) == 0 ? null : (long) rnd.nextInt(rnd.nextInt(40) == 0 ? 400 : 367));
      cost.add(rnd.nextInt(7) == 0 ? null : randomCost(rnd));
      notes.add(rnd.nextBoolean() ? null : rnd.nextLong(1L << 40));
    }
    return List.of(new Col("Patient_ID", Kind.I64, id), new Col("practice_code", Kind.DICT_UTF8, practice),
        new Col("LSOA", Kind.UTF8, lsoa), new Col("date_of_birth", Kind.DATE_DAY, dob),
        new Col("sex", Kind.UTF8, sex), new Col("imd_decile", Kind.I8, imd),
        new Col("diabetes", Kind.I8, diabetes), new Col("copd", Kind.BOOL, copd),
        new Col("efi_deficits", Kind.I16, efi), new Col("gp_contacts", Kind.I32, gp),
        new Col("bed_days", Kind.I64, bedDays), new Col("cost_12m", Kind.F64, cost),
        new Col("Notes", Kind.TIMESTAMP, notes));
  }

  /** Pounds with 0-3 decimals, a few negative or above the 5,000,000 limit. */
  private static BigDecimal randomCost(SplittableRandom rnd) {
    int scale = rnd.nextInt(4);
    long limit = rnd.nextInt(40) == 0 ? 9_000_000L : 100_000L;
    long unscaled = rnd.nextLong(limit * (long) Math.pow(10, scale));
    if (rnd.nextInt(40) == 0) {
      unscaled = -unscaled;
    }
    return BigDecimal.valueOf(unscaled, scale);
  }

  private static int[] randomBatches(SplittableRandom rnd, int rows) {
    List<Integer> sizes = new ArrayList<>();
    for (int left = rows; left > 0; ) {
      int n = rnd.nextInt(8) == 0 ? 0 : Math.min(left, 1 + rnd.nextInt(120)); // empty batches too
      sizes.add(n);
      left -= n;
    }
    return sizes.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The table as the CSV an export would give: one line per row, so line numbers match Arrow's. */
  private static String csv(List<Col> table) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.join(",", table.stream().map(Col::name).toList())).append('\n');
    int rows = table.get(0).values().size();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < table.size(); c++) {
        Object v = table.get(c).values().get(r);
        sb.append(c == 0 ? "" : ",");
        if (v instanceof Boolean b) {
          sb.append(b ? "1" : "0");
        } else if (v instanceof BigDecimal d) {
          sb.append(d.stripTrailingZeros().toPlainString());
        } else if (v != null) {
          sb.append(v);
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static IngestResult ingest(Path patients, Path store) throws IOException {
    return Ingest.run(
        new IngestRequest(patients, patients.resolveSibling("practices.csv"), store, IdKind.NHS_NUMBER,
            REFERENCE_DATE, 1.0, 64),
        IngestProgress.NONE);
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return "sha256:"
        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  // --- writing Arrow files ---

  private static Col col(String name, Kind kind, Object... values) {
    return new Col(name, kind, Arrays.asList(values));
  }

  /** Writes the columns as an Arrow IPC file in record batches of the given sizes. */
  private Path writeArrow(Path file, List<Col> cols, int[] batchSizes) throws IOException {
    DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
    List<FieldVector> vectors = new ArrayList<>();
    List<VarCharVector> dictionaries = new ArrayList<>();
    try {
      for (Col c : cols) {
        DictionaryEncoding encoding = null;
        if (c.kind() == Kind.DICT_UTF8) {
          VarCharVector values = new VarCharVector(c.name() + "_dictionary", allocator);
          dictionaries.add(values);
          List<Object> distinct = c.values().stream().filter(v -> v != null).distinct().toList();
          values.allocateNew();
          for (int i = 0; i < distinct.size(); i++) {
            values.setSafe(i, ((String) distinct.get(i)).getBytes(StandardCharsets.UTF_8));
          }
          values.setValueCount(distinct.size());
          encoding = new DictionaryEncoding(dictionaries.size(), false, new ArrowType.Int(32, true));
          provider.put(new Dictionary(values, encoding));
        }
        vectors.add(new Field(c.name(), new FieldType(true, arrowType(c.kind()), encoding), null)
            .createVector(allocator));
      }
      try (VectorSchemaRoot root = new VectorSchemaRoot(vectors);
          FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING);
          ArrowFileWriter writer = new ArrowFileWriter(root, provider, channel)) {
        vectors.clear(); // the root owns them now
        writer.start();
        int from = 0;
        for (int n : batchSizes) {
          root.allocateNew();
          for (int c = 0; c < cols.size(); c++) {
            Col col = cols.get(c);
            FieldVector v = root.getVector(c);
            for (int i = 0; i < n; i++) {
              Object value = col.values().get(from + i);
              if (col.kind() == Kind.DICT_UTF8 && value != null) {
                value = col.values().stream().filter(x -> x != null).distinct().toList().indexOf(value);
              }
              set(v, col.kind(), i, value);
            }
          }
          root.setRowCount(n);
          writer.writeBatch();
          from += n;
        }
        writer.end();
      }
    } finally {
      for (FieldVector v : vectors) {
        v.close();
      }
      for (VarCharVector d : dictionaries) {
        d.close();
      }
    }
    return file;
  }

  private static ArrowType arrowType(Kind kind) {
    switch (kind) {
      case I8: return new ArrowType.Int(8, true);
      case I16: return new ArrowType.Int(16, true);
      case I32: case DICT_UTF8: return new ArrowType.Int(32, true);
      case I64: return new ArrowType.Int(64, true);
      case U8: return new ArrowType.Int(8, false);
      case U64: return new ArrowType.Int(64, false);
      case F32: return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case F64: return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case UTF8: return ArrowType.Utf8.INSTANCE;
      case LARGE_UTF8: return ArrowType.LargeUtf8.INSTANCE;
      case BOOL: return ArrowType.Bool.INSTANCE;
      case DATE_DAY: return new ArrowType.Date(DateUnit.DAY);
      case DATE_MILLI: return new ArrowType.Date(DateUnit.MILLISECOND);
      case DECIMAL: return new ArrowType.Decimal(10, 2, 128);
      case TIMESTAMP: return new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
      default: throw new IllegalArgumentException("kind " + kind);
    }
  }

  private static void set(FieldVector v, Kind kind, int i, Object value) {
    if (value == null) {
      v.setNull(i);
      return;
    }
    switch (kind) {
      case I8: ((TinyIntVector) v).setSafe(i, (Byte) value); break;
      case I16: ((SmallIntVector) v).setSafe(i, (Short) value); break;
      case I32: case DICT_UTF8: ((IntVector) v).setSafe(i, (Integer) value); break;
      case I64: ((BigIntVector) v).setSafe(i, (Long) value); break;
      case U8: ((UInt1Vector) v).setSafe(i, (Integer) value); break;
      case U64: ((UInt8Vector) v).setSafe(i, (Long) value); break;
      case F32: ((Float4Vector) v).setSafe(i, (Float) value); break;
      case F64:
        ((Float8Vector) v).setSafe(i, value instanceof BigDecimal d ? d.doubleValue() : (Double) value);
        break;
      case UTF8: ((VarCharVector) v).setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8)); break;
      case LARGE_UTF8:
        ((LargeVarCharVector) v).setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
        break;
      case BOOL: ((BitVector) v).setSafe(i, (Boolean) value ? 1 : 0); break;
      case DATE_DAY: ((DateDayVector) v).setSafe(i, (int) ((LocalDate) value).toEpochDay()); break;
      case DATE_MILLI:
        ((DateMilliVector) v).setSafe(i, ((LocalDate) value).toEpochDay() * 86_400_000L + 3_600_000L);
        break;
      case DECIMAL: ((DecimalVector) v).setSafe(i, (BigDecimal) value); break;
      case TIMESTAMP: ((TimeStampMilliVector) v).setSafe(i, (Long) value); break;
      default: throw new IllegalArgumentException("kind " + kind);
    }
  }
}
