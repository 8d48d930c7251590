package org.strata.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.strata.format.IdKind;
import org.strata.format.InvalidInputException;
import org.strata.events.EventExtract;
import org.strata.ingest.Ingest;
import org.strata.ingest.IngestProgress;
import org.strata.ingest.IngestRequest;
import org.strata.level.Policy;
import org.strata.output.RunManifestOutput;
import org.strata.output.RunVerifier;
import org.strata.store.Checksums;
import org.strata.store.StoreManifest;

/**
 * Re-runs a published run from the extract and policy its manifest records, and says whether the outputs are
 * byte-identical or which is the first that differs. Checksums come first: the run's files against its
 * manifest, then the given extract and policy against the SHA-256 the manifest records, so a reproduction
 * never starts from other inputs. The movement outputs depend on the store's history as well as on the
 * inputs, so they are listed as not compared; so are the report (it has a movement section) and the budget.
 *
 * <pre>{@code Reproduction.Result r = Reproduction.of(runDir, patients, practices, null, workDir);}</pre>
 */
public final class Reproduction {
  /**
   * Outputs that depend on more than this run's inputs and policy: on earlier runs (the movement files, and the
   * report's movement section) or on the budget file ({@code budget.csv}, the report's budget section).
   */
  static final List<String> MOVEMENT = List.of("transitions.csv", "shared/transitions.csv", "movers.csv",
      "rising_risk.csv", "worklists/", "report.html", "budget.csv");

  private Reproduction() {}

  /**
   * What a reproduction found.
   *
   * @param compared outputs compared, byte for byte
   * @param firstDifference the first output (in the manifest's order) that differs or is missing; null when none
   * @param notCompared movement outputs the run has, which need its history
   */
  public record Result(int compared, String firstDifference, List<String> notCompared) {
    public boolean identical() {
      return firstDifference == null;
    }
  }

  /**
   * @param policy the policy file, or null when the run used the shipped default
   * @param work an empty or absent directory for the re-ingested store and the re-run's results
   */
  public static Result of(Path runDir, Path patients, Path practices, Path policy, Path work) throws IOException {
    return of(runDir, patients, practices, policy, work, null);
  }

  /** Where an event-level run's extract and its definitions are: the events directory and, if not shipped, the rest. */
  public record Events(Path dir, Path codelists, Path features) {}

