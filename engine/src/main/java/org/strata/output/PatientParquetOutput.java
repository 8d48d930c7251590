package org.strata.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.strata.format.IdKind;
import org.strata.rollup.UnregisteredPlacement;
import org.strata.score.ScoreColumns;

/**
 * {@code patients.parquet} ({@code strata run --format parquet}): {@code patients.csv} as Parquet, for the
 * tools analysts read Parquet with (DuckDB, polars, pandas, Spark). The same rows in the same order and the same
 * columns by the same names; a value read back and printed is the CSV's text. Typed: {@code patient_id},
 * {@code practice_code}, {@code deciding_rule}, {@code reasons}, {@code efi_category}, {@code hub} and {@code
 * level_name} are strings (null where the CSV is empty), {@code level} and {@code ltc_count} int32, {@code cms}
 * decimal(9,2), {@code admission_risk} decimal(9,6); a registered score of whole numbers is int32, any other its
 * CSV text. It identifies patients, as {@code patients.csv} does.
 */
public final class PatientParquetOutput implements PatientRowsOutput {
  /** The file this output writes. */
  public static final String FILE = "patients.parquet";

  @Override
  public String name() {
    return "patients-parquet";
  }

  @Override
  public Writer begin(RunContents run, Path dir) throws IOException {
    return new TableWriter(run, dir.resolve(FILE));
  }

  private static final class TableWriter implements Writer {
    private static final int PATIENT_ID = 0;
    private static final int PRACTICE_CODE = 1;
    private static final int LEVEL = 2;
    private static final int DECIDING_RULE = 3;
    private static final int REASONS = 4;
    private static final int EFI_CATEGORY = 5;
    private static final int LTC_COUNT = 6;
    private static final int CMS = 7;
    private static final int ADMISSION_RISK = 8;
    private static final int FIRST_REGISTERED = 9;

    private final PatientLabels labels;
    private final boolean[] registeredAsText;
    private final int hubColumn;
    private final ParquetTable table;
    /** The {@code reasons} text of each combination of matched rules met so far (a policy has few in practice). */
    private final java.util.Map<Integer, byte[]> reasonsText = new java.util.HashMap<>();
    private final byte[] nhsNumber = new byte[10];

    TableWriter(RunContents run, Path file) throws IOException {
      labels = new PatientLabels(run);
      List<ParquetTable.Column> cols = new ArrayList<>();
      for (PatientOutputColumns.Entry e : PatientOutputColumns.of(labels.registered)) {
        cols.add(e.parquet());
      }
      registeredAsText = new boolean[labels.registered.size()];
      for (int k = 0; k < registeredAsText.length; k++) {
        registeredAsText[k] = cols.get(FIRST_REGISTERED + k).kind() == ParquetTable.Kind.TEXT;
      }
      hubColumn = FIRST_REGISTERED + registeredAsText.length;
      table = new ParquetTable(file, cols, Map.of());
    }

    @Override
    public void slice(PatientSlice batch) throws IOException {
      final int m = batch.rows();
      final ScoreColumns sc = batch.scores;
      final boolean nhsNumbers = batch.idKind() == IdKind.NHS_NUMBER;
      for (int i = 0; i < m; i++) {
        if (nhsNumbers) {
          long n = batch.ids[i];
          for (int d = 9; d >= 0; d--, n /= 10) {
            nhsNumber[d] = (byte) ('0' + n % 10); // ten digits, leading zeros kept, as NhsNumber.tenDigits writes
          }
          table.textReused(PATIENT_ID, nhsNumber, 10);
        } else {
          table.text(PATIENT_ID, batch.pseudonym(i));
        }
        if (batch.practice[i] >= 0) {
          table.text(PRACTICE_CODE, labels.practiceCodes[batch.practice[i]]);
        }
        table.int64(LEVEL, batch.level[i]);
        if (batch.deciding[i] >= 0) {
          table.text(DECIDING_RULE, labels.ruleNames[batch.deciding[i]]);
        }
        int bits = batch.reasons[i];
        if (bits != 0) {
          table.text(REASONS, reasonsText.computeIfAbsent(bits, this::reasons));
        }
        table.text(EFI_CATEGORY, labels.efiNames[sc.efiCategory()[i]]);
        table.int64(LTC_COUNT, sc.ltcCount()[i]);
        table.int64(CMS, sc.cmsX100()[i]);
        table.int64(ADMISSION_RISK, sc.riskX1e6()[i]);
        for (int k = 0; k < registeredAsText.length; k++) {
          int v = sc.registered(labels.registeredIndex[k])[i];
          if (registeredAsText[k]) {
            table.text(FIRST_REGISTERED + k, labels.registered.get(k).format(v));
          } else {
            table.int64(FIRST_REGISTERED + k, v);
          }
        }
        int hub = labels.hub(batch, i);
        if (hub != UnregisteredPlacement.UNPLACED) {
          table.text(hubColumn, labels.hubNames[hub]);
        }
        table.text(hubColumn + 1, labels.levelNames[batch.level[i]]);
        table.endRow();
      }
    }

    /** The matched rules' names joined by {@code ;} in rule order, as {@code patients.csv} writes them. */
    private byte[] reasons(int bits) {
      StringBuilder b = new StringBuilder();
      for (int k = 0; bits != 0; k++, bits >>>= 1) {
        if ((bits & 1) != 0) {
          b.append(b.length() > 0 ? ";" : "").append(new String(labels.ruleNames[k], StandardCharsets.UTF_8));
        }
      }
      return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void finish() throws IOException {
      table.close();
    }

    @Override
    public void close() throws IOException {
      table.close(); // after finish this does nothing
    }
  }
}
