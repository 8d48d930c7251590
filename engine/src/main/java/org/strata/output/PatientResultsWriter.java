package org.strata.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.strata.format.IdKind;
import org.strata.format.PatientColumn;
import org.strata.level.LevelResult;
import org.strata.parallel.Workers;
import org.strata.score.ScoreBatch;
import org.strata.score.ScoreColumns;
import org.strata.store.BatchSlice;
import org.strata.store.Store;

/**
 * Writes one row per patient — key, practice, level, deciding rule, reasons, scores — as Arrow IPC
 * ({@code patients.arrow}) and CSV ({@code patients.csv}). These files identify patients: they are for the
 * analytics team that ran Strata, never for sharing (share the rollups).
 *
 * <p>Columns: {@code patient_id}, {@code practice_code} (empty for the unregistered), {@code level} (1–4),
 * {@code deciding_rule} (a rule name, empty for level 4), {@code reasons} (bit i = rule i of the policy;
 * the CSV lists names joined by {@code ;}), {@code efi_category} (0 fit … 3 severe), {@code ltc_count},
 * {@code cms} (Cambridge score), {@code admission_risk} (probability, 6 decimals). The Arrow file's schema
 * metadata names the rules in bit order ({@code strata.rules}).
 */
public final class PatientResultsWriter {
  static final int BATCH = 1 << 16;

  private PatientResultsWriter() {}

