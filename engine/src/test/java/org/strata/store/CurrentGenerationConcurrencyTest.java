package org.strata.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.datasets.Fixtures;
import org.strata.datasets.FootprintGenerator;
import org.strata.datasets.FootprintSpec;
import org.strata.datasets.ProgressListener;
import org.strata.format.PatientColumn;

/**
 * Reader threads lease whatever generation is current while another thread publishes new ones as fast as it can
 * (real ingests, alternating two different footprints; older generations are pruned from disk under the
 * readers), for 30 seconds: no crash, and every read under one lease sees one generation's data whole — its row
 * count, its age column's sum and its patients' look-ups all belong to the same footprint, the one that
 * generation's ingest wrote.
 */
class CurrentGenerationConcurrencyTest {
  private static final long SECONDS = 30;

  /** What identifies a footprint's generation: rows, the sum of its age column, one patient and their row. */
  record Fingerprint(long rows, long ageSum, long patient, int row) {}

  static Fingerprint fingerprint(Store s) throws java.io.IOException {
    long patient = Long.parseLong(s.patientId(s.rowCount() - 1));
    return new Fingerprint(s.rowCount(), StoreLeaseTest.ageSum(s), patient, s.index().rowOf(patient));
  }

  @Test
  void readersNeverSeeAMixOfGenerationsWhilePublishesGoOn(@TempDir Path tmp) throws Exception {
    Path a = Fixtures.copySmall(tmp.resolve("a"));
    Path b = tmp.resolve("b");
    FootprintGenerator.generate(FootprintSpec.builder().patients(3_000).seed(9).threads(1).build(), b,
        ProgressListener.NONE);
    Path store = tmp.resolve("store");
    // Each footprint's fingerprint, from a store of its own.
    List<Fingerprint> footprints = new ArrayList<>();
    for (Path in : List.of(a, b)) {
      Path own = tmp.resolve("own-" + in.getFileName());
      StoreLeaseTest.ingest(in, own);
      try (Store s = Store.open(own)) {
        footprints.add(fingerprint(s));
      }
    }
    assertTrue(footprints.get(0).rows() != footprints.get(1).rows());

    Map<Integer, Fingerprint> byGeneration = new ConcurrentHashMap<>();
    StoreLeaseTest.ingest(a, store);
    byGeneration.put(1, footprints.get(0));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong reads = new AtomicLong();
    AtomicLong publishes = new AtomicLong();
    AtomicLong moves = new AtomicLong();
    try (CurrentGeneration current = CurrentGeneration.open(store)) {
      List<Thread> threads = new ArrayList<>();
      threads.add(new Thread(() -> {
        try {
          for (int g = 2; !stop.get(); g++) {
            int which = g % 2 == 0 ? 1 : 0;
            byGeneration.put(g, footprints.get(which)); // before CURRENT can name it
            StoreLeaseTest.ingest(which == 0 ? a : b, store);
            publishes.incrementAndGet();
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      }, "publisher"));
      threads.add(new Thread(() -> {
        try {
          while (!stop.get()) {
            if (current.refresh()) {
              moves.incrementAndGet();
            }
            Thread.sleep(20);
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      }, "refresher"));
      for (int r = 0; r < 3; r++) {
        threads.add(new Thread(() -> {
          try {
            while (!stop.get()) {
              try (Store lease = current.acquire()) {
                int g = lease.manifest().generation();
                Fingerprint seen = fingerprint(lease);
                assertEquals(byGeneration.get(g), seen, "generation " + g + " read whole under one lease");
                reads.incrementAndGet();
              }
            }
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          }
        }, "reader-" + r));
      }
      threads.forEach(Thread::start);
      long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
      while (System.nanoTime() < deadline && failure.get() == null) {
        Thread.sleep(100);
      }
      stop.set(true);
      for (Thread t : threads) {
        t.join(60_000);
      }
    }
    if (failure.get() != null) {
      throw new AssertionError("after " + reads.get() + " reads and " + publishes.get() + " publishes", failure.get());
    }
    System.out.printf("%d reads under leases, %d publishes, %d moves to a newer generation in %d s%n",
        reads.get(), publishes.get(), moves.get(), SECONDS);
    assertTrue(publishes.get() >= 10 && moves.get() >= 5 && reads.get() >= 100,
        reads.get() + " reads, " + publishes.get() + " publishes, " + moves.get() + " moves");
  }
}
