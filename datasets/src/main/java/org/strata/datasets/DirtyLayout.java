package org.strata.datasets;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The file-level features of a dirty patients.csv, the same for every row: a UTF-8 byte-order mark, CRLF
 * line endings, header names in mixed case, a shuffled column order and an extra free-text {@code notes}
 * column the ingest must ignore; the file ends with two blank lines.
 *
 * <p>{@code notes} is never the first or last column. Unbalanced quotes are planted in the last column, so
 * the record a lenient reader would try to build from the swallowed lines always has too many fields and
 * cannot pass as valid: the ingest quarantines the first line and resumes at the next one.
 */
final class DirtyLayout {
    static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    static final byte[] CRLF = {'\r', '\n'};
    static final int TRAILING_BLANK_LINES = 2;

    /** Column indexes (see {@link Columns}) in file order. */
    final int[] order;
    final String header;

    DirtyLayout(Columns columns, long seed) {
        SplittableRandom rng = new SplittableRandom(Scramble.streamSeed(seed, 0x4C41594FL, 0));
        int n = columns.names.length;
        order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        do {
            for (int i = n - 1; i > 0; i--) { // Fisher–Yates
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        } while (order[0] == columns.notes || order[n - 1] == columns.notes);
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                h.append(',');
            }
            h.append(mixCase(columns.names[order[i]], rng));
        }
        header = h.toString();
    }

    byte[] headerBytes() {
        return (header + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    int lastColumn() {
        return order[order.length - 1];
    }

    private static String mixCase(String name, SplittableRandom rng) {
        switch (rng.nextInt(4)) {
            case 0:
                return name.toUpperCase(Locale.ROOT);
            case 1: {
                StringBuilder s = new StringBuilder(name.length());
                boolean up = true;
                for (char c : name.toCharArray()) {
                    s.append(up ? Character.toUpperCase(c) : c);
                    up = c == '_';
                }
                return s.toString();
            }
            case 2:
                return name;
            default: {
                StringBuilder s = new StringBuilder(name.length());
                for (char c : name.toCharArray()) {
                    s.append(rng.nextBoolean() ? Character.toUpperCase(c) : c);
                }
                return s.toString();
            }
        }
    }
}