  /**
   * Writes both files at once, each on a thread of its own: each is bound by one core (vector
   * filling, number formatting), so on two cores the pair takes about as long as the CSV alone. Each file
   * is the same bytes as when written alone.
   */
  public static void write(Store store, LevelResult r, Path arrowFile, Path csvFile) throws IOException {
    try {
      // Both threads are joined before this returns, even on failure or interrupt: they read the store,
      // which the caller closes (unmaps) next.
      Workers.run(2, "strata-write-", w -> {
        try {
          if (w == 0) {
            writeCsv(store, r, csvFile);
          } else {
            writeArrow(store, r, arrowFile);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  static Schema schema(IdKind idKind, List<String> ruleNames) {
    List<Field> f = new ArrayList<>();
    f.add(new Field("patient_id", FieldType.notNullable(idKind == IdKind.NHS_NUMBER
        ? new ArrowType.Int(64, true) : ArrowType.Utf8.INSTANCE), null));
    f.add(new Field("practice", described(new ArrowType.Int(16, true),
        "ordinal into practices.csv of the store's generation; -1 unregistered"), null));
    f.add(new Field("level", FieldType.notNullable(new ArrowType.Int(8, true)), null));
    f.add(new Field("deciding_rule", described(new ArrowType.Int(8, true),
        "index into the schema's strata.rules; -1 for level 4"), null));
    f.add(new Field("reasons", described(new ArrowType.Int(32, true), "bit i = rule i of strata.rules matched"),
        null));
    f.add(new Field("efi_category", FieldType.notNullable(new ArrowType.Int(8, true)), null));
    f.add(new Field("ltc_count", FieldType.notNullable(new ArrowType.Int(8, true)), null));
    f.add(new Field("cms", FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null));
    f.add(new Field("admission_risk", FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null));
    // One key per metadata map: Arrow copies metadata into a HashMap, whose order for three keys or more
    // differs between JDK 17 and 19+ (JDK-8281631 changed its sizing), and the bytes must not.
    return new Schema(f, Map.of("strata.rules", String.join(",", ruleNames)));
  }

  private static FieldType described(ArrowType type, String meaning) {
    return new FieldType(false, type, null, Map.of("strata.meaning", meaning));
  }

  private static void writeArrow(Store store, LevelResult r, Path file) throws IOException {
    final int n = r.rowCount();
    Batch batch = new Batch();
    ScoreColumns sc = batch.scores;
    try (BufferAllocator alloc = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema(store.idKind(), r.ruleNames()), alloc);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
      w.start();
      for (BatchSlice slice : store.slices(BATCH)) {
        final int m = slice.rows();
        final int first = (int) slice.firstRow();
        batch.load(store, r, slice);
        final long[] ids = batch.ids;
        final short[] practice = batch.practice;
        root.allocateNew();
        if (store.idKind() == IdKind.NHS_NUMBER) {
          BigIntVector v = (BigIntVector) root.getVector(0);
          for (int i = 0; i < m; i++) {
            v.setSafe(i, ids[i]);
          }
        } else {
          VarCharVector v = (VarCharVector) root.getVector(0);
          for (int i = 0; i < m; i++) {
            v.setSafe(i, pseudonym(store, first + i).getBytes(StandardCharsets.UTF_8));
          }
        }
        SmallIntVector pv = (SmallIntVector) root.getVector(1);
        TinyIntVector lv = (TinyIntVector) root.getVector(2);
        TinyIntVector dv = (TinyIntVector) root.getVector(3);
        IntVector rv = (IntVector) root.getVector(4);
        TinyIntVector ev = (TinyIntVector) root.getVector(5);
        TinyIntVector tv = (TinyIntVector) root.getVector(6);
        Float8Vector cv = (Float8Vector) root.getVector(7);
        Float8Vector av = (Float8Vector) root.getVector(8);
        for (int i = 0; i < m; i++) {
          int row = first + i;
          pv.setSafe(i, practice[i]);
          lv.setSafe(i, batch.level[i]);
          dv.setSafe(i, batch.deciding[i]);
          rv.setSafe(i, r.reasons()[row]);
          ev.setSafe(i, sc.efiCategory()[i]);
          tv.setSafe(i, sc.ltcCount()[i]);
          cv.setSafe(i, sc.cmsX100()[i] / 100.0);
          av.setSafe(i, sc.riskX1e6()[i] / 1e6);
        }
        root.setRowCount(m);
        w.writeBatch();
      }
      w.end();
    }
    assert n == store.rowCount();
  }

  /**
   * Patient keys, practices, levels, deciding rules and scores of up to {@link #BATCH} rows of a store
   * batch, read from the store and derived from the {@link LevelResult} as they are written (each file's
   * writer its own: they run on different threads; slices keep them small whatever the batch size).
   */
  private static final class Batch {
    final ScoreBatch in = new ScoreBatch(BATCH);
    final ScoreColumns scores = new ScoreColumns(BATCH);
    final byte[] level = new byte[BATCH];
    final byte[] deciding = new byte[BATCH];
    final long[] ids = new long[BATCH]; // NHS numbers; pseudonyms are read row by row
    final short[] practice = new short[BATCH];

    void load(Store store, LevelResult r, BatchSlice slice) {
      store.readShorts(PatientColumn.PRACTICE, slice.batch(), slice.from(), practice, 0, slice.rows());
      if (store.idKind() == IdKind.NHS_NUMBER) {
        store.readLongs(PatientColumn.PATIENT_ID, slice.batch(), slice.from(), ids, 0, slice.rows());
      }
      r.scores(in.read(store, slice.batch(), slice.from(), slice.rows()), slice.firstRow(), scores);
      r.levels((int) slice.firstRow(), slice.rows(), level, deciding);
    }
  }

  private static String pseudonym(Store store, long row) {
    return store.patientId(row);
  }

  private static void writeCsv(Store store, LevelResult r, Path file) throws IOException {
    Batch batch = new Batch();
    ScoreColumns sc = batch.scores;
    List<String> rules = r.ruleNames();
    byte[][] practiceCodes = new byte[store.practices().size()][];
    for (int p = 0; p < practiceCodes.length; p++) {
      practiceCodes[p] = store.practices().get(p).code().getBytes(StandardCharsets.UTF_8);
    }
    byte[][] ruleBytes = new byte[rules.size()][];
    for (int i = 0; i < ruleBytes.length; i++) {
      ruleBytes[i] = rules.get(i).getBytes(StandardCharsets.UTF_8);
    }
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), 1 << 20)) {
      out.write(("patient_id,practice_code,level,deciding_rule,reasons,efi_category,ltc_count,cms,admission_risk\n")
          .getBytes(StandardCharsets.US_ASCII));
      CsvLine line = new CsvLine();
      for (BatchSlice slice : store.slices(BATCH)) {
        final int m = slice.rows();
        final int first = (int) slice.firstRow();
        batch.load(store, r, slice);
        final long[] ids = batch.ids;
        final short[] practice = batch.practice;
        for (int i = 0; i < m; i++) {
          int row = first + i;
          line.reset();
          if (store.idKind() == IdKind.NHS_NUMBER) {
            line.digits(ids[i], 10);
          } else {
            line.text(pseudonym(store, row));
          }
          line.comma();
          if (practice[i] >= 0) {
            line.bytes(practiceCodes[practice[i]]);
          }
          line.comma().number(batch.level[i]).comma();
          if (batch.deciding[i] >= 0) {
            line.bytes(ruleBytes[batch.deciding[i]]);
          }
          line.comma();
          int bits = r.reasons()[row];
          boolean firstReason = true;
          while (bits != 0) {
            int k = Integer.numberOfTrailingZeros(bits);
            if (!firstReason) {
              line.semicolon();
            }
            line.bytes(ruleBytes[k]);
            firstReason = false;
            bits &= bits - 1;
          }
          line.comma().number(sc.efiCategory()[i]).comma().number(sc.ltcCount()[i]).comma()
              .fixed(sc.cmsX100()[i], 2).comma().fixed(sc.riskX1e6()[i], 6).newline();
          line.writeTo(out);
        }
      }
    }
  }
}
