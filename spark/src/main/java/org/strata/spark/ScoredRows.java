package org.strata.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The rows the job carries between its stages: one per input row, either a patient the engine's parser accepted
 * and scored (with its condition rules' reason bits) or a rejection (its line, column, masked value and reason).
 * Field positions are constants so that the stages read them without a look-up by name.
 */
final class ScoredRows {
  static final int KEY = 0;
  static final int PATIENT_ID = 1;
  static final int MASKED_ID = 2;
  static final int LINE = 3;
  static final int PRACTICE = 4;
  static final int LSOA = 5;
  static final int AGE = 6;
  static final int PREDICTOR = 7;
  static final int REASONS = 8;
  static final int EFI = 9;
  static final int LTC = 10;
  static final int CMS = 11;
  static final int RISK = 12;
  static final int ADMISSIONS = 13;
  static final int COST = 14;
  static final int REJECT_COLUMN = 15;
  static final int REJECT_VALUE = 16;
  static final int REJECT_REASON = 17;
  static final int REJECT_DETAIL = 18;
  /** The event file of an event row's rejection; null for the patients table's. */
  static final int REJECT_FILE = 19;
  /** Added once hubs are known (after duplicates are dropped). */
  static final int HUB = 20;

  static final StructType SCHEMA = schema(false);
  static final StructType WITH_HUB = schema(true);

  private ScoredRows() {}

  private static StructType schema(boolean hub) {
    List<StructField> f = new ArrayList<>(List.of(
        DataTypes.createStructField("key", DataTypes.LongType, false),
        DataTypes.createStructField("patient_id", DataTypes.StringType, true),
        DataTypes.createStructField("masked_id", DataTypes.StringType, true),
        DataTypes.createStructField("line", DataTypes.IntegerType, false),
        DataTypes.createStructField("practice", DataTypes.IntegerType, false),
        DataTypes.createStructField("lsoa", DataTypes.StringType, true),
        DataTypes.createStructField("age", DataTypes.IntegerType, false),
        DataTypes.createStructField("predictor", DataTypes.IntegerType, false),
        DataTypes.createStructField("reasons", DataTypes.IntegerType, false),
        DataTypes.createStructField("efi", DataTypes.IntegerType, false),
        DataTypes.createStructField("ltc", DataTypes.IntegerType, false),
        DataTypes.createStructField("cms", DataTypes.IntegerType, false),
        DataTypes.createStructField("risk", DataTypes.IntegerType, false),
        DataTypes.createStructField("admissions", DataTypes.IntegerType, false),
        DataTypes.createStructField("cost", DataTypes.IntegerType, false),
        DataTypes.createStructField("reject_column", DataTypes.StringType, true),
        DataTypes.createStructField("reject_value", DataTypes.StringType, true),
        DataTypes.createStructField("reject_reason", DataTypes.StringType, true),
        DataTypes.createStructField("reject_detail", DataTypes.StringType, true),
        DataTypes.createStructField("reject_file", DataTypes.StringType, true)));
    if (hub) {
      f.add(DataTypes.createStructField("hub", DataTypes.IntegerType, false));
    }
    return DataTypes.createStructType(f);
  }

  static Row rejection(int line, String column, String value, String reason, String detail) {
    return eventRejection(null, line, column, value, reason, detail);
  }

  static Row eventRejection(String file, long line, String column, String value, String reason, String detail) {
    return RowFactory.create(0L, null, null, (int) Math.min(Integer.MAX_VALUE, line), -1, null, 0, 0, 0, 0, 0, 0, 0,
        0, -1, column, value, reason, detail, file);
  }

  /** {@code r} with field {@code at} set to {@code value}. */
  static Row with(Row r, int at, Object value) {
    Object[] v = new Object[r.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.get(i);
    }
    v[at] = value;
    return RowFactory.create(v);
  }
}
