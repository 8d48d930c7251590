package org.strata.events;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.strata.format.IdKind;
import org.strata.format.InvalidInputException;
import org.strata.ingest.DerivedColumns;
import org.strata.ingest.RecordSource;

/**
 * The derivation of one group of patients' features from their events, fed as records by a caller that holds the
 * extract in pieces — a Spark task given every row of its patients and of their events. Each row is judged and
 * derived by the same readers, code lists, windows and rules as {@code strata ingest --events}: a group that
 * holds all of a patient's events gives that patient exactly the values one machine gives.
 *
 * <pre>{@code
 * EventShard shard = EventShard.open(null, null, LocalDate.parse("2026-03-31"), IdKind.NHS_NUMBER);
 * shard.patients(patientRecords, "patients");            // header first
 * for (String stem : shard.sources()) shard.events(stem, stem + ".parquet", eventRecords(stem), sink);
 * DerivedColumns derived = shard.finish();              // appended to the patients' rows before they are judged
 * }</pre>
 */
public final class EventShard {
  /** Receives each event row not used, its value masked and clipped, as the quarantine file would hold it. */
  public interface Rejected {
    void reject(String file, long line, String column, String value, org.strata.ingest.RejectReason reason,
        String detail) throws IOException;
  }

  private final FeatureSpec spec;
  private final CodeLists lists;
  private final LocalDate reference;
  private final IdKind idKind;
  private final List<EventSource> sources;
  private final EventCoverage coverage = new EventCoverage();
  private PatientKeys keys;
  private FeatureState state;

  private EventShard(FeatureSpec spec, CodeLists lists, LocalDate reference, IdKind idKind, List<EventSource> sources) {
    this.spec = spec;
    this.lists = lists;
    this.reference = reference;
    this.idKind = idKind;
    this.sources = sources;
  }

  /**
   * Compiles the features and their code lists (errors name the file and feature, before anything is read).
   *
   * @param codelists a directory of code lists, or null for the shipped ones
   * @param features a features file, or null for the shipped one
   */
  public static EventShard open(Path codelists, Path features, LocalDate reference, IdKind idKind) throws IOException {
    if (reference == null) {
      throw new InvalidInputException("events need a reference date: every window ends on it");
    }
    FeatureSpec spec = features == null ? FeatureSpec.shipped() : FeatureSpec.read(features);
    CodeLists lists = CodeLists.in(codelists);
    FeatureState compiled = new FeatureState(spec, lists, reference, 0);
    List<EventSource> sources = new ArrayList<>();
    for (EventSource s : EventSource.values()) {
      if (compiled.sourcesRead().contains(s)) {
        sources.add(s);
      }
    }
    return new EventShard(spec, lists, reference, idKind, sources);
  }

  /** The event sources the features read ({@code gp_events} …), in the order {@link EventSource} lists them. */
  public List<String> sources() {
    return sources.stream().map(EventSource::stem).toList();
  }

  /** The derived columns' names, in the features file's order. */
  public List<String> columns() {
    return spec.columns();
  }

  /** Reads the group's patients (ids, and dates of birth or ages), header first; then the events may be read. */
  public void patients(RecordSource records, String name) throws IOException {
    keys = PatientKeys.read(records, name, idKind, reference);
    state = new FeatureState(spec, lists, reference, keys.count());
  }

  /**
   * Reads one source's event rows of the group, header first; rows not used go to {@code rejected} with their
   * reason. Returns {rows read, rows used}.
   */
  public long[] events(String stem, String fileName, RecordSource records, Rejected rejected)
      throws IOException {
    EventSource s = EventSource.ofStem(stem);
    if (s == null || !sources.contains(s)) {
      throw new IllegalArgumentException("no feature reads " + stem);
    }
    if (state == null) {
      throw new IllegalStateException("patients(...) first");
    }
    return new EventFileReader(s, fileName, keys, state, new EventQuarantine(rejected), coverage)
        .read(records, (bytes, rows) -> { });
  }

  /** Ends the reading; the derived values of each patient, for the patients' records. */
  public DerivedColumns finish() {
    state.finish();
    final FeatureState done = state;
    final PatientKeys k = keys;
    return new DerivedColumns() {
      @Override
      public List<String> names() {
        return spec.columns();
      }

      @Override
      public void derive(java.util.function.Function<String, Path> generationFile,
          org.strata.ingest.IngestProgress progress) {
        // derived already, from the records the caller fed
      }

      @Override
      public List<org.strata.store.StoreManifest.FileEntry> sources() {
        return List.of();
      }

      @Override
      public List<String> generationFiles() {
        return List.of();
      }

      @Override
      public java.util.Map<String, Object> manifestSection() {
        return java.util.Map.of();
      }

      @Override
      public List<String> warnings() {
        return coverage.warnings();
      }

      @Override
      public void values(RecordSource record, int idField, long[] out) {
        done.values(k, record, idField, out);
      }
    };
  }
}
