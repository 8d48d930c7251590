package org.strata.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every realism figure, measured by re-reading the written files (not from the generator's own counters),
 * on a 400,000-person footprint, against the reference files. Each assertion states its tolerance.
 */
class RealismTest {
    static final int PATIENTS = 400_000;

    @TempDir
    static Path dir;
    static GenerationSummary summary;
    static Map<String, Integer> column = new HashMap<>();
    static List<int[]> rows = new ArrayList<>();     // every numeric column, by header index
    static List<String[]> keys = new ArrayList<>();  // patient_id, practice_code, lsoa, sex
    static double[] costs;
    static String[] conditionNames;

    @BeforeAll
    static void generateAndRead() throws IOException {
        summary = FootprintGenerator.generate(
                FootprintSpec.builder().patients(PATIENTS).seed(42L).threads(2).build(), dir, ProgressListener.NONE);
        conditionNames = ReferenceData.get().conditionNames;
        try (BufferedReader in = Files.newBufferedReader(dir.resolve("patients.csv"))) {
            String[] header = in.readLine().split(",", -1);
            for (int i = 0; i < header.length; i++) {
                column.put(header[i], i);
            }
            List<Double> cost = new ArrayList<>();
            int costColumn = column.get("cost_12m");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(",", -1);
                assertEquals(header.length, f.length, "fields in " + line);
                int[] values = new int[f.length];
                for (int i = 3; i < f.length; i++) {
                    if (i != column.get("sex") && i != costColumn) {
                        values[i] = Integer.parseInt(f[i]);
                    }
                }
                values[1] = f[1].isEmpty() ? 0 : 1;
                rows.add(values);
                keys.add(new String[] {f[0], f[1], f[2], f[4]});
                cost.add(Double.parseDouble(f[costColumn]));
            }
            costs = cost.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    static int v(int[] row, String name) {
        return row[column.get(name)];
    }

    static double share(java.util.function.Predicate<int[]> of, java.util.function.Predicate<int[]> among) {
        long n = 0, k = 0;
        for (int[] r : rows) {
            if (among.test(r)) {
                n++;
                k += of.test(r) ? 1 : 0;
            }
        }
        return (double) k / n;
    }

    static void within(double actual, double lo, double hi, String what) {
        assertTrue(actual >= lo && actual <= hi, what + ": " + actual + " not in [" + lo + ", " + hi + "]");
    }

    @Test
    void headerIsTheInputContractOrder() {
        List<String> expected = new ArrayList<>(List.of("patient_id", "practice_code", "lsoa", "age", "sex", "imd_decile"));
        expected.addAll(List.of(conditionNames));
        expected.addAll(List.of("learning_disability", "palliative_care", "care_home", "housebound", "social_care", "carer",
                "efi_deficits", "emergency_admissions", "ae_attendances", "elective_admissions", "outpatient_attendances",
                "gp_contacts", "bed_days", "medicines", "cost_12m", "emergency_admissions_next_12m"));
        String[] actual = new String[column.size()];
        column.forEach((name, i) -> actual[i] = name);
        assertEquals(expected, List.of(actual));
        assertEquals("alcohol", conditionNames[0]);
        assertEquals("painful_condition", conditionNames[19]);
    }

    @Test
    void populationMatchesEnglandsRegisteredLists() {
        assertEquals(PATIENTS, rows.size());
        within(100 * share(r -> v(r, "age") >= 65, r -> true), 16.5, 18.5, "65+ % (17.5 ± 1.0)");
        within(100 * share(r -> v(r, "age") >= 85, r -> true), 2.0, 2.6, "85+ % (2.3 ± 0.3)");
        long male = keys.stream().filter(k -> k[3].equals("M")).count();
        long unknown = keys.stream().filter(k -> k[3].equals("U")).count();
        within(100.0 * male / PATIENTS, 49.0, 51.0, "male % (50 ± 1)");
        within(100.0 * unknown / PATIENTS, 0.001, 0.1, "sex U %, a tiny share");
        double femaleOld = 0, oldCount = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (v(rows.get(i), "age") >= 85) {
                oldCount++;
                femaleOld += keys.get(i)[3].equals("F") ? 1 : 0;
            }
        }
        within(femaleOld / oldCount, 0.58, 0.72, "female share at 85+ (about 0.64)");
        for (int[] r : rows) {
            assertTrue(v(r, "age") >= 0 && v(r, "age") <= 120, "age 0..120");
        }
    }

    @Test
    void unregisteredAreOnePercentWithAnLsoa() {
        long unregistered = keys.stream().filter(k -> k[1].isEmpty()).count();
        assertEquals(Math.round(PATIENTS * 0.01), unregistered, "exactly 1%, rounded");
        assertTrue(keys.stream().allMatch(k -> k[2].matches("E01\\d{6}")), "every person has an lsoa E01 + 6 digits");
    }

    @Test
    void practicesHaveRealListSizesCodesNamesAndPlaces() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("practices.csv"));
        assertEquals("practice_code,practice_name,latitude,longitude", lines.get(0));
        Map<String, Integer> listSize = new HashMap<>();
        for (String[] k : keys) {
            if (!k[1].isEmpty()) {
                listSize.merge(k[1], 1, Integer::sum);
            }
        }
        Set<String> codes = new HashSet<>();
        boolean quotedComma = false;
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = ReferenceCsv.splitRecord(line);
            assertEquals(4, f.size(), line);
            assertTrue(f.get(0).matches("X\\d{5}"), "synthetic code X + 5 digits: " + f.get(0));
            assertTrue(codes.add(f.get(0)), "unique code");
            quotedComma |= f.get(1).contains(",");
            double lat = Double.parseDouble(f.get(2)), lon = Double.parseDouble(f.get(3));
            within(lat, 50.0, 55.8, "latitude");
            within(lon, -5.7, 1.8, "longitude");
            assertTrue(f.get(2).matches("-?\\d+\\.\\d{6}") && f.get(3).matches("-?\\d+\\.\\d{6}"), "6 decimals: " + line);
        }
        assertTrue(quotedComma, "some names hold a comma and are quoted");
        assertEquals(codes, listSize.keySet(), "every practice has patients and every patient's practice exists");
        int[] sizes = listSize.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        // about 50 practices drawn from 6,700: sampling spread is wide, hence the tolerances
        within(quantile(sizes, 0.5), 7_866 * 0.8, 7_866 * 1.2, "median list (7,866 ± 20%)");
        within(quantile(sizes, 0.1), 3_356 * 0.65, 3_356 * 1.35, "P10 list (3,356 ± 35%)");
        within(quantile(sizes, 0.9), 15_482 * 0.7, 15_482 * 1.3, "P90 list (15,482 ± 30%)");
        // each practice has its own age mix: the 65+ share varies as in the April 2020 file (P10 8.2%, P90 26.5%)
        Map<String, int[]> old = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            String code = keys.get(i)[1];
            if (!code.isEmpty()) {
                int[] c = old.computeIfAbsent(code, x -> new int[2]);
                c[0]++;
                c[1] += v(rows.get(i), "age") >= 65 ? 1 : 0;
            }
        }
        double[] oldShares = old.values().stream().filter(c -> c[0] >= 1000).mapToDouble(c -> 100.0 * c[1] / c[0]).sorted().toArray();
        within(quantile(oldShares, 0.1), 4, 13, "P10 practice 65+ % (8.2, ±5 points)");
        within(quantile(oldShares, 0.9), 21, 32, "P90 practice 65+ % (26.5, ±5.5 points)");
    }

    @Test
    void conditionsMatchQofWithinFifteenPercent() {
        ReferenceData reference = ReferenceData.get();
        ConditionModel model = HealthModel.get().conditions;
        for (int c = 0; c < conditionNames.length; c++) {
            ConditionModel.Shape shape = model.shapes[c];
            int minAge = shape.denominatorMinAge();
            String name = conditionNames[c];
            double prevalence = share(r -> v(r, name) == 1, r -> v(r, "age") >= minAge && registered(r));
            if (shape.qofGroup() != null) {
                double target = reference.qofTarget(shape.qofGroup());
                within(prevalence / target, 0.85, 1.15, name + " vs QOF " + shape.qofGroup() + " " + target + " (±15% relative)");
            } else {
                within(prevalence / shape.adultTarget(), 0.8, 1.2, name + " vs approximate adult " + shape.adultTarget() + " (±20% relative)");
            }
        }
        within(share(r -> v(r, "learning_disability") == 1, RealismTest::registered) / 0.0051, 0.85, 1.15, "LD vs QOF 0.51% (±15%)");
        within(share(r -> v(r, "palliative_care") == 1, RealismTest::registered) / 0.0048, 0.85, 1.15, "PC vs QOF 0.48% (±15%)");
    }

    /** Column 1 (practice_code) is kept as 1 = registered, 0 = unregistered. */
    static boolean registered(int[] r) {
        return r[1] == 1;
    }

    @Test
    void conditionsClusterWithAgeAndDeprivation() {
        double twoOrMore = share(r -> conditionCount(r) >= 2, r -> v(r, "age") >= 18);
        within(100 * twoOrMore, 20, 30, "2+ of the 20 conditions among adults (%, 20-30)");
        double palliativeCancer = share(r -> v(r, "palliative_care") == 1, r -> v(r, "cancer") == 1);
        double palliativeOther = share(r -> v(r, "palliative_care") == 1, r -> v(r, "cancer") == 0);
        assertTrue(palliativeCancer > 5 * palliativeOther, "palliative care concentrates in cancer");
        double copdDeprived = share(r -> v(r, "copd") == 1, r -> v(r, "imd_decile") <= 2);
        double copdAffluent = share(r -> v(r, "copd") == 1, r -> v(r, "imd_decile") >= 9);
        assertTrue(copdDeprived > 1.5 * copdAffluent, "COPD more common in the most deprived fifth");
        double youngHypertension = share(r -> v(r, "hypertension") == 1, r -> v(r, "age") < 40);
        double oldHypertension = share(r -> v(r, "hypertension") == 1, r -> v(r, "age") >= 75);
        assertTrue(oldHypertension > 10 * youngHypertension, "hypertension rises with age");
    }

    static int conditionCount(int[] r) {
        int n = 0;
        for (String name : conditionNames) {
            n += v(r, name);
        }
        return n;
    }

    @Test
    void frailtyAndCareMatchPublishedShares() {
        java.util.function.Predicate<int[]> old = r -> v(r, "age") >= 65;
        within(100 * share(r -> v(r, "efi_deficits") >= 9 && v(r, "efi_deficits") <= 12, old), 10, 16, "eFI moderate among 65+ (%, 10-16)");
        within(100 * share(r -> v(r, "efi_deficits") >= 13, old), 3, 4, "eFI severe among 65+ (%, 3-4)");
        within(100 * share(r -> v(r, "efi_deficits") >= 9, r -> v(r, "age") < 40), 0, 0.5, "moderate+ frailty under 40 (%, < 0.5)");
        within(100 * share(r -> v(r, "care_home") == 1, r -> true), 0.55, 0.75, "care home (%, 0.6-0.7 ± 0.05)");
        within(100 * share(r -> v(r, "care_home") == 1, r -> v(r, "age") >= 85), 11, 19, "care home among 85+ (%, about 15 ± 4)");
        within(100 * share(r -> v(r, "housebound") == 1, r -> true), 1.6, 2.4, "housebound (%, 2 ± 0.4)");
        within(share(r -> v(r, "age") >= 80, r -> v(r, "housebound") == 1), 0.5, 0.8, "share of housebound aged 80+ (0.5-0.8)");
        within(100 * share(r -> v(r, "social_care") == 1, r -> true), 1.5, 2.0, "social care (%, 1.5-2)");
        within(100 * share(r -> v(r, "carer") == 1, r -> v(r, "age") >= 5), 8, 10, "carers among 5+ (%, 9 ± 1)");
        double medsSevere = share(r -> v(r, "medicines") >= 10, r -> v(r, "efi_deficits") >= 13 && v(r, "age") >= 65);
        within(medsSevere, 0.4, 0.95, "10+ medicines common in the severely frail elderly");
    }

    @Test
    void activityMatchesPublishedRates() {
        within(1000 * mean("emergency_admissions", r -> true), 80, 95, "emergency admissions per 1,000 (80-95)");
        within(1000 * mean("emergency_admissions", r -> v(r, "age") >= 85), 350, 450, "emergency admissions per 1,000 at 85+ (350-450)");
        within(mean("ae_attendances", r -> true), 0.3, 0.4, "A&E per person (0.3-0.4)");
        within(mean("outpatient_attendances", r -> true), 1.5, 2.0, "outpatient per person (1.5-2)");
        within(mean("elective_admissions", r -> true), 0.1, 0.2, "elective per person (about 0.14)");
        within(mean("gp_contacts", r -> true), 4.5, 5.5, "GP contacts per person (5 ± 0.5)");
        assertTrue(mean("gp_contacts", r -> v(r, "age") >= 75) > 1.5 * mean("gp_contacts", r -> v(r, "age") >= 18 && v(r, "age") < 40),
                "more GP contacts when old");
        assertTrue(mean("ae_attendances", r -> v(r, "age") >= 18 && v(r, "age") < 30) > mean("ae_attendances", r -> v(r, "age") >= 40 && v(r, "age") < 60),
                "more A&E in young adults than in middle age");
        double stayOld = (double) sum("bed_days", r -> v(r, "age") >= 80) / sum("emergency_admissions", r -> v(r, "age") >= 80);
        double stayYoung = (double) sum("bed_days", r -> v(r, "age") < 40) / sum("emergency_admissions", r -> v(r, "age") < 40);
        assertTrue(stayOld > 2 * stayYoung, "longer stays when old: " + stayOld + " vs " + stayYoung);
        int[] limits = {50, 200, 100, 300, 500, 366, 100, 50};
        String[] counts = {"emergency_admissions", "ae_attendances", "elective_admissions", "outpatient_attendances",
            "gp_contacts", "bed_days", "medicines", "emergency_admissions_next_12m"};
        for (int[] r : rows) {
            for (int i = 0; i < counts.length; i++) {
                int x = v(r, counts[i]);
                assertTrue(x >= 0 && x <= limits[i], counts[i] + " within docs/INPUT.md limits: " + x);
            }
            assertTrue(v(r, "efi_deficits") >= 0 && v(r, "efi_deficits") <= 36);
        }
    }

    /** Devon (Pereira Gray 2017): emergency admissions per 1,000 by age band × IMD quintile; compare the shape. */
    @Test
    void admissionsRiseWithDeprivationAndAgeLikeDevon() {
        double[][] devon = ReferenceData.get().devonAdmissionsPer1000;
        double[][] admissions = new double[5][5];
        double[][] people = new double[5][5];
        for (int[] r : rows) {
            int band = SummaryCounters.devonBand(v(r, "age"));
            int quintile = (10 - v(r, "imd_decile")) / 2;
            admissions[band][quintile] += v(r, "emergency_admissions");
            people[band][quintile]++;
        }
        double previousBandRate = 0;
        for (int band = 0; band < 5; band++) {
            double rateLeast = 1000 * admissions[band][0] / people[band][0];
            double rateMost = 1000 * admissions[band][4] / people[band][4];
            within(rateMost / rateLeast, 1.2, 2.6, "band " + band + ": most/least deprived quintile ratio (Devon 1.4-2.1; 1.2-2.6)");
            double bandRate = 0, devonRate = 0, n = 0;
            for (int q = 0; q < 5; q++) {
                bandRate += 1000 * admissions[band][q];
                n += people[band][q];
                devonRate += devon[band][q] / 5;
            }
            bandRate /= n;
            within(bandRate / devonRate, 0.7, 1.4, "band " + band + " rate " + bandRate + " vs Devon " + devonRate + " (×0.7-1.4)");
            if (band >= 3) {
                assertTrue(bandRate > previousBandRate, "rates rise in the older bands");
            }
            previousBandRate = bandRate;
        }
    }

    @Test
    void costIsConcentratedInTheTopFivePercent() {
        double[] sorted = costs.clone();
        Arrays.sort(sorted);
        double total = 0, top = 0;
        int cut = sorted.length - sorted.length / 20;
        for (int i = 0; i < sorted.length; i++) {
            total += sorted[i];
            top += i >= cut ? sorted[i] : 0;
        }
        within(100 * top / total, 45, 55, "top 5% share of cost (%, 45-55)");
        within(summary.counters().topCostShare(0.05) * 100, 100 * top / total - 0.5, 100 * top / total + 0.5,
                "the streamed histogram estimate is within half a point of the exact share");
    }

    @Test
    void nextYearIsPredictableButNotDetermined() {
        within(1000 * mean("emergency_admissions_next_12m", r -> true), 80, 95, "next-year admissions per 1,000");
        double after = mean("emergency_admissions_next_12m", r -> v(r, "emergency_admissions") > 0);
        double without = mean("emergency_admissions_next_12m", r -> v(r, "emergency_admissions") == 0);
        assertTrue(after > 2 * without, "a prior admission predicts: " + after + " vs " + without);
        double again = share(r -> v(r, "emergency_admissions_next_12m") > 0, r -> v(r, "emergency_admissions") > 0);
        assertTrue(again < 0.5, "but does not determine: " + again + " readmitted next year");
    }

    @Test
    void lsoasHoldAbout1500PeopleSharedByNearbyPractices() {
        Map<String, Set<String>> practicesOf = new HashMap<>();
        Map<String, Integer> residents = new HashMap<>();
        Map<String, Integer> decileOf = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String lsoa = keys.get(i)[2];
            residents.merge(lsoa, 1, Integer::sum);
            if (!keys.get(i)[1].isEmpty()) {
                practicesOf.computeIfAbsent(lsoa, x -> new HashSet<>()).add(keys.get(i)[1]);
            }
            Integer before = decileOf.put(lsoa, v(rows.get(i), "imd_decile"));
            assertTrue(before == null || before == v(rows.get(i), "imd_decile"), "one decile per LSOA");
        }
        double mean = (double) PATIENTS / residents.size();
        within(mean, 1_300, 1_700, "residents per LSOA (1,500 ± 200)");
        long shared = practicesOf.values().stream().filter(s -> s.size() >= 2).count();
        within((double) shared / residents.size(), 0.8, 1.0, "LSOAs shared by 2+ practices");
        long unregisteredPlaceable = 0, unregistered = 0;
        for (String[] k : keys) {
            if (k[1].isEmpty()) {
                unregistered++;
                unregisteredPlaceable += practicesOf.containsKey(k[2]) ? 1 : 0;
            }
        }
        assertEquals(unregistered, unregisteredPlaceable, "every unregistered person's LSOA has registered residents");
        int[] perDecile = new int[11];
        decileOf.values().forEach(d -> perDecile[d]++);
        for (int d = 1; d <= 10; d++) {
            within((double) perDecile[d] / decileOf.size(), 0.08, 0.12, "share of LSOAs in decile " + d);
        }
        // spatial clustering: practices' mean decile spreads far more than if deciles were scattered at random
        Map<String, double[]> byPractice = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            if (!keys.get(i)[1].isEmpty()) {
                double[] s = byPractice.computeIfAbsent(keys.get(i)[1], x -> new double[2]);
                s[0]++;
                s[1] += v(rows.get(i), "imd_decile");
            }
        }
        double[] means = byPractice.values().stream().filter(s -> s[0] >= 1000).mapToDouble(s -> s[1] / s[0]).toArray();
        double avg = Arrays.stream(means).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(means).map(m -> (m - avg) * (m - avg)).average().orElse(0));
        assertTrue(sd > 0.7, "practice mean decile sd " + sd + " shows spatial clustering (random: about 0.1)");
    }

    @Test
    void nhsNumbersAreValidUniqueAndInTheTestRange() {
        Set<String> seen = new HashSet<>();
        for (String[] k : keys) {
            assertTrue(NhsNumbers.isValid(k[0]), "valid " + k[0]);
            assertTrue(k[0].startsWith("999"), "999 test range for footprints under 900k: " + k[0]);
            assertTrue(seen.add(k[0]), "unique " + k[0]);
        }
    }

    @Test
    void summaryTextReportsEveryFigure() {
        String text = summary.toText();
        for (String label : new String[] {"aged 65+", "aged 85+", "male", "list size median", "hypertension", "2+ conditions",
            "eFI moderate", "eFI severe", "emergency admissions /1,000", "top 5% share", "palliative care",
            "learning disability", "care home"}) {
            assertTrue(text.contains(label), "summary mentions " + label);
        }
        assertEquals(text, summary.toText(), "deterministic");
    }

    static double mean(String name, java.util.function.Predicate<int[]> among) {
        long n = 0, total = 0;
        for (int[] r : rows) {
            if (among.test(r)) {
                n++;
                total += v(r, name);
            }
        }
        return (double) total / n;
    }

    static long sum(String name, java.util.function.Predicate<int[]> among) {
        long total = 0;
        for (int[] r : rows) {
            total += among.test(r) ? v(r, name) : 0;
        }
        return total;
    }

    static double quantile(int[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
}
