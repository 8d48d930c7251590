package org.strata.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NhsNumbersTest {

    @Test
    void modulus11MatchesEveryPublishedTestVector() {
        List<String[]> vectors = ReferenceData.read("nhs_number_test_vectors.csv");
        assertTrue(vectors.size() >= 10, "vectors loaded");
        for (String[] v : vectors) {
            String number = v[0];
            boolean expected = Boolean.parseBoolean(v[4].trim());
            assertEquals(expected, NhsNumbers.passesModulus11(number), "Modulus 11 of " + number);
            int expectedCheck = Integer.parseInt(v[3]);
            int check = NhsNumbers.checkDigit(number);
            assertEquals(expectedCheck == 10 ? -1 : expectedCheck, check, "check digit of " + number);
        }
    }

    @Test
    void repeatedDigitsPassTheArithmeticButAreNotValid() {
        for (char d = '0'; d <= '9'; d++) {
            String number = String.valueOf(d).repeat(10);
            assertTrue(NhsNumbers.passesModulus11(number), number + " passes the arithmetic");
            assertFalse(NhsNumbers.isValid(number), number + " is rejected");
        }
    }

    /** Crosses from the 999 test range into 900–998: every number valid, unique and in its range. */
    @Test
    void numbersAreValidUniqueAndInTheReservedRanges() {
        NhsNumbers ids = new NhsNumbers(42L);
        long from = NhsNumbers.TEST_RANGE_CAPACITY - 300_000;
        long to = NhsNumbers.TEST_RANGE_CAPACITY + 300_000;
        Set<Long> seen = new HashSet<>();
        for (long k = 0; k < 50_000; k++) {
            check(ids, k, seen);
        }
        for (long k = from; k < to; k++) {
            check(ids, k, seen);
        }
        // the far end of the overflow range
        long last = NhsNumbers.TEST_RANGE_CAPACITY + NhsNumbers.OVERFLOW_CAPACITY - 1;
        for (long k = last - 1_000; k <= last; k++) {
            check(ids, k, seen);
        }
    }

    @Test
    void theWholeTestRangeIsUsedWithoutCollision() {
        NhsNumbers ids = new NhsNumbers(7L);
        Set<Long> seen = new HashSet<>();
        for (long k = 0; k < NhsNumbers.TEST_RANGE_CAPACITY; k++) {
            long n = ids.numberOf(k);
            assertTrue(n / 10_000_000L == 999, "index " + k + " in the 999 range: " + n);
            assertTrue(seen.add(n), "unique: " + n);
        }
    }

    @Test
    void consecutivePatientsDoNotGetConsecutiveNumbers() {
        NhsNumbers ids = new NhsNumbers(42L);
        int close = 0;
        for (long k = 0; k < 1_000; k++) {
            close += Math.abs(ids.numberOf(k + 1) - ids.numberOf(k)) < 1_000 ? 1 : 0;
        }
        assertTrue(close < 10, "numbers are scrambled, not sequential: " + close + " close pairs");
    }

    @Test
    void scrambleIsABijection() {
        for (long size : new long[] {1, 2, 3, 10, 1_000, 4_097}) {
            Scramble s = new Scramble(size, 99L);
            Set<Long> images = new HashSet<>();
            for (long i = 0; i < size; i++) {
                long image = s.apply(i);
                assertTrue(image >= 0 && image < size, "in range");
                images.add(image);
            }
            assertEquals(size, images.size(), "bijective on " + size);
        }
    }

    private static void check(NhsNumbers ids, long k, Set<Long> seen) {
        long n = ids.numberOf(k);
        String s = Long.toString(n);
        assertTrue(NhsNumbers.isValid(s), "valid: " + s);
        long prefix = n / 10_000_000L;
        if (k < NhsNumbers.TEST_RANGE_CAPACITY) {
            assertEquals(999, prefix, "999 test range first: " + s);
        } else {
            assertTrue(prefix >= 900 && prefix <= 998, "overflow in 900-998, outside every allocated range: " + s);
        }
        assertTrue(seen.add(n), "unique: " + s);
    }
}
