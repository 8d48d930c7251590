package org.strata.datasets;

/**
 * Synthetic NHS numbers that pass the Modulus 11 check and can never belong to a real person.
 *
 * <p>Check digit (NHS Data Dictionary): weights 10..2 on digits 1–9, check = 11 − (sum mod 11),
 * 11 becomes 0 and 10 means the 9-digit prefix is never issued. A number of one repeated digit
 * ({@code 0000000000}, {@code 1111111111}…) passes the arithmetic but is rejected too.
 *
 * <p>Ranges: 999 000 0000–999 999 9999 is reserved for testing and never issued; it is used first
 * (99,999 eight-digit groups × 9 = 899,991 numbers, skipping 9999999999). Larger footprints continue in
 * 900 000 0000–998 999 9999, outside every allocated range (England and Isle of Man 300–799, Northern
 * Ireland 320–399, Scotland's CHI 010–311). Each eight-digit group yields exactly nine numbers: of the ten
 * possible ninth digits at most one gives check 10; the nine lowest valid ones are used. Patient index
 * {@code k} is mapped through a seeded {@link Scramble} of its range before it is split into group and
 * slot, so consecutive patients get unrelated numbers while every number stays unique.
 */
final class NhsNumbers {
    /** Numbers available in the 999 test range. */
    static final long TEST_RANGE_CAPACITY = 99_999L * 9;
    /** Numbers available in 900–998. */
    static final long OVERFLOW_CAPACITY = 9_900_000L * 9;
    private static final long TEST_RANGE_FIRST_GROUP = 99_900_000L;
    private static final long OVERFLOW_FIRST_GROUP = 90_000_000L;

    private final Scramble testRange;
    private final Scramble overflow;

    NhsNumbers(long seed) {
        this.testRange = new Scramble(TEST_RANGE_CAPACITY, seed ^ 0x4E48534E554DL);
        this.overflow = new Scramble(OVERFLOW_CAPACITY, seed ^ 0x4F564552464CL);
    }

    /** The NHS number of patient {@code index} (0-based over the footprint). */
    long numberOf(long index) {
        long group;
        int slot;
        if (index < TEST_RANGE_CAPACITY) {
            long j = testRange.apply(index);
            group = TEST_RANGE_FIRST_GROUP + j / 9;
            slot = (int) (j % 9);
        } else {
            long j = overflow.apply(index - TEST_RANGE_CAPACITY);
            group = OVERFLOW_FIRST_GROUP + j / 9;
            slot = (int) (j % 9);
        }
        return withNinthDigitAndCheck(group, slot);
    }

    /** Appends the slot-th valid ninth digit and the check digit to an eight-digit group. */
    static long withNinthDigitAndCheck(long group, int slot) {
        int sum8 = 0;
        long g = group;
        for (int weight = 3; weight <= 10; weight++) { // last digit of the group has weight 3
            sum8 += (int) (g % 10) * weight;
            g /= 10;
        }
        int seen = 0;
        for (int d9 = 0; d9 <= 9; d9++) {
            int remainder = (sum8 + 2 * d9) % 11;
            if (remainder == 1) {
                continue; // check digit would be 10: never issued
            }
            if (seen++ == slot) {
                int check = remainder == 0 ? 0 : 11 - remainder;
                return (group * 10 + d9) * 10 + check;
            }
        }
        throw new IllegalStateException("slot must be 0..8: slot=" + slot);
    }

    /** Modulus 11 check digit of the first nine digits, or -1 when it would be 10 (never issued). */
    static int checkDigit(String firstNineDigits) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (firstNineDigits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - sum % 11;
        return check == 11 ? 0 : check == 10 ? -1 : check;
    }

    /** True when the 10 characters are digits with a matching Modulus 11 check digit (arithmetic only). */
    static boolean passesModulus11(String number) {
        if (number.length() != 10) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        int check = checkDigit(number);
        return check >= 0 && check == number.charAt(9) - '0';
    }

    /** True when the number is a valid NHS number: Modulus 11 and not a single repeated digit. */
    static boolean isValid(String number) {
        if (!passesModulus11(number)) {
            return false;
        }
        for (int i = 1; i < 10; i++) {
            if (number.charAt(i) != number.charAt(0)) {
                return true;
            }
        }
        return false;
    }
}
