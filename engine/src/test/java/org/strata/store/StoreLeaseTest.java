package org.strata.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.datasets.Fixtures;
import org.strata.format.IdKind;
import org.strata.format.InvalidInputException;
import org.strata.format.PatientColumn;
import org.strata.ingest.Ingest;
import org.strata.ingest.IngestProgress;
import org.strata.ingest.IngestRequest;

/** Leases on generations: counted, unmapped only at the last release of a generation no longer current. */
class StoreLeaseTest {

  static void ingest(Path in, Path store) throws IOException {
    Ingest.run(new IngestRequest(in.resolve("patients.csv"), in.resolve("practices.csv"), store, IdKind.NHS_NUMBER,
        null, 0.0, 700), IngestProgress.NONE);
  }

  static long ageSum(Store s) {
    byte[] age = new byte[s.maxBatchRows()];
    long sum = 0;
    for (int b = 0; b < s.batchCount(); b++) {
      int rows = s.batchRows(b);
      s.readBytes(PatientColumn.AGE, b, 0, age, 0, rows);
      for (int i = 0; i < rows; i++) {
        sum += age[i];
      }
    }
    return sum;
  }

  @Test
  void aGenerationStaysMappedWhileCurrentOrLeased(@TempDir Path tmp) throws IOException {
    Path in = Fixtures.copySmall(tmp.resolve("in"));
    Path store = tmp.resolve("store");
    ingest(in, store);
    try (CurrentGeneration current = CurrentGeneration.open(store)) {
      Store a = current.acquire();
      Store b = current.acquire();
      MappedGeneration g1 = a.generation();
      assertEquals(3, g1.holders(), "current + two leases");
      long sum = ageSum(a);
      a.close();
      a.close(); // closing twice releases once
      assertEquals(2, g1.holders());
      assertEquals(sum, ageSum(b));

      for (int i = 0; i < 3; i++) {
        ingest(in, store); // g000002..4 published; g000001 is pruned from disk (three kept) while b holds it
      }
      assertFalse(Files.exists(store.resolve("generations/g000001")));
      assertEquals(1, current.generation());
      assertTrue(current.refresh());
      assertEquals(4, current.generation());
      assertFalse(current.refresh(), "nothing newer");
      assertEquals(1, g1.holders(), "no longer current: only the lease holds it");
      assertEquals(sum, ageSum(b), "a lease reads its generation after it was unlinked");
      assertEquals(Fixtures.PATIENTS, b.rowCount());
      b.close();
      assertEquals(0, g1.holders(), "unmapped");
      assertThrows(IllegalStateException.class, g1::retain, "never mapped again");
      try (Store c = current.acquire()) {
        assertEquals(4, c.manifest().generation());
        assertEquals(sum, ageSum(c));
      }
    }
  }

  @Test
  void everyReadOfAClosedLeaseThrowsAndNoneReadsUnmappedMemory(@TempDir Path tmp) throws IOException {
    Path in = Fixtures.copySmall(tmp.resolve("in"));
    Path store = tmp.resolve("store");
    ingest(in, store);
    Store s = Store.open(store);
    long id = Long.parseLong(s.patientId(5));
    assertEquals(5, s.index().rowOf(id));
    byte[] bytes = new byte[s.maxBatchRows()];
    s.close(); // the only holder: unmapped now
    short[] shorts = new short[bytes.length];
    int[] ints = new int[bytes.length];
    long[] longs = new long[bytes.length];
    assertThrows(IllegalStateException.class, () -> s.readBytes(PatientColumn.AGE, 0, 0, bytes, 0, 10));
    assertThrows(IllegalStateException.class, () -> s.readShorts(PatientColumn.PRACTICE, 0, 0, shorts, 0, 10));
    assertThrows(IllegalStateException.class, () -> s.readInts(PatientColumn.CONDITIONS, 0, 0, ints, 0, 10));
    assertThrows(IllegalStateException.class, () -> s.readLongs(PatientColumn.PATIENT_ID, 0, 0, longs, 0, 10));
    assertThrows(IllegalStateException.class, () -> s.patientId(5));
    assertThrows(IllegalStateException.class, () -> s.patientKey(5));
    assertThrows(IllegalStateException.class, () -> s.row(5));
    assertThrows(IllegalStateException.class, s::index);
    IllegalStateException e = assertThrows(IllegalStateException.class, s::rowCount);
    assertTrue(e.getMessage().contains("this lease on g000001 is closed"), e.getMessage());
  }

  @Test
  void noStoreIsBadInputNotACorruptStore(@TempDir Path tmp) throws IOException {
    InvalidInputException missing = assertThrows(InvalidInputException.class, () -> Store.open(tmp.resolve("nope")));
    assertFalse(missing instanceof CorruptStoreException, missing.toString());
    assertTrue(missing.getMessage().endsWith("nope: no store here (no such directory)"), missing.getMessage());
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertTrue(assertThrows(InvalidInputException.class, () -> Store.open(file)).getMessage()
        .endsWith("no store here (a file, not a directory)"));
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    InvalidInputException none = assertThrows(InvalidInputException.class, () -> CurrentGeneration.open(empty));
    assertInstanceOf(InvalidInputException.class, none);
    assertTrue(none.getMessage().contains("no generation published yet"), none.getMessage());
  }
}
