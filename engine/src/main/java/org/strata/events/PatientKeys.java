package org.strata.events;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.strata.format.IdKind;
import org.strata.format.InvalidInputException;
import org.strata.format.NhsNumber;
import org.strata.ingest.InputFiles;
import org.strata.ingest.PatientRowParser;
import org.strata.ingest.RecordSource;

/**
 * The patients file's people, each given a dense ordinal in file order, with the earliest day each can have been
 * born (their date of birth, or from their age at the reference date): what event rows are matched and checked
 * against. NHS numbers are held as longs; pseudonyms as strings. A repeated id keeps its first row's ordinal.
 */
final class PatientKeys {
  static final int UNKNOWN = -1;
  private final IdKind kind;
  private final LongIntMap numbers;
  private final Map<String, Integer> pseudonyms;
  private int[] bornOnOrAfter = new int[1024];
  private int count;

  private PatientKeys(IdKind kind, int expected) {
    this.kind = kind;
    this.numbers = kind == IdKind.NHS_NUMBER ? new LongIntMap(expected) : null;
    this.pseudonyms = kind == IdKind.NHS_NUMBER ? null : new HashMap<>();
  }

  /** Reads the ids (and dates of birth or ages) of {@code patients}. */
  static PatientKeys read(Path patients, IdKind kind, LocalDate reference) throws IOException {
    try (RecordSource r = InputFiles.records(patients, PatientRowParser::isKnownColumn, null)) {
      return read(r, patients.getFileName().toString(), kind, reference);
    }
  }

  /** Reads the ids (and dates of birth or ages) of the patients records {@code r}, header first. */
  static PatientKeys read(RecordSource r, String name, IdKind kind, LocalDate reference) throws IOException {
    PatientKeys keys = new PatientKeys(kind, 1 << 16);
    if (!r.next()) {
      throw new InvalidInputException(name + ": the file is empty (expected a header line)");
    }
    int id = -1;
    int age = -1;
    int dob = -1;
    for (int i = 0; i < r.fieldCount(); i++) {
      switch (r.field(i).strip().toLowerCase(Locale.ROOT)) {
        case "patient_id" -> id = i;
        case "age" -> age = i;
        case "date_of_birth" -> dob = i;
        default -> { }
      }
    }
    if (id < 0) {
      throw new InvalidInputException(name + ": missing required column 'patient_id'");
    }
    while (r.next()) {
      if (r.fieldCount() <= Math.max(id, Math.max(age, dob))) {
        continue; // a malformed row: the ingest quarantines it
      }
      int born = Integer.MIN_VALUE;
      if (dob >= 0 && !r.isEmpty(dob)) {
        int d = EventDates.epochDay(r, dob);
        born = d == EventDates.INVALID ? Integer.MIN_VALUE : d;
      } else if (age >= 0 && !r.isEmpty(age)) {
        long a = r.parseLong(age);
        if (a >= 0 && a <= 150) {
          born = (int) reference.minusYears(a + 1).plusDays(1).toEpochDay();
        }
      }
      keys.add(r, id, born);
    }
    return keys;
  }

  private void add(RecordSource r, int field, int born) {
    int ordinal;
    if (kind == IdKind.NHS_NUMBER) {
      long n = PatientRowParser.parseNhsNumber(r, field);
      if (n == NhsNumber.INVALID) {
        return;
      }
      ordinal = numbers.putIfAbsent(n, count);
    } else {
      if (r.isEmpty(field)) {
        return;
      }
      ordinal = pseudonyms.computeIfAbsent(r.field(field), k -> count);
    }
    if (ordinal == count) {
      if (count == bornOnOrAfter.length) {
        bornOnOrAfter = java.util.Arrays.copyOf(bornOnOrAfter, count * 2);
      }
      bornOnOrAfter[count++] = born;
    }
  }

  /** The ordinal of the patient whose id is field {@code field} of {@code r}, or {@link #UNKNOWN}. */
  int ordinal(RecordSource r, int field) {
    if (kind == IdKind.NHS_NUMBER) {
      long n = PatientRowParser.parseNhsNumber(r, field);
      return n == NhsNumber.INVALID ? UNKNOWN : numbers.get(n);
    }
    Integer o = pseudonyms.get(r.field(field));
    return o == null ? UNKNOWN : o;
  }

  /** Whether the id field holds a well-formed id at all (a valid NHS number), for the quarantine's reason. */
  boolean wellFormed(RecordSource r, int field) {
    return kind != IdKind.NHS_NUMBER || PatientRowParser.parseNhsNumber(r, field) != NhsNumber.INVALID;
  }

  /** The earliest epoch day the patient can have been born on, or Integer.MIN_VALUE when not known. */
  int bornOnOrAfter(int ordinal) {
    return bornOnOrAfter[ordinal];
  }

  int count() {
    return count;
  }

  IdKind kind() {
    return kind;
  }
}
