package org.strata.datasets;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a generation produced, and each realism figure next to its published target; computed while the
 * rows were written (counters, not a second pass). {@link #toText()} is deterministic: same spec, same text.
 *
 * <pre>{@code
 * GenerationSummary summary = FootprintGenerator.generate(spec, dir, ProgressListener.NONE);
 * System.out.println(summary.toText());
 * }</pre>
 */
public final class GenerationSummary {
    private final FootprintSpec spec;
    private final int practices;
    private final int lsoas;
    private final int[] sortedListSizes;
    private final SummaryCounters counters;
    private final ConditionModel conditions;
    private final long patientsFileBytes;
    private final long practicesFileBytes;
    private final long defectsFileBytes;

    GenerationSummary(FootprintSpec spec, FootprintPlan plan, SummaryCounters counters, ConditionModel conditions,
                      long patientsFileBytes, long practicesFileBytes, long defectsFileBytes) {
        this.spec = spec;
        this.practices = plan.practiceCount;
        this.lsoas = plan.lsoaCount();
        this.sortedListSizes = plan.listSize.clone();
        Arrays.sort(sortedListSizes);
        this.counters = counters;
        this.conditions = conditions;
        this.patientsFileBytes = patientsFileBytes;
        this.practicesFileBytes = practicesFileBytes;
        this.defectsFileBytes = defectsFileBytes;
    }

    /** The spec that was generated. */
    public FootprintSpec spec() {
        return spec;
    }

    /** Patient rows written (registered and unregistered). */
    public long patients() {
        return counters.patients;
    }

    /** People with a practice. */
    public long registered() {
        return counters.registered;
    }

    /** People without a practice (empty practice_code, with an lsoa). */
    public long unregistered() {
        return counters.unregistered;
    }

    /** Rows of practices.csv. */
    public int practices() {
        return practices;
    }

    /** Size of patients.csv in bytes. */
    public long patientsFileBytes() {
        return patientsFileBytes;
    }

    /** Size of practices.csv in bytes. */
    public long practicesFileBytes() {
        return practicesFileBytes;
    }

    /** Size of defects.csv in bytes; 0 for a clean footprint. */
    public long defectsFileBytes() {
        return defectsFileBytes;
    }

    /** Rows planted with a defect whose expected outcome is {@code expected} (a reason code or "accepted"). */
    public long defectRows(String expected) {
        long n = 0;
        for (Defect d : Defect.values()) {
            n += d.expected.equals(expected) ? counters.defects[d.ordinal()] : 0;
        }
        return n;
    }

    /** All rows planted with a defect. */
    public long defectRows() {
        long n = 0;
        for (long c : counters.defects) {
            n += c;
        }
        return n;
    }

    SummaryCounters counters() {
        return counters;
    }

    /** Multi-line, human-readable report: sizes first, then each realism figure beside its target. */
    public String toText() {
        SummaryCounters c = counters;
        StringBuilder s = new StringBuilder();
        line(s, "Synthetic footprint: seed %d, dirty rate %.3f", spec.seed(), spec.dirtyRate());
        line(s, "  patients              %,d (registered %,d, unregistered %,d = %.2f%%)", c.patients, c.registered,
                c.unregistered, pct(c.unregistered, c.patients));
        line(s, "  practices             %,d in %d LSOAs", practices, lsoas);
        line(s, "  files                 patients.csv %,d bytes, practices.csv %,d bytes%s", patientsFileBytes,
                practicesFileBytes, spec.dirty() ? String.format(Locale.ROOT, ", defects.csv %,d bytes", defectsFileBytes) : "");
        line(s, "Population                       reached   target");
        line(s, "  aged 65+                       %6.2f%%   17.5%%", pct(c.age65, c.patients));
        line(s, "  aged 85+                       %6.2f%%   2.3%%", pct(c.age85, c.patients));
        line(s, "  male                           %6.2f%%   50.0%% (unknown %.3f%%)", pct(c.male, c.patients),
                pct(c.unknownSex, c.patients));
        line(s, "  list size median               %,6d   7,866", quantile(0.5));
        line(s, "  list size P10                  %,6d   3,356", quantile(0.1));
        line(s, "  list size P90                  %,6d   15,482  (the last practice is trimmed)", quantile(0.9));
        line(s, "Conditions (registered, on the register's denominator ages)");
        for (int i = 0; i < conditions.shapes.length; i++) {
            ConditionModel.Shape shape = conditions.shapes[i];
            String source = shape.qofGroup() != null ? "QOF " + shape.qofGroup() : "approx, adults";
            line(s, "  %-20s           %6.2f%%   %.2f%% (%s%s)", shape.name(),
                    pct(c.conditionCases[i], c.conditionDenominator[i]), 100 * conditions.targets[i], source,
                    shape.denominatorMinAge() > 0 ? ", " + shape.denominatorMinAge() + "+" : "");
        }
        line(s, "  learning disability            %6.2f%%   0.51%% (QOF LD)", pct(c.learningDisability, c.registered));
        line(s, "  palliative care                %6.2f%%   0.48%% (QOF PC)", pct(c.palliativeCare, c.registered));
        line(s, "  2+ conditions, adults 18+      %6.2f%%   20-30%%", pct(c.adultsTwoOrMore, c.adults));
        line(s, "Frailty and care");
        line(s, "  eFI moderate (9-12), 65+       %6.2f%%   10-16%%", pct(c.efiModerate65, c.people65));
        line(s, "  eFI severe (13-36), 65+        %6.2f%%   3-4%%", pct(c.efiSevere65, c.people65));
        line(s, "  care home                      %6.2f%%   0.6-0.7%% (85+: %.1f%%, target about 15%%)",
                pct(c.careHome, c.patients), pct(c.careHome85, c.age85));
        line(s, "  housebound                     %6.2f%%   about 2%% (aged 80+: %.0f%% of them)",
                pct(c.housebound, c.patients), pct(c.houseboundAge80Plus, c.housebound));
        line(s, "  social care                    %6.2f%%   1.5-2%%", pct(c.socialCare, c.patients));
        line(s, "  carers, aged 5+                %6.2f%%   about 9%%", pct(c.carers, c.peopleAge5Plus));
        line(s, "Activity, last 12 months");
        line(s, "  emergency admissions /1,000    %6.1f    80-95 (Devon 86.5)", per1000(c.emergencyAdmissions, c.patients));
        line(s, "  emergency admissions /1,000 85+ %5.1f    350-450 (Devon about 420)",
                per1000(c.emergencyAdmissions85, c.age85));
        line(s, "  next 12 months /1,000          %6.1f", per1000(c.emergencyAdmissionsNext, c.patients));
        line(s, "  A&E attendances per person     %6.2f    0.3-0.4", ratio(c.aeAttendances, c.patients));
        line(s, "  elective admissions per person %6.2f    about 0.14", ratio(c.electiveAdmissions, c.patients));
        line(s, "  outpatient per person          %6.2f    1.5-2", ratio(c.outpatientAttendances, c.patients));
        line(s, "  GP contacts per person         %6.2f    about 5", ratio(c.gpContacts, c.patients));
        line(s, "  bed days per person            %6.2f", ratio(c.bedDays, c.patients));
        line(s, "  medicines per person           %6.2f    (10+ in %.0f%% of the severely frail)",
                ratio(c.medicines, c.patients), pct(c.severeFrailTenPlusMedicines, c.severeFrail));
        line(s, "  cost per person                %,9.2f GBP", ratio(c.costPence, c.patients) / 100);
        line(s, "  top 5%% share of cost           %6.1f%%   45-55%%", 100 * c.topCostShare(0.05));
        if (spec.dirty()) {
            long rows = defectRows();
            line(s, "Defects: %,d rows (%.2f%% of rows; rate %.3f)", rows, pct(rows, c.patients), spec.dirtyRate());
            Map<String, Long> byExpected = new TreeMap<>();
            for (Defect d : Defect.values()) {
                byExpected.merge(d.expected, c.defects[d.ordinal()], Long::sum);
            }
            for (Map.Entry<String, Long> e : byExpected.entrySet()) {
                line(s, "  %-22s %,8d", e.getKey(), e.getValue());
            }
        }
        return s.toString();
    }

    private int quantile(double q) {
        int index = (int) Math.min(sortedListSizes.length - 1, Math.floor(q * sortedListSizes.length));
        return sortedListSizes[index];
    }

    private static void line(StringBuilder s, String format, Object... args) {
        s.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static double pct(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    private static double per1000(long part, long whole) {
        return whole == 0 ? 0 : 1000.0 * part / whole;
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
