package org.strata.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written number formatting against the JDK's, which is obviously right, on seeded random values. */
class ByteSinkRandomTest {

    @Test
    void longsFormatLikeLongToString() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int k = 0; k < 2_000; k++) {
            long value = rnd.nextLong(-1_000_000_000_000L, 1_000_000_000_001L);
            ByteSink sink = new ByteSink(4);
            sink.putLong(value);
            assertEquals(Long.toString(value), new String(sink.array(), 0, sink.size(), StandardCharsets.US_ASCII));
        }
        for (long edge : new long[] {0, -1, 1, 9, 10, -10, Long.MAX_VALUE, Long.MIN_VALUE + 1}) {
            ByteSink sink = new ByteSink(4);
            sink.putLong(edge);
            assertEquals(Long.toString(edge), new String(sink.array(), 0, sink.size(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void fixedPointFormatsLikeBigDecimal() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int k = 0; k < 2_000; k++) {
            long scaled = rnd.nextLong(-10_000_000_000L, 10_000_000_001L);
            int decimals = 1 + rnd.nextInt(6);
            ByteSink sink = new ByteSink(4);
            sink.putFixed(scaled, decimals);
            assertEquals(BigDecimal.valueOf(scaled, decimals).toPlainString(),
                    new String(sink.array(), 0, sink.size(), StandardCharsets.US_ASCII), scaled + "/" + decimals);
        }
    }
}