  /**
   * Reproduces a run whose store was ingested from an event-level extract ({@code events} not null): every event
   * file, the features file and each code list must have the SHA-256 the manifest records.
   */
  public static Result of(Path runDir, Path patients, Path practices, Path policy, Path work, Events events)
      throws IOException {
    Path manifestFile = runDir.resolve(RunManifestOutput.FILE);
    if (!Files.isRegularFile(manifestFile)) {
      throw new InvalidInputException(runDir + ": not a run (no " + RunManifestOutput.FILE
          + "); give RESULTS/runs/rNNNNNN or RESULTS/latest");
    }
    List<String> problems = RunVerifier.verify(runDir);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(runDir + ": its files do not match its manifest (" + problems.get(0) + ")");
    }
    JsonNode m = new ObjectMapper().readTree(manifestFile.toFile());
    checkSource(m, "patients", patients);
    checkSource(m, "practices", practices);
    boolean fromEvents = false;
    for (JsonNode src : m.path("sources")) {
      fromEvents |= EventExtract.isEventRole(src.path("role").asText());
    }
    if (fromEvents != (events != null)) {
      throw new InvalidInputException(fromEvents
          ? "the run's store was ingested from an event-level extract: give --events DIR (and --codelists,"
              + " --features as the ingest had them)"
          : "the run's store was ingested from a flat extract: --events is not needed");
    }
    String policySha = m.path("policy").path("sha256").asText();
    Policy p = policy == null ? Policy.defaultPolicy() : Policy.load(policy);
    if (!policySha.equals(sha256(p.text()))) {
      throw new InvalidInputException((policy == null ? "the shipped default policy" : policy.toString())
          + ": SHA-256 is not the " + policySha + " the run's manifest records for its policy '"
          + m.path("policy").path("file").asText() + "'" + (policy == null ? "; give --policy" : ""));
    }
    JsonNode options = m.path("options");
    if (options.isMissingNode()) {
      throw new InvalidInputException(manifestFile + ": records no options (a run of an earlier Strata)");
    }
    IdKind idKind = IdKind.fromCliName(options.path("id_kind").asText());
    LocalDate referenceDate = options.path("reference_date").isTextual()
        ? LocalDate.parse(options.path("reference_date").asText()) : null;
    if (Files.exists(work) && Files.list(work).findAny().isPresent()) {
      throw new InvalidInputException(work + ": --work must be empty or absent");
    }
    Path store = work.resolve("store");
    Path results = work.resolve("results");
    EventExtract extract = null;
    if (events != null) {
      extract = EventExtract.open(events.dir(), patients, idKind, referenceDate, events.codelists(),
          events.features(), 1.0, store);
      for (Map.Entry<String, Path> f : extract.eventFiles().entrySet()) {
        checkSource(m, f.getKey(), f.getValue());
      }
      for (StoreManifest.FileEntry d : extract.definitions()) {
        checkDefinition(m, d);
      }
    }
    // the rejected rows were accepted once: the same extract passes whatever the rate was
    Ingest.run(new IngestRequest(patients, practices, store, idKind, referenceDate, 1.0,
        IngestRequest.DEFAULT_BATCH_ROWS, false, extract), IngestProgress.NONE);
    // A run that wrote Parquet lists patients.parquet among its outputs: the re-run writes it too.
    boolean parquet = m.path("outputs").has(org.strata.output.PatientParquetOutput.FILE);
    RunResult again = NightlyRun.run(new RunConfig(store, policy, results, true,
        options.path("suppress_below").asInt(), org.strata.output.RunOutputs.defaults(null, parquet)));

    int compared = 0;
    List<String> notCompared = new ArrayList<>();
    for (Iterator<String> it = m.path("outputs").fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (MOVEMENT.stream().anyMatch(x -> x.endsWith("/") ? name.startsWith(x) : name.equals(x))) {
        notCompared.add(name);
        continue;
      }
      Path mine = again.runDir().resolve(name);
      if (!Files.isRegularFile(mine) || !Arrays.equals(Files.readAllBytes(mine), Files.readAllBytes(runDir.resolve(name)))) {
        return new Result(compared, name, notCompared);
      }
      compared++;
    }
    return new Result(compared, null, notCompared);
  }

  /** A features file or code list must be the one the run's ingest read (by name and SHA-256). */
  private static void checkDefinition(JsonNode m, StoreManifest.FileEntry d) throws InvalidInputException {
    for (JsonNode s : m.path("sources")) {
      if (s.path("role").asText().equals(d.role()) && s.path("name").asText().equals(d.name())) {
        if (!s.path("checksum").asText().equals(d.checksum())) {
          throw new InvalidInputException(d.role() + " " + d.name() + ": SHA-256 is not the " + s.path("checksum").asText()
              + " the run's manifest records: not the " + (d.role().equals("features") ? "features file" : "code list")
              + " its ingest read");
        }
        return;
      }
    }
    throw new InvalidInputException(d.role() + " " + d.name() + ": the run's ingest read no such "
        + (d.role().equals("features") ? "features file" : "code list"));
  }

  private static void checkSource(JsonNode m, String role, Path file) throws IOException {
    for (JsonNode s : m.path("sources")) {
      if (s.path("role").asText().equals(role)) {
        String sha = Checksums.sha256(file);
        if (!sha.equals(s.path("checksum").asText())) {
          throw new InvalidInputException(file + ": SHA-256 is not the " + s.path("checksum").asText()
              + " the run's manifest records for its " + role + " file '" + s.path("name").asText()
              + "': not the extract this run read");
        }
        return;
      }
    }
    throw new InvalidInputException("the run's manifest records no " + role + " file");
  }

  private static String sha256(String text) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
