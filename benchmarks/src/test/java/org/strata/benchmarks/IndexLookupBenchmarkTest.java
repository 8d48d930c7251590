package org.strata.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Each benchmark method once on a small index: the variants agree and the keys are present. */
class IndexLookupBenchmarkTest {

  @Test
  void variantsAgree() throws IOException {
    IndexLookupBenchmark b = new IndexLookupBenchmark();
    b.patients = 10_000;
    b.setUp();
    try {
      for (int i = 0; i < 1_000; i++) {
        int at = b.next;
        int row = b.rowOf();
        b.next = at;
        assertTrue(row >= 0, "present key found");
        assertEquals(Integer.valueOf(row), b.heapHashMapBaseline());
      }
    } finally {
      b.tearDown();
    }
  }

  @Test
  void syntheticNumbersAreDistinctAndValid() {
    long[] keys = SyntheticNhsNumbers.generate(100_000, 7L);
    assertEquals(100_000, java.util.Arrays.stream(keys).distinct().count());
    for (long k : keys) {
      assertTrue(org.strata.format.NhsNumber.isValid(k), "valid NHS number");
    }
  }
}
