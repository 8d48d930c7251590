package org.strata.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.strata.format.InvalidInputException;

/**
 * {@code history.json} of a history version: the key kind, how many slots the runs' files hold, the
 * lineage of the patient index that gave the slots ({@code PatientIndex.lineage}), and the kept runs,
 * oldest first.
 */
record HistoryManifest(
    @JsonProperty("format_version") int formatVersion,
    @JsonProperty("id_kind") String idKind,
    @JsonProperty("slots") int slots,
    @JsonProperty("slot_lineage") String lineage,
    @JsonProperty("runs") List<HistoryRun> runs) {

  static final int FORMAT_VERSION = 3;
  /** The oldest format the next run converts ({@link Format2Records}); older ones numbered patients differently. */
  static final int CONVERTIBLE_VERSION = 2;
  static final String FILE = "history.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  HistoryManifest {
    runs = sharingNames(runs);
  }

  /**
   * The runs with each list of names held once however many runs have it (the practices are the same list night
   * after night): a read of one patient's 24 runs then finds the names in one list in cache, not in 24 (at 63M, p50
   * 4.4 µs against 5.4, p99 6.0 against 10.2), and a service holds one copy.
   */
  private static List<HistoryRun> sharingNames(List<HistoryRun> runs) {
    Map<List<String>, List<String>> held = new HashMap<>();
    List<HistoryRun> out = new ArrayList<>(runs.size());
    for (HistoryRun r : runs) {
      out.add(new HistoryRun(r.run(), r.results(), r.referenceDate(), r.generation(), r.file(),
          held.computeIfAbsent(r.rules(), k -> k), held.computeIfAbsent(r.practices(), k -> k),
          held.computeIfAbsent(r.hubs(), k -> k)));
    }
    return List.copyOf(out);
  }

  static HistoryManifest read(Path dir) throws IOException {
    Path f = dir.resolve(FILE);
    HistoryManifest m;
    try {
      m = JSON.readValue(f.toFile(), HistoryManifest.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new InvalidInputException(f + ": not a level history manifest (" + e.getOriginalMessage().lines()
          .findFirst().orElse("") + "); the history is damaged: move " + dir.getParent().getParent()
          + " aside to start a new one");
    }
    if (m.formatVersion() > FORMAT_VERSION) {
      throw new InvalidInputException(f + ": history format " + m.formatVersion() + " is newer than this build reads ("
          + FORMAT_VERSION + ")");
    }
    if (m.formatVersion() < CONVERTIBLE_VERSION) {
      throw new InvalidInputException(f + ": history format " + m.formatVersion() + " was recorded by an earlier"
          + " Strata, which numbered patients differently; move " + dir.getParent().getParent()
          + " aside to start a new one");
    }
    return m;
  }

  void write(Path dir) throws IOException {
    Files.write(dir.resolve(FILE), JSON.writeValueAsBytes(this));
  }
}
