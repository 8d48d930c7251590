package org.strata.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strata.score.FrailtyKernel;
import org.strata.store.ArrowFileRows;

/**
 * One patient's result in a run's {@code patients.arrow}, decoded for a person: level, deciding rule and
 * reasons by name, eFI category by name, the scores as written. The file's rows are in the store's row order,
 * so the store's patient index finds the row; the result is shown only if that row holds the same patient.
 */
public final class PatientResultLookup {
  private PatientResultLookup() {}

  /**
   * The decoded result at {@code row} of {@code runDir}, or empty when the run has no such row or the row holds
   * another patient (the run is of another generation of the store).
   *
   * @param patientKey the patient's id as the file stores it: the NHS number as a Long, or the pseudonym
   */
  public static Optional<Map<String, Object>> find(Path runDir, long row, Object patientKey) throws IOException {
    Path file = runDir.resolve(PatientArrowOutput.FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    ArrowFileRows.Row r = ArrowFileRows.read(file, row);
    if (r.values().isEmpty() || !patientKey.equals(r.values().get("patient_id"))) {
      return Optional.empty();
    }
    List<String> rules = Arrays.asList(r.metadata().getOrDefault("strata.rules", "").split(",", -1));
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : r.values().entrySet()) {
      String name = e.getKey();
      Object v = e.getValue();
      switch (name) {
        case "patient_id":
        case "practice":
          continue; // shown by the stored row
        case "deciding_rule":
          int rule = ((Long) v).intValue();
          out.put(name, rule >= 0 && rule < rules.size() ? rules.get(rule) : "");
          break;
        case "reasons":
          long bits = (Long) v;
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < rules.size(); i++) {
            if ((bits >>> i & 1) != 0) {
              sb.append(sb.length() == 0 ? "" : ";").append(rules.get(i));
            }
          }
          out.put(name, sb.toString());
          break;
        case "efi_category":
          int c = ((Long) v).intValue();
          out.put(name, c >= 0 && c < FrailtyKernel.CATEGORY_NAMES.size() ? FrailtyKernel.CATEGORY_NAMES.get(c) : v);
          break;
        default:
          out.put(name, v);
      }
    }
    return Optional.of(out);
  }
}
