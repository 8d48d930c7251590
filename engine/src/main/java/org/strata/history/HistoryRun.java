package org.strata.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;

/**
 * One kept run in the level history: which results directory and run it was, the extract's reference date,
 * the store generation, its file of per-slot records, and the names its indexes mean.
 *
 * @param run the run's name in its results directory ({@code r000042})
 * @param results the results directory, absolute: runs of one directory follow each other
 * @param referenceDate the extract's reference date (ISO)
 * @param rules rule names, by the deciding-rule index of the records
 * @param practices practice codes, by the practice index of the records
 * @param hubs hub names, by the hub index of the records
 */
public record HistoryRun(
    @JsonProperty("run") String run,
    @JsonProperty("results") String results,
    @JsonProperty("reference_date") String referenceDate,
    @JsonProperty("generation") int generation,
    @JsonProperty("file") String file,
    @JsonProperty("rules") List<String> rules,
    @JsonProperty("practices") List<String> practices,
    @JsonProperty("hubs") List<String> hubs) {

  public HistoryRun {
    rules = List.copyOf(rules);
    practices = List.copyOf(practices);
    hubs = List.copyOf(hubs);
  }

  LocalDate date() {
    return LocalDate.parse(referenceDate);
  }
}
