package org.strata.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * On seeded random data: the 5-byte NHS number key codec. A failure names its seed.
 */
class PatientIndexRandomTest {

  @Test
  void nhsKeyCodecRoundTrips() {
    SplittableRandom rnd = new SplittableRandom(42);
    for (int k = 0; k < 1000; k++) {
      long n = rnd.nextInt(1_000_000_000) * 10L;
      // the codec must round-trip every 10-digit value, valid or not
      for (long candidate : new long[] {n, n + 9, 9_999_999_999L - n}) {
        net.openhft.chronicle.bytes.Bytes<?> bytes = net.openhft.chronicle.bytes.Bytes.allocateElasticOnHeap(8);
        PatientIndex.NhsKeyMarshaller.INSTANCE.write(bytes, 5, new PatientIndex.NhsKey(candidate));
        assertEquals(PatientIndex.NHS_KEY_BYTES, bytes.readRemaining());
        assertEquals(candidate, PatientIndex.NhsKeyMarshaller.INSTANCE.read(bytes, 5, null).value, "n=" + n);
      }
    }
  }
}
