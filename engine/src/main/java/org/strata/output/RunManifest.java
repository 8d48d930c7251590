package org.strata.output;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a results directory: enough to tell whether two runs must agree — the same
 * sources (SHA-256), the same policy text (SHA-256), the same Strata version — and what came out. It holds
 * no timestamps or paths, so the same inputs and policy give a byte-identical manifest. {@code ingest} says
 * how many extract rows the store's ingest read, stored and quarantined (by reason code): the patients of
 * the results are the stored rows only. {@code options} are what else a re-run needs to give the same files
 * (the ingest's id kind and reference date, the suppression threshold).
 */
record RunManifest(
    @JsonProperty("strata_version") String strataVersion,
    @JsonProperty("store_strata_version") String storeStrataVersion,
    @JsonProperty("store_format_version") int storeFormatVersion,
    @JsonProperty("store_generation") int storeGeneration,
    @JsonProperty("sources") List<Map<String, Object>> sources,
    @JsonProperty("patients") long patients,
    @JsonProperty("ingest") Map<String, Object> ingest,
    @JsonProperty("policy") Map<String, Object> policy,
    @JsonProperty("risk_model") String riskModel,
    @JsonProperty("hubs") Map<String, Object> hubs,
    @JsonProperty("levels") Map<String, Long> levels,
    @JsonProperty("options") Map<String, Object> options,
    @JsonProperty("outputs") Map<String, String> outputs) {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), this);
  }
}
