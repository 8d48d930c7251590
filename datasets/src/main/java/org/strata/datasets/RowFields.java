package org.strata.datasets;

/**
 * One row's fields, formatted into a scratch buffer by hand, then joined in any column order. Formatting
 * first and joining second lets a dirty file shuffle columns and replace single values without a second
 * code path.
 */
final class RowFields {
    private final ByteSink scratch = new ByteSink(1024);
    private final int[] start;
    private final int[] end;

    RowFields(int columns) {
        start = new int[columns];
        end = new int[columns];
    }

    void reset() {
        scratch.clear();
    }

    void putLong(int column, long value) {
        start[column] = scratch.size();
        scratch.putLong(value);
        end[column] = scratch.size();
    }

    void putPence(int column, long pence) {
        start[column] = scratch.size();
        scratch.putFixed(pence, 2);
        end[column] = scratch.size();
    }

    void putBytes(int column, byte[] value) {
        start[column] = scratch.size();
        scratch.put(value);
        end[column] = scratch.size();
    }

    void putByte(int column, byte value) {
        start[column] = scratch.size();
        scratch.put(value);
        end[column] = scratch.size();
    }

    /** For the rare planted defects only: a String is fine off the hot path. */
    void putText(int column, String value) {
        start[column] = scratch.size();
        scratch.putAscii(value);
        end[column] = scratch.size();
    }

    void putEmpty(int column) {
        start[column] = scratch.size();
        end[column] = scratch.size();
    }

    String text(int column) {
        return new String(scratch.array(), start[column], end[column] - start[column], java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Appends the first {@code count} columns of {@code order}, comma separated, then {@code lineEnd}. */
    void writeTo(ByteSink out, int[] order, int count, byte[] lineEnd) {
        byte[] bytes = scratch.array();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.put((byte) ',');
            }
            int column = order[i];
            out.put(bytes, start[column], end[column] - start[column]);
        }
        out.put(lineEnd);
    }
}
