package org.strata.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dirty mode: re-reads the dirty file with {@link ReferenceCsv} and judges every record by the rules of
 * docs/INPUT.md (in their order), then checks that defects.csv names exactly the records that break them,
 * with the right line, column, reason and kept line, and that every other record is valid and identical to
 * the clean footprint of the same seed.
 */
class DirtyModeTest {
    private static final int PATIENTS = 100_000;
    private static final double RATE = 0.05;
    private static final String[] COUNTS = {"emergency_admissions", "ae_attendances", "elective_admissions",
        "outpatient_attendances", "gp_contacts", "bed_days", "medicines", "emergency_admissions_next_12m"};
    private static final int[] COUNT_LIMITS = {50, 200, 100, 300, 500, 366, 100, 50};
    private static final Set<String> FLAGS = Set.of("learning_disability", "palliative_care", "care_home", "housebound",
            "social_care", "carer");

    /** One line of defects.csv. */
    record Planted(int line, String column, String defect, String expected, String detail) {
    }

    @Test
    void manifestNamesEveryBrokenRecordAndNothingElse(@TempDir Path dir) throws IOException {
        FootprintSpec dirtySpec = FootprintSpec.builder().patients(PATIENTS).seed(5L).dirtyRate(RATE).threads(2).build();
        GenerationSummary summary = FootprintGenerator.generate(dirtySpec, dir.resolve("dirty"), ProgressListener.NONE);
        FootprintGenerator.generate(FootprintSpec.builder().patients(PATIENTS).seed(5L).threads(2).build(), dir.resolve("clean"),
                ProgressListener.NONE);
        Map<Integer, Planted> planted = checkAgainstManifest(dir.resolve("dirty"), dir.resolve("clean"));

        // every defect kind appears, and the count matches the rate (binomial, ± 4 standard deviations)
        Set<Defect> kinds = EnumSet.noneOf(Defect.class);
        planted.values().forEach(p -> kinds.add(Defect.valueOf(p.defect().toUpperCase(Locale.ROOT))));
        assertEquals(EnumSet.allOf(Defect.class), kinds, "every defect kind planted");
        double expected = PATIENTS * RATE, sd = Math.sqrt(PATIENTS * RATE * (1 - RATE));
        assertTrue(Math.abs(planted.size() - expected) < 4 * sd, "planted " + planted.size() + " vs " + expected);
        assertEquals(planted.size(), summary.defectRows());
        long quarantined = planted.values().stream().filter(p -> !p.expected().equals("accepted")).count();
        assertEquals(quarantined, summary.defectRows() - summary.defectRows("accepted"));
    }

    @Test
    void shippedDirtyFixtureIsConsistentToo(@TempDir Path dir) throws IOException {
        Path dirty = Fixtures.copySmallDirty(dir.resolve("dirty"));
        Path clean = Fixtures.copySmall(dir.resolve("clean"));
        Map<Integer, Planted> planted = checkAgainstManifest(dirty, clean);
        Set<String> kinds = new HashSet<>();
        planted.values().forEach(p -> kinds.add(p.defect()));
        assertEquals(Defect.count(), kinds.size(), "the 2,000-row fixture carries every defect kind: " + kinds);
    }

    @Test
    void fileLevelFeaturesArePresent(@TempDir Path dir) throws IOException {
        FootprintGenerator.generate(FootprintSpec.builder().patients(3_000).seed(9L).dirtyRate(0.02).build(), dir, ProgressListener.NONE);
        byte[] bytes = Files.readAllBytes(dir.resolve("patients.csv"));
        assertTrue((bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF, "UTF-8 BOM");
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                assertEquals('\r', bytes[i - 1], "CRLF throughout, at byte " + i);
            }
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\r\n\r\n\r\n"), "last record then two blank lines");
        String header = text.substring(1, text.indexOf("\r\n"));
        assertTrue(!header.equals(header.toLowerCase(Locale.ROOT)), "mixed-case header");
        assertTrue(!header.toLowerCase(Locale.ROOT).startsWith("patient_id,practice_code"), "shuffled");
        assertTrue(List.of(header.toLowerCase(Locale.ROOT).split(",")).contains("notes"), "unknown notes column");
        List<String> manifest = Files.readAllLines(dir.resolve("defects.csv"));
        assertEquals("file,line,column,defect,expected,detail", manifest.get(0));
        long fileLevel = manifest.stream().filter(l -> l.startsWith("patients.csv,0,")).count();
        assertEquals(6, fileLevel, "BOM, CRLF, mixed case, shuffled order, notes column, trailing blank lines");
    }

