package org.strata.datasets;

/**
 * Running totals of every realism figure, kept per practice block while its rows are drawn and merged in
 * block order: the summary needs no second pass over the file. Integer counts only, so the merge order
 * cannot change a figure.
 */
final class SummaryCounters {
    /** Cost histogram: log-spaced bins 0.5% wide, enough to read the top-5% share to a tenth of a point. */
    static final int COST_BINS = 3_200;
    private static final double COST_BINS_PER_LOG = 200.0;

    long patients, registered, unregistered;
    long age65, age85, male, female, unknownSex;
    long adults, adultsTwoOrMore;
    final long[] conditionCases;
    final long[] conditionDenominator;
    long learningDisability, palliativeCare;
    long people65, efiModerate65, efiSevere65;
    long emergencyAdmissions, emergencyAdmissions85, emergencyAdmissionsNext;
    long careHome, careHome85, housebound, houseboundAge80Plus, socialCare, carers, peopleAge5Plus;
    long aeAttendances, electiveAdmissions, outpatientAttendances, gpContacts, bedDays, medicines;
    long severeFrail, severeFrailTenPlusMedicines;
    long costPence;
    final long[] costBinCount = new long[COST_BINS];
    final long[] costBinPence = new long[COST_BINS];
    /** Persons and emergency admissions by Devon age band (5) × IMD quintile (1 least .. 5 most deprived). */
    final long[][] devonPersons = new long[5][5];
    final long[][] devonAdmissions = new long[5][5];
    final long[] defects = new long[Defect.count()];

    private final int[] denominatorMinAge;

    SummaryCounters(ConditionModel conditions) {
        int n = conditions.shapes.length;
        conditionCases = new long[n];
        conditionDenominator = new long[n];
        denominatorMinAge = new int[n];
        for (int c = 0; c < n; c++) {
            denominatorMinAge[c] = conditions.shapes[c].denominatorMinAge();
        }
    }

    void add(Person p, boolean isRegistered) {
        final int age = p.age;
        patients++;
        if (isRegistered) {
            registered++;
            // QOF prevalence is on registered lists, with QOF's own denominator ages
            for (int c = 0; c < conditionCases.length; c++) {
                if (age >= denominatorMinAge[c]) {
                    conditionDenominator[c]++;
                    conditionCases[c] += p.conditions[c];
                }
            }
            learningDisability += p.learningDisability;
            palliativeCare += p.palliativeCare;
        } else {
            unregistered++;
        }
        age65 += age >= 65 ? 1 : 0;
        age85 += age >= 85 ? 1 : 0;
        male += p.sex == Person.MALE ? 1 : 0;
        female += p.sex == Person.FEMALE ? 1 : 0;
        unknownSex += p.sex == Person.UNKNOWN_SEX ? 1 : 0;
        if (age >= 18) {
            adults++;
            adultsTwoOrMore += p.conditionCount >= 2 ? 1 : 0;
        }
        if (age >= 65) {
            people65++;
            efiModerate65 += p.efiDeficits >= 9 && p.efiDeficits <= 12 ? 1 : 0;
            efiSevere65 += p.efiDeficits >= 13 ? 1 : 0;
        }
        if (p.efiDeficits >= 13) {
            severeFrail++;
            severeFrailTenPlusMedicines += p.medicines >= 10 ? 1 : 0;
        }
        emergencyAdmissions += p.emergencyAdmissions;
        emergencyAdmissionsNext += p.emergencyAdmissionsNext12m;
        if (age >= 85) {
            emergencyAdmissions85 += p.emergencyAdmissions;
            careHome85 += p.careHome;
        }
        careHome += p.careHome;
        housebound += p.housebound;
        houseboundAge80Plus += age >= 80 ? p.housebound : 0;
        socialCare += p.socialCare;
        if (age >= 5) {
            peopleAge5Plus++;
            carers += p.carer;
        }
        aeAttendances += p.aeAttendances;
        electiveAdmissions += p.electiveAdmissions;
        outpatientAttendances += p.outpatientAttendances;
        gpContacts += p.gpContacts;
        bedDays += p.bedDays;
        medicines += p.medicines;
        costPence += p.costPence;
        int bin = costBin(p.costPence);
        costBinCount[bin]++;
        costBinPence[bin] += p.costPence;
        int band = devonBand(age);
        int quintile = (10 - p.imdDecile) / 2; // deciles 9-10 → quintile 1 (least deprived) at index 0
        devonPersons[band][quintile]++;
        devonAdmissions[band][quintile] += p.emergencyAdmissions;
    }

    static int devonBand(int age) {
        int[] lower = ReferenceData.DEVON_BAND_LOWER_AGES;
        int band = 0;
        while (band + 1 < lower.length && age >= lower[band + 1]) {
            band++;
        }
        return band;
    }

    private static int costBin(long pence) {
        int bin = (int) (StrictMath.log1p(pence / 100.0) * COST_BINS_PER_LOG);
        return Math.min(COST_BINS - 1, bin);
    }

    /** Share of all cost carried by the costliest {@code topShare} of patients, read from the histogram. */
    double topCostShare(double topShare) {
        if (costPence == 0) {
            return 0;
        }
        double wanted = topShare * patients;
        double taken = 0, pence = 0;
        for (int bin = COST_BINS - 1; bin >= 0 && taken < wanted; bin--) {
            long count = costBinCount[bin];
            if (count == 0) {
                continue;
            }
            double use = Math.min(count, wanted - taken);
            pence += costBinPence[bin] * (use / count); // within a bin, assume the mean cost
            taken += use;
        }
        return pence / costPence;
    }

    void merge(SummaryCounters o) {
        patients += o.patients;
        registered += o.registered;
        unregistered += o.unregistered;
        age65 += o.age65;
        age85 += o.age85;
        male += o.male;
        female += o.female;
        unknownSex += o.unknownSex;
        adults += o.adults;
        adultsTwoOrMore += o.adultsTwoOrMore;
        addAll(conditionCases, o.conditionCases);
        addAll(conditionDenominator, o.conditionDenominator);
        learningDisability += o.learningDisability;
        palliativeCare += o.palliativeCare;
        people65 += o.people65;
        efiModerate65 += o.efiModerate65;
        efiSevere65 += o.efiSevere65;
        emergencyAdmissions += o.emergencyAdmissions;
        emergencyAdmissions85 += o.emergencyAdmissions85;
        emergencyAdmissionsNext += o.emergencyAdmissionsNext;
        careHome += o.careHome;
        careHome85 += o.careHome85;
        housebound += o.housebound;
        houseboundAge80Plus += o.houseboundAge80Plus;
        socialCare += o.socialCare;
        carers += o.carers;
        peopleAge5Plus += o.peopleAge5Plus;
        aeAttendances += o.aeAttendances;
        electiveAdmissions += o.electiveAdmissions;
        outpatientAttendances += o.outpatientAttendances;
        gpContacts += o.gpContacts;
        bedDays += o.bedDays;
        medicines += o.medicines;
        severeFrail += o.severeFrail;
        severeFrailTenPlusMedicines += o.severeFrailTenPlusMedicines;
        costPence += o.costPence;
        addAll(costBinCount, o.costBinCount);
        addAll(costBinPence, o.costBinPence);
        for (int b = 0; b < 5; b++) {
            addAll(devonPersons[b], o.devonPersons[b]);
            addAll(devonAdmissions[b], o.devonAdmissions[b]);
        }
        addAll(defects, o.defects);
    }

    private static void addAll(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }
}
