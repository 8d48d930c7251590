package org.strata.datasets;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a flat footprint (patients.csv as {@link FootprintGenerator} writes it) as the event-level extract it
 * summarises: a demographic {@code patients.csv} (date of birth instead of age) and {@code gp_events.csv},
 * {@code apc_spells.csv}, {@code ae_attendances.csv}, {@code op_attendances.csv} and {@code medications.csv}, such
 * that the engine's default features, over the shipped code lists, derive every flat column back exactly.
 *
 * <p>Each person's events are drawn from a random stream of their own (seed and row), in the person's row order:
 * a condition is one code of its list on a day in its window; the eFI's deficits are codes of that many deficit
 * groups; the last 12 months' GP contacts are that many distinct days each with an entry (every other entry of
 * those months falls on one of them); admissions are spells whose nights in the window add up to the bed days;
 * decoys test the windows (a cancer code over 5 years old, an eGFR below 60 followed by a normal one, a
 * housebound code later resolved); and {@code historyYears} of older entries no feature reads fill the record.
 */
public final class EventFootprint {
    /** The columns of the demographic patients file: what a flat extract has that no event gives. */
    static final List<String> PATIENT_COLUMNS = List.of("patient_id", "practice_code", "lsoa", "date_of_birth", "sex",
        "imd_decile", "painful_condition", "social_care", "carer", "cost_12m", "emergency_admissions_next_12m");

    /** The condition and register columns and the list each is drawn from (the default features file's). */
    static final Map<String, String> LIST_OF = new HashMap<>();
    static {
        for (String c : List.of("alcohol", "anxiety_depression", "atrial_fibrillation", "cancer", "connective_tissue",
                "copd", "chd", "dementia", "diabetes", "epilepsy", "hearing_loss", "heart_failure", "ibs",
                "psychosis_bipolar", "stroke_tia", "asthma", "hypertension", "learning_disability", "palliative_care",
                "care_home", "housebound")) {
            LIST_OF.put(c, c);
        }
        LIST_OF.put("constipation", "constipation_chronic_snomed_proxy");
    }

    private static final String[] EMERGENCY = {"21", "22", "23", "24", "2A", "2B", "2C", "2D"};
    private static final String[] ELECTIVE = {"11", "12", "13"};
    private static final String[] ICD10 = {"I50.0", "J44.1", "N39.0", "J18.9", "R07.4", "E11.9", "I48.9", "S72.0",
        "K57.3", "R55", "I21.4", "J45.9", "F03", "N18.3", "C34.9", "Z51.1", "M17.1", "H25.9"};

    /** What was written. */
    public record Summary(long patients, long gpEvents, long spells, long aeAttendances, long opAttendances,
        long medications, long bytes, long clipped) {}

    private final EventCodes codes;
    private final int ref;
    private final int start12;
    private final int start5y;
    private final LocalDate reference;
    private final int historyYears;
    private final long seed;
    private long clipped;

    private EventFootprint(EventCodes codes, LocalDate reference, int historyYears, long seed) {
        this.codes = codes;
        this.reference = reference;
        this.ref = (int) reference.toEpochDay();
        this.start12 = (int) reference.minusMonths(12).toEpochDay();
        this.start5y = (int) reference.minusYears(5).toEpochDay();
        this.historyYears = historyYears;
        this.seed = seed;
    }

