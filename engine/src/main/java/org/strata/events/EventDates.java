package org.strata.events;

import org.strata.ingest.RecordSource;

/**
 * ISO dates of an event file's fields as epoch days, read from the field's bytes (no String, no
 * {@code LocalDate} per row). A date-time ({@code 2025-03-01T09:30:00}, {@code 2025-03-01 09:30}) counts as its date.
 */
final class EventDates {
  /** Returned for a field that is not a valid date. */
  static final int INVALID = Integer.MIN_VALUE;

  private EventDates() {}

  static int epochDay(RecordSource r, int field) {
    int n = r.length(field);
    if (n < 10 || n > 10 && r.byteAt(field, 10) != 'T' && r.byteAt(field, 10) != ' ') {
      return INVALID;
    }
    if (r.byteAt(field, 4) != '-' || r.byteAt(field, 7) != '-') {
      return INVALID;
    }
    int y = digits(r, field, 0, 4);
    int m = digits(r, field, 5, 2);
    int d = digits(r, field, 8, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > lengthOfMonth(y, m)) {
      return INVALID;
    }
    return (int) epochDay(y, m, d);
  }

  private static int digits(RecordSource r, int field, int from, int count) {
    int v = 0;
    for (int k = from; k < from + count; k++) {
      int c = r.byteAt(field, k) - '0';
      if (c < 0 || c > 9) {
        return -1;
      }
      v = v * 10 + c;
    }
    return v;
  }

  static int lengthOfMonth(int y, int m) {
    return switch (m) {
      case 2 -> (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** The proleptic Gregorian epoch day, as {@link java.time.LocalDate#toEpochDay} computes it. */
  static long epochDay(int year, int month, int day) {
    long y = year;
    long total = 365 * y;
    total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
    total += (367 * month - 362) / 12;
    total += day - 1;
    if (month > 2) {
      total--;
      if (!(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) {
        total--;
      }
    }
    return total - 719_528; // days from 0000-01-01 to 1970-01-01
  }
}
