package org.strata.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The files of a store generation and their Arrow schemas, derived from {@link PatientColumn}: one
 * definition, read by ingest (which fills the columns) and the store (which writes and maps them).
 *
 * <pre>
 * GENERATION/manifest.json        what the generation holds and where it came from (the store's StoreManifest)
 * GENERATION/patients.arrow       one row per patient, columns as {@link PatientColumn}, record batches of at most
 *                                 the ingest's batch rows, each mapped on its own when read
 * GENERATION/practices.arrow      the practices, in ordinal order (the {@link PatientColumn#PRACTICE} values)
 * GENERATION/lsoas.arrow          the LSOA codes, in ordinal order (the {@link PatientColumn#LSOA} values)
 * GENERATION/quarantine.csv       the rejected input rows: line, column, masked value, reason
 * GENERATION/patient-index.cmap   the patient index (Chronicle Map: patient key → row, source line, history slot)
 * GENERATION/patient-index.carry.cmap  its copy for the next generation's index (never opened by readers)
 * </pre>
 */
public final class StoreSchemas {
  /** Bumped when a column or a file's schema changes; a store of a newer version is refused. */
  public static final int FORMAT_VERSION = 2;
  public static final String MANIFEST_FILE = "manifest.json";
  public static final String PATIENTS_FILE = "patients.arrow";
  public static final String PRACTICES_FILE = "practices.arrow";
  public static final String LSOAS_FILE = "lsoas.arrow";
  public static final String QUARANTINE_FILE = "quarantine.csv";
  public static final String INDEX_FILE = "patient-index.cmap";
  /**
   * A copy of the closed patient index that the next generation's index is made from; no reader opens it
   * (see {@code PatientIndex.keepForNextGeneration}).
   */
  public static final String INDEX_CARRY_FILE = "patient-index.carry.cmap";

  private StoreSchemas() {}

  /** The patients file of a store keyed by {@code idKind}. */
  public static Schema patients(IdKind idKind) {
    List<Field> fields = new ArrayList<>();
    for (PatientColumn c : PatientColumn.all()) {
      fields.add(new Field(c.storedName(), new FieldType(c.nullable(), arrowType(c.type(idKind)), null), null));
    }
    // Ordered, unlike Map.of, whose iteration order changes from one JVM run to the next: the same
    // extract must give the same patients.arrow bytes (and manifest checksum) every time. Arrow copies
    // the map into a HashMap, which for two keys has the same capacity, so the same order, on every JDK;
    // a third key would not (JDK-8281631 changed HashMap(Map)'s sizing in JDK 19).
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("strata.format_version", Integer.toString(FORMAT_VERSION));
    metadata.put("strata.id_kind", idKind.cliName());
    return new Schema(fields, metadata);
  }

  /** The practices file. */
  public static Schema practices() {
    return new Schema(
        List.of(
            notNull("practice_code", ArrowType.Utf8.INSTANCE),
            notNull("practice_name", ArrowType.Utf8.INSTANCE),
            notNull("latitude", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            notNull("longitude", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            new Field("hub", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
  }

  /** The LSOA dictionary file. */
  public static Schema lsoas() {
    return new Schema(List.of(notNull("lsoa", ArrowType.Utf8.INSTANCE)));
  }

  private static Field notNull(String name, ArrowType type) {
    return new Field(name, FieldType.notNullable(type), null);
  }

  static ArrowType arrowType(StoredType t) {
    switch (t) {
      case INT8:
        return new ArrowType.Int(8, true);
      case INT16:
        return new ArrowType.Int(16, true);
      case INT32:
        return new ArrowType.Int(32, true);
      case INT64:
        return new ArrowType.Int(64, true);
      case UTF8:
        return ArrowType.Utf8.INSTANCE;
      default:
        throw new IllegalArgumentException(t.toString());
    }
  }
}
