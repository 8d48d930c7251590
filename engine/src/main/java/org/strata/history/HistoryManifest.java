package org.strata.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  static final int FORMAT_VERSION = 2;
  static final String FILE = "history.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  HistoryManifest {
    runs = List.copyOf(runs);
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
    if (m.formatVersion() < FORMAT_VERSION) {
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
