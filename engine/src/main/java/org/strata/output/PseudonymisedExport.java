package org.strata.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.strata.format.IdKind;
import org.strata.format.InvalidInputException;
import org.strata.format.NhsNumber;
import org.strata.format.PatientColumn;
import org.strata.store.BatchSlice;
import org.strata.store.Store;

/**
 * A run's per-patient results for network members: {@code patients.csv} with a keyed pseudonym in place of
 * the patient's identifier, the age in 5-year bands, and no LSOA unless asked for (docs/OUTPUTS.md, "The
 * pseudonymised export", says why each choice was made).
 *
 * <p>The pseudonym is HMAC-SHA256 under the export key of the patient's key as the store holds it (the
 * 10-digit NHS number, or the extract's own pseudonym), written as 64 hex digits: the same key gives the same
 * pseudonym in every run, so a member can follow a patient from month to month without ever holding an NHS
 * number, and without the key nobody can test a guessed NHS number against it (a plain hash of a 10-digit
 * number is reversed by trying all of them). The key is read from a file and never written anywhere.
 *
 * <p>Rows are the run's {@code patients.csv} rows in its order; each is checked to be the store row of the
 * same patient, so an export can only be made against the store generation the run was made from.
 */
public final class PseudonymisedExport {
  /** A key shorter than this is refused: HMAC-SHA256's own block of security. */
  public static final int MIN_KEY_BYTES = 32;
  /** The export's file in its directory. */
  public static final String FILE = "patients.csv";

  private static final int FIRST_KEPT_COLUMN = 1; // patient_id is replaced

  private PseudonymisedExport() {}

  /** What an export wrote. */
  public record Written(Path file, long patients) {}

  /**
   * Writes {@code out/patients.csv} from the run in {@code runDir}, made from {@code store}.
   *
   * @param key the export key's bytes (at least {@value #MIN_KEY_BYTES})
   * @param withLsoa keep the LSOA code (off by default: with age band, sex and practice it narrows people down)
   * @throws InvalidInputException when the run and the store do not belong together, or the key is short
   */
  public static Written write(Path runDir, Store store, byte[] key, Path out, boolean withLsoa) throws IOException {
    if (key.length < MIN_KEY_BYTES) {
      throw new InvalidInputException("the export key is " + key.length + " bytes; at least " + MIN_KEY_BYTES
          + " are needed (for example: head -c 32 /dev/urandom > export.key)");
    }
    checkGeneration(runDir, store);
    Mac mac = mac(key);
    Path source = runDir.resolve(PatientCsvOutput.FILE);
    Files.createDirectories(out);
    Path tmp = out.resolve("." + FILE + ".partial");
    long row = 0;
    try (BufferedReader in = Files.newBufferedReader(source, StandardCharsets.UTF_8);
         BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null || !header.startsWith("patient_id,")) {
        throw new InvalidInputException(source + ": line 1: not a Strata patients.csv (no patient_id column first)");
      }
      List<String> columns = CsvFields.split(header);
      List<String> kept = columns.subList(FIRST_KEPT_COLUMN, columns.size());
      w.write("pseudonym,age_band,sex" + (withLsoa ? ",lsoa" : "") + "," + String.join(",", kept) + "\n");
      Demographics d = new Demographics(store);
      String line;
      StringBuilder b = new StringBuilder(256);
      while ((line = in.readLine()) != null) {
        List<String> f = CsvFields.split(line);
        if (row >= store.rowCount() || f.size() != kept.size() + 1 || !d.keyOf(row).equals(f.get(0))) {
          throw new InvalidInputException(source + ": line " + (row + 2) + ": not the store's patient at row " + row
              + " (was the run made from another store generation?)");
        }
        b.setLength(0);
        b.append(hex(mac, d.keyOf(row))).append(',').append(ageBand(d.age(row))).append(',').append(sex(d.sex(row)));
        if (withLsoa) {
          b.append(',').append(d.lsoa(row));
        }
        for (int c = FIRST_KEPT_COLUMN; c < f.size(); c++) {
          b.append(',').append(CsvFields.quote(f.get(c)));
        }
        w.write(b.append('\n').toString());
        row++;
      }
    }
    if (row != store.rowCount()) {
      Files.deleteIfExists(tmp);
      throw new InvalidInputException(source + ": " + row + " patients, the store has " + store.rowCount());
    }
    Path file = out.resolve(FILE);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new Written(file, row);
  }

  /** The 5-year band of an age: {@code 0-4} … {@code 85-89}, then {@code 90+} (as ONS publishes). */
  public static String ageBand(int age) {
    if (age >= 90) {
      return "90+";
    }
    int low = age / 5 * 5;
    return low + "-" + (low + 4);
  }

  private static String sex(int code) {
    return code == 1 ? "male" : code == 2 ? "female" : "unknown";
  }

  private static void checkGeneration(Path runDir, Store store) throws IOException {
    JsonNode m = new ObjectMapper().readTree(runDir.resolve(RunManifestOutput.FILE).toFile());
    int made = m.path("store_generation").asInt(-1);
    if (made != store.manifest().generation()) {
      throw new InvalidInputException(runDir + ": the run was made from store generation " + made
          + ", the store's current generation is " + store.manifest().generation()
          + ": run again, then export the new run");
    }
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static String hex(Mac mac, String patientKey) {
    return HexFormat.of().formatHex(mac.doFinal(patientKey.getBytes(StandardCharsets.UTF_8)));
  }

  /** Age, sex, LSOA and key of store rows, read a batch at a time as the rows go by in order. */
  private static final class Demographics {
    private final Store store;
    private final List<BatchSlice> batches;
    private final byte[] age;
    private final byte[] sex;
    private final int[] lsoa;
    private final long[] nhs;
    private int batch = -1;
    private long first;

    Demographics(Store store) {
      this.store = store;
      batches = store.slices(store.maxBatchRows());
      age = new byte[store.maxBatchRows()];
      sex = new byte[store.maxBatchRows()];
      lsoa = new int[store.maxBatchRows()];
      nhs = new long[store.maxBatchRows()];
    }

    private int at(long row) {
      while (batch < 0 || row >= first + batches.get(batch).rows()) {
        BatchSlice s = batches.get(++batch);
        first = s.firstRow();
        store.readBytes(PatientColumn.AGE, s.batch(), s.from(), age, 0, s.rows());
        store.readBytes(PatientColumn.SEX, s.batch(), s.from(), sex, 0, s.rows());
        store.readInts(PatientColumn.LSOA, s.batch(), s.from(), lsoa, 0, s.rows());
        if (store.idKind() == IdKind.NHS_NUMBER) {
          store.readLongs(PatientColumn.PATIENT_ID, s.batch(), s.from(), nhs, 0, s.rows());
        }
      }
      return (int) (row - first);
    }

    String keyOf(long row) {
      int i = at(row);
      return store.idKind() == IdKind.NHS_NUMBER ? NhsNumber.tenDigits(nhs[i]) : store.patientId(row);
    }

    int age(long row) {
      return age[at(row)];
    }

    int sex(long row) {
      return sex[at(row)];
    }

    String lsoa(long row) {
      int l = lsoa[at(row)];
      return l < 0 ? "" : store.lsoas().get(l);
    }
  }
}
