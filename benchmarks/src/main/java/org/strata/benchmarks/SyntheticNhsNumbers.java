package org.strata.benchmarks;

/**
 * Distinct, valid, synthetic NHS numbers from a seed, for benchmarks: no set, no sort, so 63M cost
 * only the array. Number {@code i} is drawn from the 9-digit body {@code 400_000_000 + (a·i + seed)
 * mod 600_000_000} with {@code a} prime (so coprime to 600M: distinct bodies for distinct {@code
 * i}), plus its Modulus 11 check digit; bodies whose check digit would be 10 are skipped, as are
 * single-repeated-digit numbers. Local on purpose: benchmarks check the engine, not reuse it.
 */
final class SyntheticNhsNumbers {
  private static final long BODY_BASE = 400_000_000L;
  private static final long BODY_RANGE = 600_000_000L;
  private static final long STRIDE = 982_451_653L; // a prime, so coprime to 600M = 2^9·3·5^8

  private SyntheticNhsNumbers() {}

  /** {@code count} distinct valid NHS numbers, in a scattered (not sorted) order. */
  static long[] generate(int count, long seed) {
    if (count > 500_000_000) {
      throw new IllegalArgumentException("at most 500M numbers, was " + count);
    }
    long[] out = new long[count];
    long offset = Math.floorMod(seed, BODY_RANGE);
    int n = 0;
    for (long i = 0; n < count; i++) {
      long body = BODY_BASE + Math.floorMod(STRIDE * i + offset, BODY_RANGE);
      int check = checkDigit(body);
      long number = body * 10 + check;
      if (check != 10 && number % 1_111_111_111L != 0) {
        out[n++] = number;
      }
    }
    return out;
  }

  /** Modulus 11 check digit of a 9-digit body: weights 10..2, 11 → 0; 10 means invalid. */
  static int checkDigit(long body) {
    int sum = 0;
    for (int weight = 2; weight <= 10; weight++) {
      sum += (int) (body % 10) * weight;
      body /= 10;
    }
    int check = 11 - sum % 11;
    return check == 11 ? 0 : check;
  }

  /** Fisher–Yates shuffle of a copy: look-ups in random order, from a seed. */
  static long[] shuffled(long[] keys, long seed) {
    long[] copy = keys.clone();
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    for (int i = copy.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long t = copy[i];
      copy[i] = copy[j];
      copy[j] = t;
    }
    return copy;
  }
}
