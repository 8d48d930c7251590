package org.strata.datasets;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with hand-written number formatting: no String, no Formatter, no Locale. */
final class ByteSink {
    private byte[] bytes;
    private int size;

    ByteSink(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    byte[] array() {
        return bytes;
    }

    void clear() {
        size = 0;
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }

    ByteSink put(byte b) {
        ensure(1);
        bytes[size++] = b;
        return this;
    }

    ByteSink put(byte[] src) {
        return put(src, 0, src.length);
    }

    ByteSink put(byte[] src, int from, int length) {
        ensure(length);
        System.arraycopy(src, from, bytes, size, length);
        size += length;
        return this;
    }

    ByteSink putAscii(String s) {
        return put(s.getBytes(StandardCharsets.UTF_8));
    }

    ByteSink putLong(long value) {
        ensure(20);
        if (value < 0) {
            bytes[size++] = '-';
            value = -value;
        }
        int start = size;
        do {
            bytes[size++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int i = start, j = size - 1; i < j; i++, j--) { // digits were written backwards
            byte t = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = t;
        }
        return this;
    }

    /** A fixed-point value: {@code scaled / 10^decimals}, written with exactly {@code decimals} decimals. */
    ByteSink putFixed(long scaled, int decimals) {
        if (scaled < 0) {
            put((byte) '-');
            scaled = -scaled;
        }
        long unit = 1;
        for (int i = 0; i < decimals; i++) {
            unit *= 10;
        }
        putLong(scaled / unit);
        put((byte) '.');
        long fraction = scaled % unit;
        for (long u = unit / 10; u >= 1; u /= 10) {
            put((byte) ('0' + (fraction / u) % 10));
        }
        return this;
    }
}
