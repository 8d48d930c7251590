package org.strata.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain, obviously-correct CSV reader for tests: character at a time, RFC 4180 quoting, physical line
 * numbers, and the ingest's recovery rule from docs/INPUT.md — a record that spans several physical lines
 * and turns out malformed is reported as {@code unbalanced_quote} on its first line, and reading resumes at
 * the next physical line.
 */
final class ReferenceCsv {
    /** A record (or a quarantined line) starting at a 1-based physical line. */
    record Record(int line, List<String> fields, String problem) {
    }

    private ReferenceCsv() {
    }

    /** Fields of a record that fits on one line (e.g. practices.csv rows). */
    static List<String> splitRecord(String line) {
        List<Record> records = read("header\n" + line + "\n", -1);
        return records.get(0).fields();
    }

    /**
     * @param text the whole file
     * @param expectedFields fields every record must have, or -1 to accept any count
     */
    static List<Record> read(String text, int expectedFields) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].endsWith("\r")) {
                lines[i] = lines[i].substring(0, lines[i].length() - 1);
            }
        }
        List<Record> records = new ArrayList<>();
        int i = 1; // line index 0 is the header
        while (i < lines.length) {
            if (lines[i].isEmpty()) {
                i++;
                continue;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean inQuotes = false, afterQuote = false, bad = false;
            int j = i, pos = 0;
            String line = lines[j];
            while (true) {
                if (pos == line.length()) {
                    if (inQuotes) {
                        if (j + 1 >= lines.length) {
                            bad = true; // end of file inside quotes
                            break;
                        }
                        j++;
                        line = lines[j];
                        pos = 0;
                        field.append('\n');
                        continue;
                    }
                    fields.add(field.toString());
                    break;
                }
                char c = line.charAt(pos++);
                if (inQuotes) {
                    if (c == '"') {
                        if (pos < line.length() && line.charAt(pos) == '"') {
                            field.append('"');
                            pos++;
                        } else {
                            inQuotes = false;
                            afterQuote = true;
                        }
                    } else {
                        field.append(c);
                    }
                } else if (afterQuote) {
                    if (c == ',') {
                        fields.add(field.toString());
                        field.setLength(0);
                        afterQuote = false;
                    } else {
                        bad = true; // text after a closing quote
                        break;
                    }
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else if (c == '"' && field.toString().isBlank()) {
                    field.setLength(0);
                    inQuotes = true;
                } else {
                    field.append(c);
                }
            }
            boolean wrongCount = expectedFields >= 0 && fields.size() != expectedFields;
            if (bad || wrongCount) {
                String problem = j > i || bad ? "unbalanced_quote" : "malformed_row";
                records.add(new Record(i + 1, fields, problem));
                i++; // quarantine the first line only and resume at the next
            } else {
                records.add(new Record(i + 1, fields, null));
                i = j + 1;
            }
        }
        return records;
    }
}