    /** Judges every record of the dirty file and checks it against defects.csv; returns the row defects by line. */
    static Map<Integer, Planted> checkAgainstManifest(Path dirtyDir, Path cleanDir) throws IOException {
        Set<String> practices = new HashSet<>();
        List<String> practiceLines = Files.readAllLines(dirtyDir.resolve("practices.csv"));
        for (String line : practiceLines.subList(1, practiceLines.size())) {
            practices.add(ReferenceCsv.splitRecord(line).get(0));
        }
        String text = Files.readString(dirtyDir.resolve("patients.csv"), StandardCharsets.UTF_8);
        String headerLine = text.substring(1, text.indexOf("\r\n"));
        String[] header = headerLine.split(",");
        for (int i = 0; i < header.length; i++) {
            header[i] = header[i].trim().toLowerCase(Locale.ROOT);
        }
        List<ReferenceCsv.Record> records = ReferenceCsv.read(text, header.length);

        Map<Integer, Planted> planted = new HashMap<>();
        List<String> manifest = Files.readAllLines(dirtyDir.resolve("defects.csv"));
        for (String line : manifest.subList(1, manifest.size())) {
            String[] f = line.split(",", -1);
            assertEquals(6, f.length, line);
            assertEquals("patients.csv", f[0]);
            int at = Integer.parseInt(f[1]);
            if (at > 0) {
                assertTrue(planted.put(at, new Planted(at, f[2], f[3], f[4], f[5])) == null, "one defect per row: " + line);
            }
        }

        Map<String, Map<String, String>> clean = readClean(cleanDir.resolve("patients.csv"));
        Map<String, Integer> keptLineOfId = new HashMap<>();
        Set<Integer> recordLines = new HashSet<>();
        for (ReferenceCsv.Record record : records) {
            recordLines.add(record.line());
            Planted p = planted.get(record.line());
            String reason;
            Integer keptLine = null;
            Map<String, String> row = null;
            if (record.problem() != null) {
                reason = record.problem();
            } else {
                row = new HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], record.fields().get(i).trim());
                }
                reason = judge(row, practices);
                if (reason == null) {
                    String id = row.get("patient_id").replace(" ", "");
                    keptLine = keptLineOfId.putIfAbsent(id, record.line());
                    reason = keptLine == null ? "accepted" : "duplicate_patient_id";
                }
            }
            String where = "line " + record.line() + (p == null ? " (not in defects.csv)" : " (" + p.defect() + ")");
            assertEquals(p == null ? "accepted" : p.expected(), reason, where);
            if (p != null && p.detail().startsWith("kept_line=")) {
                assertEquals(Integer.parseInt(p.detail().substring("kept_line=".length())), keptLine, where + " kept line");
            }
            if (p != null && !p.column().isEmpty() && record.problem() == null) {
                assertTrue(List.of(header).contains(p.column()), where + " names a real column: " + p.column());
            }
            if (p == null) {
                // a clean row: valid, and the same values as the clean footprint of the same seed
                Map<String, String> same = clean.get(row.get("patient_id"));
                assertNotNull(same, where + " has a patient of the clean footprint");
                for (Map.Entry<String, String> e : same.entrySet()) {
                    assertEquals(e.getValue(), row.get(e.getKey()), where + " column " + e.getKey());
                }
            }
        }
        for (Integer line : planted.keySet()) {
            assertTrue(recordLines.contains(line), "defects.csv line " + line + " is where a record starts");
        }
        return planted;
    }

    /** The first docs/INPUT.md rule the row breaks, in the documented order; null if valid (duplicates aside). */
    static String judge(Map<String, String> row, Set<String> practices) {
        String id = row.get("patient_id").replace(" ", "");
        if (!id.matches("\\d{10}") || !NhsNumbers.isValid(id)) {
            return "invalid_nhs_number";
        }
        if (row.get("age").isEmpty() || row.get("sex").isEmpty()) {
            return "missing_value";
        }
        Map<String, long[]> numeric = new HashMap<>(); // name → {min, max}
        numeric.put("age", new long[] {0, 120});
        numeric.put("imd_decile", new long[] {1, 10});
        numeric.put("efi_deficits", new long[] {0, 36});
        for (int i = 0; i < COUNTS.length; i++) {
            numeric.put(COUNTS[i], new long[] {0, COUNT_LIMITS[i]});
        }
        for (String name : numeric.keySet()) {
            String value = row.get(name);
            if (!value.isEmpty() && !value.matches("-?\\d+")) {
                return "not_a_number";
            }
        }
        String cost = row.get("cost_12m");
        if (!cost.isEmpty() && !cost.matches("-?\\d+(\\.\\d+)?")) {
            return "not_a_number";
        }
        for (Map.Entry<String, long[]> e : numeric.entrySet()) {
            String value = row.get(e.getKey());
            if (!value.isEmpty() && (Long.parseLong(value) < e.getValue()[0] || Long.parseLong(value) > e.getValue()[1])) {
                return "out_of_range";
            }
        }
        if (!cost.isEmpty() && (Double.parseDouble(cost) < 0 || Double.parseDouble(cost) > 5_000_000)) {
            return "out_of_range";
        }
        if (!Set.of("M", "F", "U", "1", "2", "9", "0").contains(row.get("sex").toUpperCase(Locale.ROOT))) {
            return "invalid_code";
        }
        for (String name : ReferenceData.get().conditionNames) {
            if (!Set.of("", "0", "1").contains(row.get(name))) {
                return "invalid_code";
            }
        }
        for (String name : FLAGS) {
            if (!Set.of("", "0", "1").contains(row.get(name))) {
                return "invalid_code";
            }
        }
        String practice = row.get("practice_code");
        if (!practice.isEmpty() && !practices.contains(practice)) {
            return "unknown_practice";
        }
        if (practice.isEmpty() && row.get("lsoa").isEmpty()) {
            return "missing_lsoa";
        }
        return null;
    }

    private static Map<String, Map<String, String>> readClean(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",");
        Map<String, Map<String, String>> byId = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], f[i]);
            }
            byId.put(f[0], row);
        }
        return byId;
    }
}
