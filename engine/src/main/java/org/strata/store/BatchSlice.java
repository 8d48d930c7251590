package org.strata.store;

/**
 * Rows {@code from..from + rows} of record batch {@code batch}, which are store rows {@code firstRow..}: the
 * unit that passes over a store hand to their workers ({@link Store#slices}), small enough for a worker's
 * buffers to stay small whatever the batch size.
 */
public record BatchSlice(int batch, int from, int rows, long firstRow) {}
