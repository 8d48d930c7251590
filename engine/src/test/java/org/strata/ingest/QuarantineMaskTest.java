package org.strata.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What the quarantine may show of a rejected value, whatever its shape (issue: a swallowed record). */
class QuarantineMaskTest {
  @Test
  void aValueThatSpansLinesKeepsOnlyItsFirstLine() {
    assertEquals("0…(spans lines; the rest not shown)", QuarantineWriter.masked("0\n9992871199,X39319,E01000001"));
    assertEquals("a…(spans lines; the rest not shown)", QuarantineWriter.masked("a\r\nb"));
  }

  @Test
  void nhsNumberShapedDigitsAreMaskedInAnyField() {
    assertEquals("id ******1199 seen", QuarantineWriter.masked("id 9992871199 seen"));
    assertEquals("********1199", QuarantineWriter.masked("999 287 1199"));
    assertEquals("12345678901", QuarantineWriter.masked("12345678901")); // eleven digits: not an NHS number
    assertEquals("1234.50", QuarantineWriter.masked("1234.50"));
  }
}
