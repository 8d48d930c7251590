package org.strata.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.strata.format.InvalidInputException;
import org.strata.format.NhsNumber;
import org.strata.ingest.InputFiles;
import org.strata.ingest.RecordSource;
import org.strata.ingest.RejectReason;

/**
 * Reads one event file row by row: validates each row (the patient is in the patients file, the dates are real,
 * not after the reference date and not before the patient's birth, the code is a concept id, the value a number),
 * quarantines the rows that fail with their reason, and feeds the rest to the {@link FeatureState}.
 */
final class EventFileReader {
  private final EventSource source;
  private final Path file;
  private final String name;
  private final PatientKeys keys;
  private final FeatureState state;
  private final EventQuarantine quarantine;
  private final EventCoverage coverage;

  EventFileReader(EventSource source, Path file, PatientKeys keys, FeatureState state, EventQuarantine quarantine,
      EventCoverage coverage) {
    this(source, file, file.getFileName().toString(), keys, state, quarantine, coverage);
  }

  /** A reader of records handed over by the caller ({@link #read(RecordSource, Progress)}), named {@code name}. */
  EventFileReader(EventSource source, String name, PatientKeys keys, FeatureState state, EventQuarantine quarantine,
      EventCoverage coverage) {
    this(source, null, name, keys, state, quarantine, coverage);
  }

  private EventFileReader(EventSource source, Path file, String name, PatientKeys keys, FeatureState state,
      EventQuarantine quarantine, EventCoverage coverage) {
    this.source = source;
    this.file = file;
    this.name = name;
    this.keys = keys;
    this.state = state;
    this.quarantine = quarantine;
    this.coverage = coverage;
  }

  /** Reads the file; returns {rows read, rows used}. */
  long[] read(java.security.MessageDigest digest, Progress progress) throws IOException {
    java.util.Set<String> columns = new java.util.HashSet<>(source.required());
    columns.addAll(source.optional());
    try (RecordSource r = InputFiles.records(file, c -> columns.contains(c.strip().toLowerCase(Locale.ROOT)), digest)) {
      return read(r, progress);
    }
  }

  /** Reads {@code r}, header first; returns {rows read, rows used}. */
  long[] read(RecordSource r, Progress progress) throws IOException {
    if (!r.next()) {
      throw new InvalidInputException(name + ": the file is empty (expected a header line)");
    }
    Map<String, Integer> at = header(r);
    r.expectFields(r.fieldCount());
    return switch (source) {
      case GP_EVENTS, MEDICATIONS -> coded(r, at, progress);
      case APC_SPELLS -> spells(r, at, progress);
      default -> attendances(r, at, progress);
    };
  }

  /** Reports bytes read so far, every few thousand rows. */
  interface Progress {
    void update(long bytesRead, long rows);
  }

