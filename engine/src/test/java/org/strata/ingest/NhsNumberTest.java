package org.strata.ingest;

import org.strata.format.NhsNumber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NhsNumberTest {

  @Test
  void publishedVectors() throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        NhsNumberTest.class.getResourceAsStream("/org/strata/datasets/reference/nhs_number_test_vectors.csv"),
        StandardCharsets.UTF_8))) {
      r.readLine();
      String line;
      int checked = 0;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(",", -1);
        String number = f[0];
        boolean arithmetic = Boolean.parseBoolean(f[4]);
        boolean repeated = number.chars().distinct().count() == 1;
        boolean expected = arithmetic && !repeated && number.length() == 10;
        assertEquals(expected, NhsNumber.parse(number) != NhsNumber.INVALID, number);
        checked++;
      }
      assertTrue(checked >= 10);
    }
  }

  @Test
  void spacesAllowedLettersAndLengthNot() {
    assertEquals(9434765919L, NhsNumber.parse("943 476 5919"));
    assertEquals(NhsNumber.INVALID, NhsNumber.parse("943476591"));
    assertEquals(NhsNumber.INVALID, NhsNumber.parse("94347659190"));
    assertEquals(NhsNumber.INVALID, NhsNumber.parse("94347A5919"));
    assertEquals(NhsNumber.INVALID, NhsNumber.parse("9434765918"));
  }

  @Test
  void repeatedDigitsRejectedEvenWhenTheArithmeticPasses() {
    assertFalse(NhsNumber.isValid(0L));
    assertFalse(NhsNumber.isValid(1111111111L)); // check digit arithmetic says valid
    assertEquals(9990000018L, NhsNumber.parse("9990000018")); // the 999 test range
  }

  @Test
  void masking() {
    assertEquals("******5919", NhsNumber.mask("9434765919"));
    assertEquals("****", NhsNumber.mask("12"));
  }
}
