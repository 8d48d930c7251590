package org.strata.events;

import java.time.LocalDate;

/**
 * How far back a feature looks: {@code ever}, or the last N days, months or years up to and including the
 * reference date ({@code 12m} at 2026-03-31 is 2025-04-01 … 2026-03-31).
 */
record Window(int amount, char unit) {
  static final Window EVER = new Window(0, 'e');

  /** Parses {@code ever}, {@code 30d}, {@code 12m}, {@code 5y}; null when it is none of them. */
  static Window parse(String text) {
    String t = text.strip();
    if (t.equals("ever")) {
      return EVER;
    }
    if (!t.matches("[1-9][0-9]{0,3}[dmy]")) {
      return null;
    }
    return new Window(Integer.parseInt(t.substring(0, t.length() - 1)), t.charAt(t.length() - 1));
  }

  /** The last epoch day before the window at {@code reference}: an event counts when its day is after it. */
  int startExclusive(LocalDate reference) {
    return switch (unit) {
      case 'd' -> (int) reference.minusDays(amount).toEpochDay();
      case 'm' -> (int) reference.minusMonths(amount).toEpochDay();
      case 'y' -> (int) reference.minusYears(amount).toEpochDay();
      default -> Integer.MIN_VALUE;
    };
  }

  @Override
  public String toString() {
    return unit == 'e' ? "ever" : amount + String.valueOf(unit);
  }
}