  private Map<String, Integer> header(RecordSource r) throws InvalidInputException {
    Map<String, Integer> at = new HashMap<>();
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < r.fieldCount(); i++) {
      String h = r.field(i).strip().toLowerCase(Locale.ROOT);
      if (source.required().contains(h) || source.optional().contains(h)) {
        if (at.put(h, i) != null) {
          throw new InvalidInputException(name + ": line 1: column '" + h + "' appears twice in the header");
        }
      } else if (!h.isEmpty()) {
        unknown.add(h);
      }
    }
    for (String c : source.required()) {
      if (!at.containsKey(c)) {
        throw new InvalidInputException(name + ": missing required column '" + c + "' (" + source.stem()
            + " has " + String.join(", ", source.required()) + ")");
      }
    }
    coverage.unknownColumns(name, unknown);
    return at;
  }

  private long[] coded(RecordSource r, Map<String, Integer> at, Progress progress) throws IOException {
    final int id = at.get("patient_id");
    final int dateField = at.get("date");
    final int codeField = at.get("code");
    final int valueField = at.getOrDefault("value", -1);
    final CodeMatcher matcher = state.matchers.get(source);
    final FeatureState.Action[] all = state.everyRow.get(source).toArray(new FeatureState.Action[0]);
    final long[] listRows = coverage.listRows(source, matcher.lists);
    final LongIntMap unmatched = coverage.unmatched(source, !matcher.lists.isEmpty());
    long rows = 0;
    long used = 0;
    while (r.next()) {
      int p = patientOfRow(r, id, ++rows, progress);
      if (p < 0) {
        continue;
      }
      int d = date(r, dateField, p, "date");
      if (d == EventDates.INVALID) {
        continue;
      }
      long code = code(r, codeField);
      if (code < 0) {
        continue;
      }
      long value = Long.MIN_VALUE;
      if (valueField >= 0 && !r.isEmpty(valueField)) {
        value = r.parseHundredths(valueField);
        if (value == Long.MIN_VALUE) {
          reject(r, "value", r.field(valueField), RejectReason.NOT_A_NUMBER, null);
          continue;
        }
      }
      used++;
      int e = matcher.entry(code);
      if (e >= 0) {
        FeatureState.Action[] acts = matcher.actions(e);
        long[] groups = matcher.groups(e);
        for (int k = 0; k < acts.length; k++) {
          FeatureState.apply(acts[k], p, d, value, code, groups[k]);
        }
        for (int l : matcher.lists(e)) {
          listRows[l]++;
        }
      } else if (unmatched != null) {
        unmatched.add(code, 1);
      }
      for (FeatureState.Action a : all) {
        FeatureState.apply(a, p, d, value, code, 0);
      }
    }
    progress.update(r.bytesRead(), rows);
    return new long[] {rows, used};
  }

  private long[] spells(RecordSource r, Map<String, Integer> at, Progress progress) throws IOException {
    final int id = at.get("patient_id");
    final int admField = at.get("admission_date");
    final int disField = at.get("discharge_date");
    final int methodField = at.get("admission_method");
    final int diagField = at.getOrDefault("diagnoses", -1);
    long rows = 0;
    long used = 0;
    while (r.next()) {
      int p = patientOfRow(r, id, ++rows, progress);
      if (p < 0) {
        continue;
      }
      int adm = date(r, admField, p, "admission_date");
      if (adm == EventDates.INVALID) {
        continue;
      }
      int dis = state.reference; // still in hospital on the reference date
      if (!r.isEmpty(disField)) {
        dis = date(r, disField, p, "discharge_date");
        if (dis == EventDates.INVALID) {
          continue;
        }
        if (dis < adm) {
          reject(r, "discharge_date", r.field(disField), RejectReason.OUT_OF_RANGE, "before admission_date");
          continue;
        }
      }
      if (r.isEmpty(methodField)) {
        reject(r, "admission_method", "", RejectReason.MISSING_VALUE, null);
        continue;
      }
      String method = r.field(methodField).toUpperCase(Locale.ROOT);
      List<String> diagnoses = List.of();
      if (diagField >= 0 && !r.isEmpty(diagField)) {
        diagnoses = Diagnoses.parse(r.field(diagField));
        if (diagnoses == null) {
          reject(r, "diagnoses", r.field(diagField), RejectReason.INVALID_CODE, "not ICD-10 codes separated by ';'");
          continue;
        }
      }
      used++;
      state.spell(p, adm, dis, method, diagnoses);
    }
    progress.update(r.bytesRead(), rows);
    return new long[] {rows, used};
  }

  private long[] attendances(RecordSource r, Map<String, Integer> at, Progress progress) throws IOException {
    final int id = at.get("patient_id");
    final String dateColumn = source.dateColumn();
    final int dateField = at.get(dateColumn);
    final FeatureState.Action[] all = state.everyRow.get(source).toArray(new FeatureState.Action[0]);
    long rows = 0;
    long used = 0;
    while (r.next()) {
      int p = patientOfRow(r, id, ++rows, progress);
      if (p < 0) {
        continue;
      }
      int d = date(r, dateField, p, dateColumn);
      if (d == EventDates.INVALID) {
        continue;
      }
      used++;
      for (FeatureState.Action a : all) {
        FeatureState.apply(a, p, d, Long.MIN_VALUE, 0, 0);
      }
    }
    progress.update(r.bytesRead(), rows);
    return new long[] {rows, used};
  }

  /**
   * The start of every row: progress now and then, the row's structure, its patient. The patient's ordinal, or -1
   * when the row was quarantined.
   */
  private int patientOfRow(RecordSource r, int id, long rows, Progress progress) throws IOException {
    if ((rows & 0xFFFF) == 0) {
      progress.update(r.bytesRead(), rows);
    }
    return structure(r) ? patient(r, id) : -1;
  }

  private boolean structure(RecordSource r) throws IOException {
    switch (r.problem()) {
      case NONE:
        return true;
      case UNBALANCED_QUOTE:
        reject(r, "", "", RejectReason.UNBALANCED_QUOTE, null);
        return false;
      default:
        reject(r, "", "", RejectReason.MALFORMED_ROW, r.fieldCount() + " fields");
        return false;
    }
  }

  private int patient(RecordSource r, int id) throws IOException {
    if (r.isEmpty(id)) {
      reject(r, "patient_id", "", RejectReason.MISSING_VALUE, null);
      return -1;
    }
    int p = keys.ordinal(r, id);
    if (p < 0) {
      boolean wellFormed = keys.wellFormed(r, id);
      reject(r, "patient_id", NhsNumber.mask(r.field(id)),
          wellFormed ? RejectReason.UNKNOWN_PATIENT : RejectReason.INVALID_NHS_NUMBER,
          wellFormed ? "not in the patients file" : null);
    }
    return p;
  }

  private int date(RecordSource r, int field, int p, String column) throws IOException {
    if (r.isEmpty(field)) {
      reject(r, column, "", RejectReason.MISSING_VALUE, null);
      return EventDates.INVALID;
    }
    int d = EventDates.epochDay(r, field);
    if (d == EventDates.INVALID) {
      reject(r, column, r.field(field), RejectReason.INVALID_CODE, "not YYYY-MM-DD");
      return EventDates.INVALID;
    }
    if (d > state.reference) {
      reject(r, column, r.field(field), RejectReason.FUTURE_DATE, "after the reference date");
      return EventDates.INVALID;
    }
    int born = keys.bornOnOrAfter(p);
    if (born != Integer.MIN_VALUE && d < born) {
      reject(r, column, r.field(field), RejectReason.BEFORE_BIRTH, "before the patient's date of birth");
      return EventDates.INVALID;
    }
    return d;
  }

  private long code(RecordSource r, int field) throws IOException {
    if (r.isEmpty(field)) {
      reject(r, "code", "", RejectReason.MISSING_VALUE, null);
      return -1;
    }
    int n = r.length(field);
    long v = 0;
    boolean ok = n <= 18;
    for (int k = 0; ok && k < n; k++) {
      int c = r.byteAt(field, k) - '0';
      ok = c >= 0 && c <= 9;
      v = v * 10 + c;
    }
    if (!ok) {
      reject(r, "code", r.field(field), RejectReason.INVALID_CODE,
          source == EventSource.GP_EVENTS ? "not a SNOMED CT concept id" : "not a dm+d concept id");
      return -1;
    }
    return v;
  }

  private void reject(RecordSource r, String column, String value, RejectReason reason, String detail)
      throws IOException {
    quarantine.write(name, r.line(), column, value, reason, detail);
  }
}
