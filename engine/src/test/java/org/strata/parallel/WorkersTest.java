package org.strata.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The work queue and the shares hand out every unit exactly once, and a worker's failure reaches the caller. */
class WorkersTest {
  @Test
  void drainGivesEveryUnitToExactlyOneWorkerSetUpOnce() {
    for (int workers : new int[] {1, 2, 3, 8}) {
      for (int units : new int[] {0, 1, 7, 1000}) {
        AtomicIntegerArray taken = new AtomicIntegerArray(units);
        AtomicIntegerArray setUps = new AtomicIntegerArray(workers);
        long[] perWorker = new long[workers];
        Workers.drain(workers, units, "test-drain-", w -> {
          setUps.incrementAndGet(w);
          return u -> {
            taken.incrementAndGet(u);
            perWorker[w] += u;
          };
        });
        for (int u = 0; u < units; u++) {
          assertEquals(1, taken.get(u), "unit " + u + " of " + units + " with " + workers + " workers");
        }
        long sum = 0;
        for (int w = 0; w < workers; w++) {
          assertEquals(1, setUps.get(w), "worker " + w + " set up once");
          sum += perWorker[w];
        }
        assertEquals((long) units * (units - 1) / 2, sum, "the per-worker sums add up to the whole");
      }
    }
  }

  @Test
  void aFailingUnitIsRethrownOnceEveryWorkerHasEnded() {
    AtomicIntegerArray done = new AtomicIntegerArray(100);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Workers.drain(2, 100, "test-drain-", w -> u -> {
          if (u == 13) {
            throw new IllegalStateException("unit 13");
          }
          done.incrementAndGet(u);
        }));
    assertEquals("unit 13", e.getMessage());
    assertEquals(0, done.get(13));
  }

  @Test
  void sharesAreContiguousAndInWorkerOrder() {
    int[] from = new int[3];
    int[] to = new int[3];
    Workers.runShares(3, 10, "test-shares-", (w, a, b) -> {
      from[w] = a;
      to[w] = b;
    });
    assertArrayEquals(new int[] {0, 3, 6}, from);
    assertArrayEquals(new int[] {3, 6, 10}, to);
    assertTrue(to[2] - from[2] - (to[0] - from[0]) <= 1);
  }
}
