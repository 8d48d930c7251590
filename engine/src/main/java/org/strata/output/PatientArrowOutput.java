package org.strata.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.strata.publish.SyncingChannel;
import org.strata.score.FrailtyKernel;
import org.strata.score.Score;
import org.strata.score.ScoreColumns;
import org.strata.score.Scores;

/**
 * {@code patients.arrow}: one row per patient as Arrow IPC, one record batch per {@link PatientRows} slice.
 * It identifies patients: for the analytics team that ran Strata, never for sharing (share the rollups).
 *
 * <p>Columns: {@code patient_id} (int64 NHS number, or utf8 pseudonym), {@code practice} (int16: the row of
 * the store generation's {@code practices.arrow}, which is the store's practice ordinal; -1 unregistered —
 * {@code patients.csv} writes the code; the rollup's {@code practices.csv} is sorted by code, another order), {@code level} (1–4), {@code deciding_rule} (index into {@code strata.rules}, -1 for level
 * 4), {@code reasons} (bit i = rule i matched), {@code efi_category} (0 fit … 3 severe), {@code ltc_count},
 * {@code cms} (Cambridge score), {@code admission_risk} (probability). The schema metadata names the rules in
 * bit order ({@code strata.rules}); fields whose meaning is not plain carry {@code strata.meaning}.
 */
public final class PatientArrowOutput implements PatientRowsOutput {
  /** The file this output writes. */
  public static final String FILE = "patients.arrow";

  @Override
  public String name() {
    return "patients-arrow";
  }

  @Override
  public Writer begin(RunContents run, Path dir) throws IOException {
    return new ArrowWriter(run, dir.resolve(FILE));
  }

  static Schema schema(IdKind idKind, List<String> ruleNames, List<Score> registered) {
    List<Field> f = new ArrayList<>();
    f.add(new Field("patient_id", FieldType.notNullable(idKind == IdKind.NHS_NUMBER
        ? new ArrowType.Int(64, true) : ArrowType.Utf8.INSTANCE), null));
    f.add(new Field("practice", described(new ArrowType.Int(16, true),
        "row of practices.arrow in the store's generation (its practice ordinal); -1 unregistered"), null));
    f.add(new Field("level", FieldType.notNullable(new ArrowType.Int(8, true)), null));
    f.add(new Field("deciding_rule", described(new ArrowType.Int(8, true),
        "index into the schema's strata.rules; -1 for level 4"), null));
    f.add(new Field("reasons", described(new ArrowType.Int(32, true), "bit i = rule i of strata.rules matched"),
        null));
    f.add(new Field("efi_category", described(new ArrowType.Int(8, true), efiMeaning()), null));
    f.add(new Field("ltc_count", FieldType.notNullable(new ArrowType.Int(8, true)), null));
    f.add(new Field("cms", FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null));
    f.add(new Field("admission_risk", FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null));
    for (Score r : registered) { // the registered scores the policy names
      f.add(new Field(r.name(), described(new ArrowType.Int(32, true), r.meaning()), null));
    }
    // One key per metadata map: Arrow copies metadata into a HashMap, whose order for three keys or more
    // differs between JDK 17 and 19+ (JDK-8281631 changed its sizing), and the bytes must not.
    return new Schema(f, Map.of("strata.rules", String.join(",", ruleNames)));
  }

  /** "0 fit, 1 mild, 2 moderate, 3 severe": the codes' names, as patients.csv writes them. */
  private static String efiMeaning() {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < FrailtyKernel.CATEGORY_NAMES.size(); c++) {
      sb.append(c == 0 ? "" : ", ").append(c).append(' ').append(FrailtyKernel.CATEGORY_NAMES.get(c));
    }
    return sb.toString();
  }

  private static FieldType described(ArrowType type, String meaning) {
    return new FieldType(false, type, null, Map.of("strata.meaning", meaning));
  }

  /** One run's file: the vectors are refilled for each slice and written as one record batch. */
  private static final class ArrowWriter implements Writer {
    private final BufferAllocator alloc;
    private final VectorSchemaRoot root;
    private final SyncingChannel ch;
    private final ArrowFileWriter w;
    private final List<Score> registered;
    private final int[] registeredIndex;

    ArrowWriter(RunContents run, Path file) throws IOException {
      alloc = new RootAllocator();
      registered = run.levels().registeredScores();
      registeredIndex = registered.stream().mapToInt(Scores::indexOf).toArray();
      root = VectorSchemaRoot.create(schema(run.store().idKind(), run.levels().ruleNames(), registered), alloc);
      SyncingChannel opened = null;
      try {
        opened = SyncingChannel.create(file); // its bytes go to the device while the rest is written
        w = new ArrowFileWriter(root, null, opened);
        w.start();
      } catch (IOException | RuntimeException e) {
        if (opened != null) {
          opened.close();
        }
        root.close();
        alloc.close();
        throw e;
      }
      ch = opened;
    }

    @Override
    public void slice(PatientSlice batch) throws IOException {
      final int m = batch.rows();
      final long[] ids = batch.ids;
      final short[] practice = batch.practice;
      final ScoreColumns sc = batch.scores;
      root.allocateNew();
      if (batch.idKind() == IdKind.NHS_NUMBER) {
        BigIntVector v = (BigIntVector) root.getVector(0);
        for (int i = 0; i < m; i++) {
          v.setSafe(i, ids[i]);
        }
      } else {
        VarCharVector v = (VarCharVector) root.getVector(0);
        for (int i = 0; i < m; i++) {
          v.setSafe(i, batch.pseudonym(i).getBytes(StandardCharsets.UTF_8));
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
        pv.setSafe(i, practice[i]);
        lv.setSafe(i, batch.level[i]);
        dv.setSafe(i, batch.deciding[i]);
        rv.setSafe(i, batch.reasons[i]);
        ev.setSafe(i, sc.efiCategory()[i]);
        tv.setSafe(i, sc.ltcCount()[i]);
        cv.setSafe(i, sc.cmsX100()[i] / 100.0);
        av.setSafe(i, sc.riskX1e6()[i] / 1e6);
      }
      for (int k = 0; k < registeredIndex.length; k++) {
        IntVector v = (IntVector) root.getVector(9 + k);
        int[] values = sc.registered(registeredIndex[k]);
        for (int i = 0; i < m; i++) {
          v.setSafe(i, values[i]);
        }
      }
      root.setRowCount(m);
      w.writeBatch();
    }

    @Override
    public void finish() throws IOException {
      w.end();
    }

    @Override
    public void close() throws IOException {
      try {
        w.close(); // closes the channel too
      } finally {
        ch.close();
        root.close();
        alloc.close();
      }
    }
  }
}
