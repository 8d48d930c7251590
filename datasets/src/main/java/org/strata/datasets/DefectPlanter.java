package org.strata.datasets;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Writes one block's rows in the dirty layout and plants defects: each row independently with probability
 * {@code rate}, one defect per row. Defect kinds are taken in turn (round robin from a seeded start) rather
 * than at random, so even a small file carries every kind.
 *
 * <p>Duplicates copy a row from a bounded reservoir ({@value #RESERVOIR} rows) of earlier clean rows of the
 * same block: memory stays bounded at any footprint size, and the original is always an earlier, clean,
 * valid row that no defect touches afterwards.
 */
final class DefectPlanter {
    static final int RESERVOIR = 16;
    private static final String[] PLAIN_NOTES = {"phone review", "did not attend", "interpreter needed", "moved house",
        "annual review due", "seen by nurse"};
    private static final String[] COMMA_NOTES = {"\"called, no answer\"", "\"letter sent, awaiting reply\"",
        "\"bloods done, results pending\""};
    private static final String[] QUOTE_NOTES = {"\"prefers \"\"Bob\"\" at reception\"", "\"said \"\"fine\"\" on the phone\""};
    private static final String[] NEWLINE_NOTES = {"\"moved house\r\nnew address pending\"", "\"carer present\r\nconsent recorded\""};

    private final double rate;
    private final Columns columns;
    private final DirtyLayout layout;
    private final SplittableRandom rng;
    private final SummaryCounters counters;
    private final DefectLog log = new DefectLog();
    private final int[] order;
    private final int[] countColumns;
    private int nextDefect;
    private int physicalLines;

    private final byte[][] keptRow = new byte[RESERVOIR][];
    private final String[] keptId = new String[RESERVOIR];
    private final int[] keptLine = new int[RESERVOIR];
    private int kept;
    private long cleanSeen;

    DefectPlanter(double rate, Columns columns, DirtyLayout layout, SplittableRandom rng, SummaryCounters counters) {
        this.rate = rate;
        this.columns = columns;
        this.layout = layout;
        this.rng = rng;
        this.counters = counters;
        this.order = layout.order;
        this.countColumns = columns.countColumns();
        this.nextDefect = rng.nextInt(Defect.count());
    }

    int physicalLines() {
        return physicalLines;
    }

    DefectLog log() {
        return log;
    }

    /** Writes the row (its fields already formatted in clean form) with or without a defect. */
    void emit(RowFields f, ByteSink out) {
        final int line = physicalLines;
        physicalLines++;
        if (rng.nextDouble() >= rate) {
            if (rng.nextInt(40) == 0) {
                f.putText(columns.notes, PLAIN_NOTES[rng.nextInt(PLAIN_NOTES.length)]);
            } else {
                f.putEmpty(columns.notes);
            }
            int from = out.size();
            f.writeTo(out, order, order.length, DirtyLayout.CRLF);
            remember(f, out, from, line);
            return;
        }
        f.putEmpty(columns.notes);
        Defect d = Defect.at(nextDefect);
        if ((d == Defect.DUPLICATE_ROW || d == Defect.DUPLICATE_ID) && kept == 0) {
            d = Defect.at((nextDefect + 2) % Defect.count()); // nothing clean yet to copy: not a duplicate kind
        }
        nextDefect = (nextDefect + 1) % Defect.count();
        counters.defects[d.ordinal()]++;
        plant(d, f, out, line);
    }

    private void remember(RowFields f, ByteSink out, int from, int line) {
        cleanSeen++;
        int slot;
        if (kept < RESERVOIR) {
            slot = kept++;
        } else {
            long j = rng.nextLong(cleanSeen); // reservoir sampling: every clean row equally likely to be kept
            if (j >= RESERVOIR) {
                return;
            }
            slot = (int) j;
        }
        keptRow[slot] = Arrays.copyOfRange(out.array(), from, out.size());
        keptId[slot] = f.text(Columns.PATIENT_ID);
        keptLine[slot] = line;
    }

    private void plant(Defect d, RowFields f, ByteSink out, int line) {
        int column = -1;
        int kept = -1;
        int fieldCount = order.length;
        byte[] tail = null;
        String id = f.text(Columns.PATIENT_ID);
        switch (d) {
            case NHS_BAD_CHECK_DIGIT: {
                int check = id.charAt(9) - '0';
                column = set(f, Columns.PATIENT_ID, id.substring(0, 9) + (check + 1 + rng.nextInt(9)) % 10);
                break;
            }
            case NHS_NINE_DIGITS:
                column = set(f, Columns.PATIENT_ID, id.substring(0, 9));
                break;
            case NHS_LETTERS: {
                int at = 3 + rng.nextInt(6);
                column = set(f, Columns.PATIENT_ID, id.substring(0, at) + "OISB".charAt(rng.nextInt(4)) + id.substring(at + 1));
                break;
            }
            case NHS_REPEATED_DIGIT: {
                char digit = (char) ('0' + rng.nextInt(10));
                column = set(f, Columns.PATIENT_ID, String.valueOf(digit).repeat(10));
                break;
            }
            case NHS_SPACED:
                column = set(f, Columns.PATIENT_ID, id.substring(0, 3) + " " + id.substring(3, 6) + " " + id.substring(6));
                break;
            case DUPLICATE_ROW: {
                int slot = rng.nextInt(this.kept);
                out.put(keptRow[slot]);
                log.add(line, d, -1, keptLine[slot]);
                return;
            }
            case DUPLICATE_ID: {
                int slot = rng.nextInt(this.kept);
                column = set(f, Columns.PATIENT_ID, keptId[slot]);
                kept = keptLine[slot];
                break;
            }
            case BLANK_AGE:
                column = set(f, Columns.AGE, "");
                break;
            case BLANK_SEX:
                column = set(f, Columns.SEX, "");
                break;
            case BLANK_OPTIONAL: {
                int pick = rng.nextInt(countColumns.length + 2);
                int c = pick < countColumns.length ? countColumns[pick] : pick == countColumns.length ? Columns.IMD_DECILE : columns.cost;
                column = set(f, c, "");
                break;
            }
            case AGE_OUT_OF_RANGE:
                column = set(f, Columns.AGE, String.valueOf(rng.nextBoolean() ? 121 + rng.nextInt(30) : -1 - rng.nextInt(5)));
                break;
            case AGE_NOT_NUMBER: {
                String age = f.text(Columns.AGE);
                column = set(f, Columns.AGE, age.endsWith("0") ? age.substring(0, age.length() - 1) + "O" : age + "y");
                break;
            }
            case SEX_INVALID:
                column = set(f, Columns.SEX, "X");
                break;
            case SEX_NUMERIC: {
                String sex = f.text(Columns.SEX);
                column = set(f, Columns.SEX, sex.equals("M") ? "1" : sex.equals("F") ? "2" : rng.nextBoolean() ? "9" : "0");
                break;
            }
            case FLAG_NOT_BINARY: {
                int c = rng.nextInt(columns.conditionCount + 6);
                c = c < columns.conditionCount ? Columns.FIRST_CONDITION + c : columns.learningDisability + (c - columns.conditionCount);
                column = set(f, c, rng.nextBoolean() ? "2" : "Y");
                break;
            }
            case EFI_OUT_OF_RANGE:
                column = set(f, columns.efiDeficits, String.valueOf(37 + rng.nextInt(63)));
                break;
            case IMD_OUT_OF_RANGE:
                column = set(f, Columns.IMD_DECILE, rng.nextBoolean() ? "0" : "11");
                break;
            case COUNT_NEGATIVE:
                column = set(f, countColumns[rng.nextInt(countColumns.length)], String.valueOf(-1 - rng.nextInt(9)));
                break;
            case COUNT_ABSURD: {
                int pick = rng.nextInt(countColumns.length);
                int limit = Columns.upperLimitOfCount(pick);
                column = set(f, countColumns[pick], String.valueOf(limit + 1 + rng.nextInt(limit * 2)));
                break;
            }
            case UNKNOWN_PRACTICE:
                // practices.csv only holds X-prefixed codes
                column = set(f, Columns.PRACTICE_CODE, "Y" + FootprintPlan.zeroPad(rng.nextInt(100_000), 5));
                break;
            case UNREGISTERED_NO_LSOA:
                set(f, Columns.PRACTICE_CODE, "");
                column = set(f, Columns.LSOA, "");
                break;
            case TOO_FEW_FIELDS:
                fieldCount--;
                break;
            case TOO_MANY_FIELDS:
                tail = new byte[] {',', '0'};
                break;
            case UNBALANCED_QUOTE: {
                int last = layout.lastColumn();
                column = set(f, last, "\"" + f.text(last));
                break;
            }
            case NOTES_QUOTED_COMMA:
                column = set(f, columns.notes, COMMA_NOTES[rng.nextInt(COMMA_NOTES.length)]);
                break;
            case NOTES_QUOTED_QUOTE:
                column = set(f, columns.notes, QUOTE_NOTES[rng.nextInt(QUOTE_NOTES.length)]);
                break;
            case NOTES_QUOTED_NEWLINE:
                column = set(f, columns.notes, NEWLINE_NOTES[rng.nextInt(NEWLINE_NOTES.length)]);
                physicalLines++; // the records after this one start a line later
                break;
            case PADDED_VALUE: {
                int pick = rng.nextInt(countColumns.length + 2);
                int c = pick < countColumns.length ? countColumns[pick] : pick == countColumns.length ? Columns.AGE : columns.efiDeficits;
                column = set(f, c, " " + f.text(c) + " ");
                break;
            }
            default:
                throw new IllegalStateException("unhandled defect " + d);
        }
        if (tail == null) {
            f.writeTo(out, order, fieldCount, DirtyLayout.CRLF);
        } else {
            f.writeTo(out, order, fieldCount, new byte[0]);
            out.put(tail).put(DirtyLayout.CRLF);
        }
        log.add(line, d, column, kept);
    }

    private static int set(RowFields f, int column, String value) {
        f.putText(column, value);
        return column;
    }
}
