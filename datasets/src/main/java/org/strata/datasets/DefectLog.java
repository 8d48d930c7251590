package org.strata.datasets;

import java.util.Arrays;

/** The defects planted in one block, with line numbers relative to the block (0 = its first physical line). */
final class DefectLog {
    private int size;
    private int[] line = new int[16];
    private byte[] defect = new byte[16];
    private int[] column = new int[16];
    private int[] keptLine = new int[16];

    void add(int relativeLine, Defect d, int columnIndex, int keptRelativeLine) {
        if (size == line.length) {
            line = Arrays.copyOf(line, size * 2);
            defect = Arrays.copyOf(defect, size * 2);
            column = Arrays.copyOf(column, size * 2);
            keptLine = Arrays.copyOf(keptLine, size * 2);
        }
        line[size] = relativeLine;
        defect[size] = (byte) d.ordinal();
        column[size] = columnIndex;
        keptLine[size] = keptRelativeLine;
        size++;
    }

    int size() {
        return size;
    }

    int line(int i) {
        return line[i];
    }

    Defect defect(int i) {
        return Defect.at(defect[i]);
    }

    /** Column index, or -1 for a whole-row defect. */
    int column(int i) {
        return column[i];
    }

    /** Relative line of the kept original, or -1 when the defect is not a duplicate. */
    int keptLine(int i) {
        return keptLine[i];
    }
}