    /**
     * Writes {@code flatDir}'s footprint into {@code outDir} as events (files under temporary names until complete;
     * practices.csv is copied).
     */
    public static Summary write(Path flatDir, Path outDir, LocalDate reference, int historyYears, long seed,
                                EventCodes codes) throws IOException {
        Files.createDirectories(outDir);
        EventFootprint f = new EventFootprint(codes, reference, historyYears, seed);
        String[] names = {"patients", "gp_events", "apc_spells", "ae_attendances", "op_attendances", "medications",
            "flat/patients"};
        Files.createDirectories(outDir.resolve("flat"));
        Path[] tmp = new Path[names.length];
        OutputStream[] out = new OutputStream[names.length];
        long[] rows = new long[names.length];
        boolean ok = false;
        try {
            for (int i = 0; i < names.length; i++) {
                tmp[i] = outDir.resolve(names[i] + ".csv.tmp");
                out[i] = new BufferedOutputStream(Files.newOutputStream(tmp[i]), 1 << 20);
            }
            out[0].write((String.join(",", PATIENT_COLUMNS) + "\n").getBytes(StandardCharsets.US_ASCII));
            out[1].write("patient_id,date,code,value\n".getBytes(StandardCharsets.US_ASCII));
            out[2].write("patient_id,admission_date,discharge_date,admission_method,diagnoses\n"
                .getBytes(StandardCharsets.US_ASCII));
            out[3].write("patient_id,arrival_date\n".getBytes(StandardCharsets.US_ASCII));
            out[4].write("patient_id,appointment_date\n".getBytes(StandardCharsets.US_ASCII));
            out[5].write("patient_id,date,code\n".getBytes(StandardCharsets.US_ASCII));
            String flatHeader;
            ByteSink[] sinks = new ByteSink[names.length];
            for (int i = 0; i < names.length; i++) {
                sinks[i] = new ByteSink(1 << 16);
            }
            try (BufferedReader in = Files.newBufferedReader(flatDir.resolve(FootprintGenerator.PATIENTS))) {
                flatHeader = in.readLine();
                out[6].write((flatHeader + "\n").getBytes(StandardCharsets.US_ASCII));
                String[] header = flatHeader.split(",", -1);
                Map<String, Integer> at = new HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    at.put(header[i], i);
                }
                String line;
                long row = 0;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    String[] v = line.split(",", -1);
                    f.person(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + row++), v, at, sinks, rows);
                    for (int i = 0; i < names.length; i++) {
                        if (sinks[i].size() > 1 << 15) {
                            out[i].write(sinks[i].array(), 0, sinks[i].size());
                            sinks[i].clear();
                        }
                    }
                }
            }
            long bytes = 0;
            for (int i = 0; i < names.length; i++) {
                out[i].write(sinks[i].array(), 0, sinks[i].size());
                out[i].close();
                bytes += i < 6 ? Files.size(tmp[i]) : 0;
            }
            for (int i = 0; i < names.length; i++) {
                Files.move(tmp[i], outDir.resolve(names[i] + ".csv"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            }
            for (String practices : new String[] {FootprintGenerator.PRACTICES, "flat/" + FootprintGenerator.PRACTICES}) {
                Files.copy(flatDir.resolve(FootprintGenerator.PRACTICES), outDir.resolve(practices),
                    StandardCopyOption.REPLACE_EXISTING);
            }
            ok = true;
            return new Summary(rows[0], rows[1], rows[2], rows[3], rows[4], rows[5], bytes, f.clipped);
        } finally {
            for (int i = 0; i < names.length; i++) {
                if (out[i] != null) {
                    out[i].close();
                }
                if (!ok && tmp[i] != null) {
                    Files.deleteIfExists(tmp[i]);
                }
            }
        }
    }

    /** One person: their demographic row and every event. */
    private void person(SplittableRandom rnd, String[] v, Map<String, Integer> at, ByteSink[] s, long[] rows) {
        String id = v[at.get("patient_id")];
        int age = Integer.parseInt(v[at.get("age")]);
        int bornLo = (int) reference.minusYears(age + 1L).plusDays(1).toEpochDay();
        int bornHi = (int) reference.minusYears(age).toEpochDay();
        int born = bornLo + rnd.nextInt(bornHi - bornLo + 1);
        ByteSink p = s[0];
        for (int i = 0; i < PATIENT_COLUMNS.size(); i++) {
            String c = PATIENT_COLUMNS.get(i);
            if (i > 0) {
                p.put((byte) ',');
            }
            if (c.equals("date_of_birth")) {
                putDate(p, born);
            } else {
                Integer k = at.get(c);
                p.putAscii(k == null ? "" : v[k]);
            }
        }
        p.put((byte) '\n');
        rows[0]++;

        // the last 12 months' contact days, each with an entry
        int first12 = Math.max(start12 + 1, born);
        int contacts = count(v, at, "gp_contacts");
        contacts = Math.min(contacts, ref - first12 + 1); // no more contact days than days (alive) in the year
        int[] days = distinctDays(rnd, first12, ref, contacts);
        Events e = new Events(id, born, days, s[1], rows);
        for (int d : days) {
            e.gp(d, codes.noise[zipf(rnd, codes.noise.length)], rnd.nextInt(4) == 0 ? 5000 + rnd.nextInt(15000) : -1);
        }
        // conditions and registers
        int houseboundDay = Integer.MIN_VALUE;
        for (Map.Entry<String, String> c : SORTED_LISTS) {
            if (flag(v, at, c.getKey())) {
                int lo = c.getKey().equals("cancer") ? start5y + 1 : born;
                int day = place(rnd, e, lo);
                e.gp(day, pick(rnd, codes.of(c.getValue())), -1);
                if (c.getKey().equals("housebound")) {
                    houseboundDay = day;
                }
            }
        }
        if (!flag(v, at, "cancer") && rnd.nextInt(50) == 0 && born <= start5y) {
            e.gp(born + rnd.nextInt(start5y - born + 1), pick(rnd, codes.of("cancer")), -1); // over 5 years ago
        }
        if (flag(v, at, "housebound") && rnd.nextInt(10) == 0) {
            int before = placeBefore(rnd, e, houseboundDay);
            if (before != Integer.MIN_VALUE) {
                e.gp(before, pick(rnd, codes.of("housebound_resolved")), -1); // a resolution before the code
            }
        } else if (!flag(v, at, "housebound") && age >= 70 && rnd.nextInt(20) == 0) {
            int d1 = place(rnd, e, born);
            int d2 = place(rnd, e, born);
            if (d1 != d2) {
                e.gp(Math.min(d1, d2), pick(rnd, codes.of("housebound")), -1);
                e.gp(Math.max(d1, d2), pick(rnd, codes.of("housebound_resolved")), -1); // ... and later resolved
            }
        }
        kidneys(rnd, v, at, e, age);
        // the eFI's deficits: that many distinct groups
        int deficits = count(v, at, "efi_deficits");
        deficits = Math.min(deficits, codes.efiGroups.size()); // the 36th, polypharmacy, is not coded
        int[] groups = choose(rnd, codes.efiGroups.size(), deficits);
        for (int g : groups) {
            e.gp(place(rnd, e, born), pick(rnd, codes.efiGroups.get(g)), -1);
        }
        // older entries no feature reads
        int oldest = Math.max(born, ref - 365 * historyYears);
        if (oldest <= start12) {
            int n = (int) (historyYears * (1 + contacts) * (0.5 + rnd.nextDouble()));
            for (int i = 0; i < n; i++) {
                e.gp(oldest + rnd.nextInt(start12 - oldest + 1), codes.noise[zipf(rnd, codes.noise.length)],
                    rnd.nextInt(4) == 0 ? 5000 + rnd.nextInt(15000) : -1);
            }
        }
        int nights = spells(rnd, v, at, id, born, s[2], rows);
        attendances(rnd, count(v, at, "ae_attendances"), id, born, s[3], rows, 3);
        attendances(rnd, count(v, at, "outpatient_attendances"), id, born, s[4], rows, 4);
        medicines(rnd, count(v, at, "medicines"), id, born, s[5], rows);
        // the flat twin: the row, with what the events could hold where it is less than the flat value asked
        ByteSink t = s[6];
        int contactsColumn = at.get("gp_contacts");
        int efiColumn = at.get("efi_deficits");
        int bedColumn = at.get("bed_days");
        if (e.daysInYear.size() != count(v, at, "gp_contacts") || deficits != count(v, at, "efi_deficits")
            || nights != count(v, at, "bed_days")) {
            clipped++;
        }
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                t.put((byte) ',');
            }
            if (i == contactsColumn) {
                t.putLong(e.daysInYear.size());
            } else if (i == efiColumn) {
                t.putLong(deficits);
            } else if (i == bedColumn) {
                t.putLong(nights);
            } else {
                t.putAscii(v[i]);
            }
        }
        t.put((byte) '\n');
    }

    /** {@link #LIST_OF} in column-name order: the order each person's condition events are drawn in. */
    private static final List<Map.Entry<String, String>> SORTED_LISTS = LIST_OF.entrySet().stream()
        .sorted(Map.Entry.comparingByKey()).toList();

    /** CKD: half by a stage 3-5 diagnosis, half by eGFR (a normal value, then one below 60); decoys without. */
    private void kidneys(SplittableRandom rnd, String[] v, Map<String, Integer> at, Events e, int age) {
        long[] egfr = codes.of("ckd");
        if (flag(v, at, "ckd")) {
            if (rnd.nextBoolean()) {
                e.gp(place(rnd, e, e.born), pick(rnd, codes.of("ckd_stage3_5_diagnosis")), -1);
            } else {
                int d1 = place(rnd, e, e.born);
                int d2 = place(rnd, e, e.born);
                e.gp(Math.min(d1, d2), pick(rnd, egfr), 6000 + rnd.nextInt(3000));
                e.gp(Math.max(d1, d2), pick(rnd, egfr), 1500 + rnd.nextInt(4499)); // same day: the lower counts
            }
        } else if (age >= 40 && rnd.nextInt(7) == 0) {
            int d1 = place(rnd, e, e.born);
            int d2 = place(rnd, e, e.born);
            if (d1 != d2) {
                e.gp(Math.min(d1, d2), pick(rnd, egfr), 4500 + rnd.nextInt(1499)); // below 60 once ...
                e.gp(Math.max(d1, d2), pick(rnd, egfr), 6000 + rnd.nextInt(3500)); // ... then normal
            }
        }
    }

    /** Emergency and elective spells admitted in the last 12 months whose nights add up to the bed days. */
    private int spells(SplittableRandom rnd, String[] v, Map<String, Integer> at, String id, int born, ByteSink s,
                        long[] rows) {
        int emergency = count(v, at, "emergency_admissions");
        int elective = count(v, at, "elective_admissions");
        int n = emergency + elective;
        int nights = count(v, at, "bed_days");
        int first = Math.max(start12 + 1, born);
        int written = 0;
        if (n > 0) {
            int[] cut = new int[n + 1];
            for (int i = 1; i < n; i++) {
                cut[i] = rnd.nextInt(nights + 1);
            }
            cut[n] = nights;
            Arrays.sort(cut, 1, n);
            for (int i = 0; i < n; i++) {
                int len = cut[i + 1] - cut[i];
                int last = ref - len;
                if (last < first) {
                    len = Math.max(0, ref - first); // a stay longer than the year (or the life) allows
                    last = first;
                }
                written += len;
                int adm = first + rnd.nextInt(last - first + 1);
                spell(s, id, adm, adm + len, i < emergency ? EMERGENCY[rnd.nextInt(EMERGENCY.length)]
                    : ELECTIVE[rnd.nextInt(ELECTIVE.length)], rnd, rows);
            }
        }
        int oldest = Math.max(born, ref - 365 * historyYears);
        if (oldest + 5 < start12 && rnd.nextInt(8) == 0) {
            int len = rnd.nextInt(5);
            int adm = oldest + rnd.nextInt(start12 - len - oldest);
            spell(s, id, adm, adm + len, rnd.nextBoolean() ? EMERGENCY[0] : ELECTIVE[0], rnd, rows);
        }
        return written;
    }

    private static void spell(ByteSink s, String id, int adm, int dis, String method, SplittableRandom rnd,
                              long[] rows) {
        s.putAscii(id).put((byte) ',');
        putDate(s, adm);
        s.put((byte) ',');
        putDate(s, dis);
        s.put((byte) ',').putAscii(method).put((byte) ',');
        int k = 1 + rnd.nextInt(3);
        for (int i = 0; i < k; i++) {
            if (i > 0) {
                s.put((byte) ';');
            }
            s.putAscii(ICD10[rnd.nextInt(ICD10.length)]);
        }
        s.put((byte) '\n');
        rows[2]++;
    }

    private void attendances(SplittableRandom rnd, int n, String id, int born, ByteSink s, long[] rows, int file) {
        int first = Math.max(start12 + 1, born);
        for (int i = 0; i < n; i++) {
            s.putAscii(id).put((byte) ',');
            putDate(s, first + rnd.nextInt(ref - first + 1));
            s.put((byte) '\n');
            rows[file]++;
        }
        int oldest = Math.max(born, ref - 365 * historyYears);
        for (int i = 0; oldest <= start12 && i < n * historyYears / 4; i++) {
            s.putAscii(id).put((byte) ',');
            putDate(s, oldest + rnd.nextInt(start12 - oldest + 1));
            s.put((byte) '\n');
            rows[file]++;
        }
    }

    /** That many distinct medicines issued in the last 12 months (some more than once), and older issues. */
    private void medicines(SplittableRandom rnd, int n, String id, int born, ByteSink s, long[] rows) {
        int first = Math.max(start12 + 1, born);
        int[] which = choose(rnd, codes.medicines.length, Math.min(n, codes.medicines.length));
        for (int m : which) {
            int issues = 1 + rnd.nextInt(4);
            for (int i = 0; i < issues; i++) {
                s.putAscii(id).put((byte) ',');
                putDate(s, first + rnd.nextInt(ref - first + 1));
                s.put((byte) ',').putLong(codes.medicines[m]).put((byte) '\n');
                rows[5]++;
            }
        }
        int oldest = Math.max(born, ref - 365 * historyYears);
        for (int i = 0; oldest <= start12 && i < n * historyYears / 2; i++) {
            s.putAscii(id).put((byte) ',');
            putDate(s, oldest + rnd.nextInt(start12 - oldest + 1));
            s.put((byte) ',').putLong(codes.medicines[rnd.nextInt(codes.medicines.length)]).put((byte) '\n');
            rows[5]++;
        }
    }

    /** A person's GP events as they are written. */
    private final class Events {
        final String id;
        final int born;
        final int[] contactDays;
        final ByteSink s;
        final long[] rows;
        /** The distinct days of the last 12 months with an entry: the GP contacts the events give. */
        final java.util.Set<Integer> daysInYear = new java.util.HashSet<>();

        Events(String id, int born, int[] contactDays, ByteSink s, long[] rows) {
            this.id = id;
            this.born = born;
            this.contactDays = contactDays;
            this.s = s;
            this.rows = rows;
        }

        void gp(int day, long code, int valueHundredths) {
            if (day > start12) {
                daysInYear.add(day);
            }
            s.putAscii(id).put((byte) ',');
            putDate(s, day);
            s.put((byte) ',').putLong(code).put((byte) ',');
            if (valueHundredths >= 0) {
                s.putFixed(valueHundredths, 2);
            }
            s.put((byte) '\n');
            rows[1]++;
        }
    }

    /**
     * A day on or after {@code lo} for an entry: a contact day (the last 12 months hold no other days with an
     * entry) or a day before the last 12 months; {@code ref} itself when neither exists.
     */
    private int place(SplittableRandom rnd, Events e, int lo) {
        int olderFrom = Math.max(lo, e.born);
        boolean older = olderFrom <= start12;
        int contactsInRange = 0;
        for (int d : e.contactDays) {
            if (d >= lo) {
                contactsInRange++;
            }
        }
        if (contactsInRange > 0 && (!older || rnd.nextInt(10) < 3)) {
            int k = rnd.nextInt(contactsInRange);
            for (int d : e.contactDays) {
                if (d >= lo && k-- == 0) {
                    return d;
                }
            }
        }
        if (older) {
            return olderFrom + rnd.nextInt(start12 - olderFrom + 1);
        }
        return ref; // a baby with no contact yet: this entry is one (the flat twin counts it)
    }

    /** A day before {@code hi} for an entry, as {@link #place} chooses; MIN_VALUE when there is none. */
    private int placeBefore(SplittableRandom rnd, Events e, int hi) {
        int olderTo = Math.min(hi - 1, start12);
        int contactsBefore = 0;
        for (int d : e.contactDays) {
            if (d < hi) {
                contactsBefore++;
            }
        }
        if (contactsBefore > 0 && (olderTo < e.born || rnd.nextBoolean())) {
            return e.contactDays[rnd.nextInt(contactsBefore)]; // contact days are sorted
        }
        return olderTo >= e.born ? e.born + rnd.nextInt(olderTo - e.born + 1) : Integer.MIN_VALUE;
    }

    private static int[] distinctDays(SplittableRandom rnd, int first, int last, int n) {
        int[] picked = choose(rnd, last - first + 1, n);
        for (int i = 0; i < picked.length; i++) {
            picked[i] += first;
        }
        Arrays.sort(picked);
        return picked;
    }

    /** {@code k} distinct ints from 0..n-1 (Floyd's algorithm), sorted. */
    private static int[] choose(SplittableRandom rnd, int n, int k) {
        java.util.TreeSet<Integer> s = new java.util.TreeSet<>();
        for (int j = n - k; j < n; j++) {
            int t = rnd.nextInt(j + 1);
            if (!s.add(t)) {
                s.add(j);
            }
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A skewed index: a few codes are very common, as in a real record. */
    private static int zipf(SplittableRandom rnd, int n) {
        double u = rnd.nextDouble();
        return (int) (n * u * u * u);
    }

    private static long pick(SplittableRandom rnd, long[] codes) {
        return codes[rnd.nextInt(codes.length)];
    }

    private static boolean flag(String[] v, Map<String, Integer> at, String column) {
        Integer k = at.get(column);
        return k != null && v[k].equals("1");
    }

    private static int count(String[] v, Map<String, Integer> at, String column) {
        Integer k = at.get(column);
        return k == null || v[k].isEmpty() ? 0 : Integer.parseInt(v[k]);
    }

    /** YYYY-MM-DD of an epoch day. */
    static void putDate(ByteSink s, int epochDay) {
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        int y = d.getYear();
        int m = d.getMonthValue();
        int day = d.getDayOfMonth();
        s.put((byte) ('0' + y / 1000)).put((byte) ('0' + y / 100 % 10)).put((byte) ('0' + y / 10 % 10))
            .put((byte) ('0' + y % 10)).put((byte) '-').put((byte) ('0' + m / 10)).put((byte) ('0' + m % 10))
            .put((byte) '-').put((byte) ('0' + day / 10)).put((byte) ('0' + day % 10));
    }
}
