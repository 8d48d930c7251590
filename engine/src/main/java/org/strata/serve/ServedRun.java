package org.strata.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.strata.format.InvalidInputException;
import org.strata.history.HistoryReader;
import org.strata.history.HistoryRun;

/**
 * One published run, as the service answers from it: its rollups (full, and suppressed as in {@code shared/}),
 * its movement, every patient's result, and the store's level history as it stood when it was loaded. Made
 * once per publish, never changed, so a request that holds one sees one run throughout. Counted references
 * keep its history files open until the last request on it has finished.
 */
final class ServedRun {
  private static final ObjectMapper JSON = new ObjectMapper();

  final String run;
  final Path dir;
  final int storeGeneration;
  final String referenceDate;
  final String results; // the results directory, as the history names it
  final List<String> practiceCodes; // by store ordinal
  final Map<String, Integer> practiceOrdinal;
  final Map<String, String> hubOfPractice;
  final Map<String, ObjectNode> hubs = new LinkedHashMap<>(); // by name: full rollup rows
  final Map<String, ObjectNode> sharedHubs = new LinkedHashMap<>();
  final JsonNode footprint;
  final JsonNode sharedFootprint;
  final ArrayNode practices;
  final ArrayNode sharedPractices;
  final Map<String, ArrayNode> movement; // "scope/unit" → transitions
  final Map<String, ArrayNode> sharedMovement;
  final PatientTable patients;
  private final HistoryReader history;
  private final AtomicInteger references = new AtomicInteger(1);
  /** Aggregate answers, which cannot change within a run, by endpoint and what the role sees. */
  final java.util.concurrent.ConcurrentHashMap<String, byte[]> answers = new java.util.concurrent.ConcurrentHashMap<>();

  private ServedRun(Path dir, HistoryRun recorded, String results, JsonNode rollup, JsonNode shared,
      Map<String, ArrayNode> movement, Map<String, ArrayNode> sharedMovement, PatientTable patients,
      HistoryReader history) {
    this.dir = dir;
    this.run = dir.getFileName().toString();
    this.results = results;
    this.storeGeneration = recorded.generation();
    this.referenceDate = recorded.referenceDate();
    this.practiceCodes = recorded.practices();
    this.practiceOrdinal = new HashMap<>();
    for (int i = 0; i < practiceCodes.size(); i++) {
      practiceOrdinal.put(practiceCodes.get(i), i);
    }
    this.footprint = rollup.get("footprint");
    this.sharedFootprint = shared.get("footprint");
    this.practices = (ArrayNode) rollup.get("practices");
    this.sharedPractices = (ArrayNode) shared.get("practices");
    this.hubOfPractice = new HashMap<>();
    for (JsonNode p : practices) {
      hubOfPractice.put(p.get("practice_code").asText(), p.path("hub").asText(null));
    }
    for (JsonNode h : rollup.get("hubs")) {
      hubs.put(h.get("hub").asText(), (ObjectNode) h);
    }
    for (JsonNode h : shared.get("hubs")) {
      sharedHubs.put(h.get("hub").asText(), (ObjectNode) h);
    }
    this.movement = movement;
    this.sharedMovement = sharedMovement;
    this.patients = patients;
    this.history = history;
  }

  /**
   * Loads the current run of {@code results}, made from the store at {@code store}.
   *
   * @throws InvalidInputException when nothing is published there, or the store's history does not know the run
   */
  static ServedRun load(Path results, Path store, Path runDir) throws IOException {
    String resultsKey = results.toAbsolutePath().normalize().toString();
    String name = runDir.getFileName().toString();
    HistoryReader history = HistoryReader.open(store);
    try {
      HistoryRun recorded = null;
      for (HistoryRun r : history.runs()) {
        if (r.results().equals(resultsKey) && r.run().equals(name)) {
          recorded = r;
        }
      }
      if (recorded == null) {
        throw new InvalidInputException(store + ": its level history does not record run " + name + " of " + results
            + "; give the --store the run was made from");
      }
      JsonNode rollup = JSON.readTree(runDir.resolve("rollup.json").toFile());
      JsonNode shared = JSON.readTree(runDir.resolve("shared").resolve("rollup.json").toFile());
      PatientTable patients = PatientTable.load(runDir, recorded.practices().size());
      return new ServedRun(runDir, recorded, resultsKey, rollup, shared, transitions(runDir.resolve("transitions.csv")),
          transitions(runDir.resolve("shared").resolve("transitions.csv")), patients, history);
    } catch (IOException | RuntimeException e) {
      history.close();
      throw e;
    }
  }

  /** transitions.csv by "scope/unit"; empty when the run had none to compare with. */
  private static Map<String, ArrayNode> transitions(Path file) throws IOException {
    Map<String, ArrayNode> out = new HashMap<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      r.readLine(); // scope,unit,from_level,to_level,patients
      String line;
      while ((line = r.readLine()) != null) {
        List<String> f = fields(line);
        if (f.size() != 5) {
          continue;
        }
        ObjectNode t = JsonNodeFactory.instance.objectNode();
        t.put("from_level", f.get(2));
        t.put("to_level", f.get(3));
        String n = f.get(4);
        if (n.chars().allMatch(Character::isDigit) && !n.isEmpty()) {
          t.put("patients", Long.parseLong(n));
        } else {
          t.put("patients", n); // suppressed: "*"
        }
        out.computeIfAbsent(f.get(0) + "/" + f.get(1), k -> JsonNodeFactory.instance.arrayNode()).add(t);
      }
    }
    return out;
  }

  /** The fields of one line as Strata writes CSV. */
  static List<String> fields(String line) {
    return org.strata.output.CsvFields.split(line);
  }

  /**
   * One patient's history in this results directory, up to this run: a later run may have recorded since, and
   * runs into other results directories of the same store are another team's.
   */
  List<org.strata.history.PatientRun> history(Object key) throws IOException {
    return history.of(key).stream()
        .filter(p -> p.run().results().equals(results) && p.run().run().compareTo(run) <= 0).toList();
  }

  /** A reference for one request; false when this run is already retired (take the current one again). */
  boolean acquire() {
    int n;
    do {
      n = references.get();
      if (n == 0) {
        return false;
      }
    } while (!references.compareAndSet(n, n + 1));
    return true;
  }

  /** Gives back a reference; the last one closes the history files. */
  void release() {
    if (references.decrementAndGet() == 0) {
      try {
        history.close();
      } catch (IOException e) {
        // nothing to do: the files are read-only and the run is no longer served
      }
    }
  }
}
