package org.strata.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.strata.format.IdKind;
import org.strata.publish.SyncingChannel;
import org.strata.score.ScoreColumns;
import org.strata.rollup.UnregisteredPlacement;

/**
 * {@code patients.csv}: one row per patient. It identifies patients: for the analytics team that ran Strata,
 * never for sharing (share the rollups).
 *
 * <p>Columns: {@code patient_id}, {@code practice_code} (empty for the unregistered), {@code level} (1–4),
 * {@code deciding_rule} (a rule name, empty for level 4), {@code reasons} (the names of every rule that
 * matched, joined by {@code ;}), {@code efi_category} ({@code fit}, {@code mild}, {@code moderate},
 * {@code severe}: the names docs/POLICY.md uses), {@code ltc_count}, {@code cms}
 * (Cambridge score, 2 decimals), {@code admission_risk} (probability, 6 decimals).
 */
public final class PatientCsvOutput implements PatientRowsOutput {
  /** The file this output writes. */
  public static final String FILE = "patients.csv";

  @Override
  public String name() {
    return "patients-csv";
  }

  @Override
  public Writer begin(RunContents run, Path dir) throws IOException {
    return new CsvWriter(run, dir.resolve(FILE));
  }

  /** One run's file; numbers are formatted by hand into one reused line buffer. */
  private static final class CsvWriter implements Writer {
    private final PatientLabels labels;
    private final OutputStream out;
    private final CsvLine line = new CsvLine();
    // Hub and level names are free text: quoted as CSV needs, once.
    private final byte[][] hubNames;
    private final byte[][] levelNames;

    CsvWriter(RunContents run, Path file) throws IOException {
      labels = new PatientLabels(run);
      hubNames = quoted(labels.hubNames);
      levelNames = quoted(labels.levelNames);
      // the bytes go to the device while the rest of the run is written
      out = new BufferedOutputStream(Channels.newOutputStream(SyncingChannel.create(file)), 1 << 20);
      StringBuilder header = new StringBuilder();
      for (PatientOutputColumns.Entry e : PatientOutputColumns.of(labels.registered)) {
        header.append(header.length() == 0 ? "" : ",").append(e.name());
      }
      out.write(header.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[][] quoted(byte[][] names) {
      byte[][] q = new byte[names.length][];
      for (int i = 0; i < names.length; i++) {
        q[i] = new CsvLine().text(new String(names[i], StandardCharsets.UTF_8)).toBytes();
      }
      return q;
    }

    @Override
    public void slice(PatientSlice batch) throws IOException {
      final int m = batch.rows();
      final long[] ids = batch.ids;
      final short[] practice = batch.practice;
      final ScoreColumns sc = batch.scores;
      final boolean nhsNumbers = batch.idKind() == IdKind.NHS_NUMBER;
      for (int i = 0; i < m; i++) {
        line.reset();
        if (nhsNumbers) {
          line.digits(ids[i], 10);
        } else {
          line.text(batch.pseudonym(i));
        }
        line.comma();
        if (practice[i] >= 0) {
          line.bytes(labels.practiceCodes[practice[i]]);
        }
        line.comma().number(batch.level[i]).comma();
        if (batch.deciding[i] >= 0) {
          line.bytes(labels.ruleNames[batch.deciding[i]]);
        }
        line.comma();
        int bits = batch.reasons[i];
        boolean firstReason = true;
        while (bits != 0) {
          int k = Integer.numberOfTrailingZeros(bits);
          if (!firstReason) {
            line.semicolon();
          }
          line.bytes(labels.ruleNames[k]);
          firstReason = false;
          bits &= bits - 1;
        }
        line.comma().bytes(labels.efiNames[sc.efiCategory()[i]]).comma().number(sc.ltcCount()[i]).comma()
            .fixed(sc.cmsX100()[i], 2).comma().fixed(sc.riskX1e6()[i], 6);
        for (int k = 0; k < labels.registeredIndex.length; k++) {
          line.comma().text(labels.registered.get(k).format(sc.registered(labels.registeredIndex[k])[i]));
        }
        line.comma();
        final int hub = labels.hub(batch, i);
        if (hub != UnregisteredPlacement.UNPLACED) {
          line.bytes(hubNames[hub]);
        }
        line.comma().bytes(levelNames[batch.level[i]]);
        line.newline();
        line.writeTo(out);
      }
    }

    @Override
    public void finish() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
