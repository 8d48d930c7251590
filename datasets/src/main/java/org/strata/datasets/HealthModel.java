package org.strata.datasets;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws one person's health, care status and last-year activity from age and the deprivation of where they
 * live. Calibrated once per JVM ({@link #get()}): conditions by quadrature ({@link ConditionModel}), the rest
 * on a fixed pilot sample of {@value #PILOT_SIZE} people drawn from the national age mix, so every run of
 * every footprint uses the same model and its figures hold by construction.
 *
 * <p>Targets and sources (the full table is in docs/INPUT.md, "Synthetic footprints"): learning disability
 * 0.51% and palliative care 0.48% of the registered population (QOF 2019/20); severe frailty (eFI 13–36)
 * 3.5% of people 65+ (Clegg 2016 and later cohorts: 3–4%); care home 0.65%, housebound 2%, long-term
 * social care 1.75%, unpaid carers 9% of people 5+ (approximate: Census 2021 and NHS Digital figures);
 * emergency admissions 86.5 per 1,000 (Pereira Gray 2017, Devon); A&E 0.36, elective 0.14, outpatient
 * 1.7, GP contacts 5.0 and distinct medicines 2.8 per person-year (approximate). Everything of unplanned
 * care flows from one latent risk (age, conditions weighted by the Cambridge general-outcome weights,
 * frailty, deprivation, care status and z), so the figures hang together the way real extracts do.
 */
final class HealthModel {
    static final int PILOT_SIZE = 150_000;
    private static final long PILOT_SEED = 0x5354524154414CL;

    static final double TARGET_LD = 0.0051;
    static final double TARGET_PALLIATIVE = 0.0048;
    static final double TARGET_SEVERE_FRAILTY_65 = 0.035;
    static final double TARGET_CARE_HOME = 0.0065;
    static final double TARGET_HOUSEBOUND = 0.02;
    static final double TARGET_SOCIAL_CARE = 0.0175;
    static final double TARGET_CARER_5PLUS = 0.09;
    static final double TARGET_EMERGENCY = 0.0865;
    static final double TARGET_AE = 0.36;
    static final double TARGET_ELECTIVE = 0.14;
    static final double TARGET_OUTPATIENT = 1.7;
    static final double TARGET_GP = 5.0;
    static final double TARGET_MEDICINES = 2.8;
    /** Share of emergency admissions that arrive through A&E and so also count as an attendance. */
    private static final double ADMITTED_VIA_AE = 0.7;

    /** Unit costs, pence. Illustrative, rounded from NHS Reference Costs 2019/20 and PSSRU Unit Costs 2020. */
    static final long PENCE_EMERGENCY_ADMISSION = 250_000;
    static final long PENCE_BED_DAY = 40_000;
    static final long PENCE_AE_ATTENDANCE = 16_000;
    static final long PENCE_ELECTIVE_ADMISSION = 130_000;
    static final long PENCE_OUTPATIENT = 13_500;
    static final long PENCE_GP_CONTACT = 3_900;
    static final long PENCE_MEDICINE_YEAR = 7_000;
    static final long PENCE_CARE_HOME_YEAR = 4_000_000;
    static final long PENCE_SOCIAL_CARE_YEAR = 1_200_000;
    /** Specialist community palliative care and hospice at home, a year. */
    static final long PENCE_PALLIATIVE_YEAR = 500_000;
    /** District nursing for a housebound person, a year. */
    static final long PENCE_HOUSEBOUND_YEAR = 200_000;

    private static final double YEAR_NOISE_SD = 0.45;
    private static final double PERSISTENT_NOISE_SD = 0.6;
    private static final double ACTIVITY_NOISE_SD = 0.9;

    final ConditionModel conditions;
    private final int conditionCount;
    private final double[] riskWeight;
    private final int[] efiConditions;
    private final int asthma, copd, painful, connectiveTissue, cancer, heartFailure, dementia;

    private final AgeCurve sexMale = AgeCurve.of(0, 0.512, 15, 0.512, 18, 0.508, 64, 0.508, 70, 0.48, 80, 0.45, 90, 0.36, 100, 0.28);
    private final AgeCurve ldAge = AgeCurve.of(0, 0, 60, 0, 80, -1.5);
    private final AgeCurve palliativeAge = AgeCurve.of(0, -6, 40, -3.5, 60, -2, 75, -0.8, 85, 0, 95, 0.5);
    private final AgeCurve efiAge = AgeCurve.of(0, -2.4, 40, -1.3, 65, 0, 80, 0.4, 90, 0.6);
    private final AgeCurve careHomeAge = AgeCurve.of(0, -10, 60, -6.2, 75, -3.3, 85, -2.0, 95, -1.0);
    private final AgeCurve houseboundAge = AgeCurve.of(0, -9, 50, -5.5, 70, -3, 80, -1.7, 90, -0.9);
    private final AgeCurve socialCareAge = AgeCurve.of(0, -4.5, 18, -5, 60, -4.5, 80, -2.8, 90, -2.0);
    private final AgeCurve carerAge = AgeCurve.of(5, -4, 15, -2.5, 25, -1, 45, 0, 62, 0, 75, -0.5, 85, -1.5);
    private final AgeCurve admissionAge = AgeCurve.of(0, 1.0, 1, 0.3, 4, -0.2, 10, -0.3, 16, 0, 25, 0, 45, 0, 60, 0.05, 70, 0.3, 80, 0.7, 90, 0.9, 100, 1.0);
    private final AgeCurve aeAge = AgeCurve.of(0, 0.6, 5, -0.1, 15, 0.2, 20, 0.45, 30, 0.2, 50, -0.15, 70, -0.1, 80, 0.3, 90, 0.6);
    private final AgeCurve electiveAge = AgeCurve.of(0, -1.2, 20, -1, 40, -0.3, 60, 0.3, 75, 0.6, 90, 0.1);
    private final AgeCurve outpatientAge = AgeCurve.of(0, -0.3, 20, -0.6, 40, -0.2, 60, 0.3, 75, 0.5, 90, 0.2);
    private final AgeCurve gpAge = AgeCurve.of(0, 0.4, 5, -0.4, 20, -0.3, 40, -0.1, 60, 0.2, 75, 0.5, 90, 0.7);
    private final AgeCurve medicinesAge = AgeCurve.of(0, -1.2, 18, -0.9, 40, -0.4, 60, 0.1, 75, 0.4, 90, 0.5);
    private final AgeCurve lengthOfStayAge = AgeCurve.of(0, 1.2, 18, 2.5, 65, 4.5, 80, 7.5, 90, 9.5);

    private double ldIntercept;
    private double palliativeIntercept;
    private double efiIntercept;
    private double careHomeIntercept;
    private double houseboundIntercept;
    private double socialCareIntercept;
    private double carerIntercept;
    private double admissionIntercept;
    private double aeIntercept;
    private double electiveIntercept;
    private double outpatientIntercept;
    private double gpIntercept;
    private double medicinesIntercept;

    private static final class Holder {
        static final HealthModel INSTANCE = load(ReferenceData.get());
    }

    /**
     * The calibrated model, built on first use: from the intercepts the build solved ({@link CalibrationArchive}),
     * or, where the archive is missing or was solved for other code or figures, solved now (about a second).
     */
    static HealthModel get() {
        return Holder.INSTANCE;
    }

    private static HealthModel load(ReferenceData reference) {
        NationalAgeMix ages = new NationalAgeMix(reference);
        double[] archived = CalibrationArchive.read(reference, ages);
        return archived != null ? new HealthModel(reference, ages, archived) : calibrate(reference);
    }

    /** The model with every intercept solved now, on the pilot sample and by quadrature. */
    static HealthModel calibrate(ReferenceData reference) {
        return new HealthModel(reference, new NationalAgeMix(reference), null);
    }

    /** Names of the intercepts {@link #intercepts()} gives, in its order; the conditions' follow. */
    static final String[] INTERCEPT_NAMES = {"learning_disability", "palliative_care", "efi", "care_home",
        "housebound", "social_care", "carer", "emergency_admission", "ae_attendance", "elective_admission",
        "outpatient", "gp_contact", "medicines"};

    private HealthModel(ReferenceData reference, NationalAgeMix ages, double[] archived) {
        conditions = new ConditionModel(reference, ages,
                archived == null ? null : Arrays.copyOfRange(archived, INTERCEPT_NAMES.length, archived.length));
        conditionCount = conditions.shapes.length;
        riskWeight = new double[conditionCount];
        for (int c = 0; c < conditionCount; c++) {
            riskWeight[c] = 0.15 * reference.conditionGeneralWeights[c]; // Cambridge general-outcome weights
        }
        // conditions that are also eFI deficits (Clegg 2016); asthma and COPD share "respiratory disease",
        // painful condition and connective tissue disease share "arthritis", so those pairs are added below
        String[] deficitConditions = {"atrial_fibrillation", "stroke_tia", "ckd", "diabetes", "hearing_loss",
            "heart_failure", "hypertension", "chd", "dementia"};
        efiConditions = new int[deficitConditions.length];
        for (int i = 0; i < deficitConditions.length; i++) {
            efiConditions[i] = conditions.indexOf(deficitConditions[i]);
        }
        asthma = conditions.indexOf("asthma");
        copd = conditions.indexOf("copd");
        painful = conditions.indexOf("painful_condition");
        connectiveTissue = conditions.indexOf("connective_tissue");
        cancer = conditions.indexOf("cancer");
        heartFailure = conditions.indexOf("heart_failure");
        dementia = conditions.indexOf("dementia");
        if (archived != null) {
            int i = 0;
            ldIntercept = archived[i++];
            palliativeIntercept = archived[i++];
            efiIntercept = archived[i++];
            careHomeIntercept = archived[i++];
            houseboundIntercept = archived[i++];
            socialCareIntercept = archived[i++];
            carerIntercept = archived[i++];
            admissionIntercept = archived[i++];
            aeIntercept = archived[i++];
            electiveIntercept = archived[i++];
            outpatientIntercept = archived[i++];
            gpIntercept = archived[i++];
            medicinesIntercept = archived[i];
            return;
        }
        ldIntercept = Calibration.interceptByQuadrature(ages, 0, ldAge, 0.3, 0.1, TARGET_LD);
        calibrateOnPilot(ages);
    }

    /** Every intercept, {@link #INTERCEPT_NAMES} first, then the conditions' in their order. */
    double[] intercepts() {
        double[] own = {ldIntercept, palliativeIntercept, efiIntercept, careHomeIntercept, houseboundIntercept,
            socialCareIntercept, carerIntercept, admissionIntercept, aeIntercept, electiveIntercept,
            outpatientIntercept, gpIntercept, medicinesIntercept};
        double[] all = Arrays.copyOf(own, own.length + conditionCount);
        System.arraycopy(conditions.intercepts, 0, all, own.length, conditionCount);
        return all;
    }

    /** Fills {@code p} for a person of this age living in an LSOA of this IMD decile. */
    void sample(SplittableRandom rng, int age, int imdDecile, Person p) {
        drawConditions(rng, age, imdDecile, p);
        p.palliativeCare = (byte) Draws.bernoulliLogit(rng, palliativeIntercept + palliativeScore(p));
        p.efiDeficits = drawEfi(rng, p);
        drawStatuses(rng, p);
        drawActivity(rng, p);
    }

    private void drawConditions(SplittableRandom rng, int age, int imdDecile, Person p) {
        p.age = age;
        p.imdDecile = imdDecile;
        double uSex = rng.nextDouble();
        p.sex = uSex < 0.0002 ? Person.UNKNOWN_SEX : uSex < 0.0002 + sexMale.at(age) ? Person.MALE : Person.FEMALE;
        double dep = Calibration.deprivationOf(imdDecile);
        double z = Draws.gaussian(rng);
        p.deprivation = dep;
        p.health = z;
        final double[][] base = conditions.baseLogit;
        final double[] g = conditions.healthLoading;
        final double[] d = conditions.deprivationLoading;
        int count = 0;
        for (int c = 0; c < conditionCount; c++) {
            int has = Draws.bernoulliLogit(rng, base[c][age] + g[c] * z + d[c] * dep);
            p.conditions[c] = (byte) has;
            count += has;
        }
        p.conditionCount = count;
        p.learningDisability = (byte) Draws.bernoulliLogit(rng, ldIntercept + ldAge.at(age) + 0.3 * z + 0.1 * dep);
    }

    private double palliativeScore(Person p) {
        byte[] c = p.conditions;
        return palliativeAge.at(p.age) + 2.4 * c[cancer] + 1.0 * c[heartFailure] + 1.0 * c[dementia] + 0.7 * c[copd]
                + 0.5 * p.health;
    }

    /** eFI deficits implied by the person's conditions. */
    private int efiFromConditions(Person p) {
        byte[] c = p.conditions;
        int k = 0;
        for (int i : efiConditions) {
            k += c[i];
        }
        k += c[asthma] | c[copd];
        k += c[painful] | c[connectiveTissue];
        return k;
    }

    /** Log of the mean number of eFI deficits not implied by conditions, before the intercept. */
    private double efiOtherLogMean(Person p, int fromConditions) {
        return efiAge.at(p.age) + 0.25 * p.health + 0.15 * p.deprivation + 0.06 * fromConditions
                + 0.6 * p.palliativeCare + 0.5 * p.learningDisability;
    }

    private int drawEfi(SplittableRandom rng, Person p) {
        int fromConditions = efiFromConditions(p);
        int other = Draws.poisson(rng, StrictMath.exp(efiIntercept + efiOtherLogMean(p, fromConditions)));
        return Math.min(36, fromConditions + other);
    }

    private double careHomeScore(Person p) {
        return careHomeAge.at(p.age) + 1.8 * p.conditions[dementia] + 0.15 * p.efiDeficits + 1.5 * p.learningDisability
                + 0.2 * p.deprivation;
    }

    private double houseboundScore(Person p) {
        return houseboundAge.at(p.age) + 0.2 * p.efiDeficits + 0.8 * p.palliativeCare;
    }

    private double socialCareScore(Person p) {
        return socialCareAge.at(p.age) + 0.08 * p.efiDeficits + 2.0 * p.learningDisability + 1.2 * p.housebound
                + 0.2 * p.deprivation;
    }

    private double carerScore(Person p) {
        return carerAge.at(p.age) - 0.08 * p.efiDeficits + 0.1 * p.deprivation;
    }

    private void drawStatuses(SplittableRandom rng, Person p) {
        p.careHome = (byte) Draws.bernoulliLogit(rng, careHomeIntercept + careHomeScore(p));
        double uHousebound = rng.nextDouble();
        p.housebound = (byte) (p.careHome == 0 && uHousebound < Draws.sigmoid(houseboundIntercept + houseboundScore(p)) ? 1 : 0);
        double uSocial = rng.nextDouble();
        // care-home residents are, by definition, receiving long-term social care
        p.socialCare = (byte) (p.careHome == 1 || uSocial < Draws.sigmoid(socialCareIntercept + socialCareScore(p)) ? 1 : 0);
        double uCarer = rng.nextDouble();
        p.carer = (byte) (p.age >= 5 && p.careHome == 0 && uCarer < Draws.sigmoid(carerIntercept + carerScore(p)) ? 1 : 0);
    }

    /** The latent risk of unplanned care, apart from age: conditions, frailty, deprivation, care status, z. */
    private double riskApartFromAge(Person p) {
        double r = 0;
        byte[] c = p.conditions;
        for (int i = 0; i < conditionCount; i++) {
            r += riskWeight[i] * c[i];
        }
        return r + 0.03 * p.efiDeficits + 0.35 * p.deprivation + 0.3 * p.health + 0.3 * p.careHome
                + 0.8 * p.palliativeCare + 0.3 * p.learningDisability;
    }

    private void drawActivity(SplittableRandom rng, Person p) {
        final int age = p.age;
        double risk = riskApartFromAge(p);
        double persistent = PERSISTENT_NOISE_SD * Draws.gaussian(rng);
        double admissionLog = admissionIntercept + admissionAge.at(age) + risk + persistent;
        p.emergencyAdmissions = Math.min(50, Draws.poisson(rng, StrictMath.exp(admissionLog + YEAR_NOISE_SD * Draws.gaussian(rng))));
        p.emergencyAdmissionsNext12m = Math.min(50, Draws.poisson(rng, StrictMath.exp(admissionLog + YEAR_NOISE_SD * Draws.gaussian(rng))));
        int viaAe = 0;
        for (int i = 0; i < p.emergencyAdmissions; i++) {
            viaAe += rng.nextDouble() < ADMITTED_VIA_AE ? 1 : 0;
        }
        double noise = ACTIVITY_NOISE_SD * Draws.gaussian(rng);
        p.aeAttendances = Math.min(200, viaAe + Draws.poisson(rng, StrictMath.exp(aeIntercept + aeAge.at(age) + 0.6 * risk + noise)));
        p.electiveAdmissions = Math.min(100, Draws.poisson(rng,
                StrictMath.exp(electiveIntercept + electiveAge.at(age) + 0.9 * risk + ACTIVITY_NOISE_SD * Draws.gaussian(rng))));
        p.outpatientAttendances = Math.min(300, Draws.poisson(rng, StrictMath.exp(outpatientIntercept + outpatientAge.at(age)
                + 0.8 * risk + 0.5 * Math.min(1, p.electiveAdmissions) + ACTIVITY_NOISE_SD * Draws.gaussian(rng))));
        p.gpContacts = Math.min(500, Draws.poisson(rng, StrictMath.exp(gpIntercept + gpAge.at(age) + 0.6 * risk
                + gpSexTerm(p) + ACTIVITY_NOISE_SD * Draws.gaussian(rng))));
        int bedDays = 0;
        double stay = lengthOfStayAge.at(age);
        for (int i = 0; i < p.emergencyAdmissions; i++) {
            bedDays += Draws.geometric(rng, stay);
        }
        for (int i = 0; i < p.electiveAdmissions; i++) {
            bedDays += rng.nextDouble() < 0.75 ? 0 : 1 + Draws.geometric(rng, 1.5); // three in four are day cases
        }
        p.bedDays = Math.min(366, bedDays);
        p.medicines = Math.min(100, Draws.poisson(rng, StrictMath.exp(medicinesIntercept + medicinesLogMean(p)
                + 0.4 * Draws.gaussian(rng))));
        p.costPence = p.emergencyAdmissions * PENCE_EMERGENCY_ADMISSION + p.bedDays * PENCE_BED_DAY
                + p.aeAttendances * PENCE_AE_ATTENDANCE + p.electiveAdmissions * PENCE_ELECTIVE_ADMISSION
                + p.outpatientAttendances * PENCE_OUTPATIENT + p.gpContacts * PENCE_GP_CONTACT
                + p.medicines * PENCE_MEDICINE_YEAR + p.careHome * PENCE_CARE_HOME_YEAR
                + (p.socialCare & (1 - p.careHome)) * PENCE_SOCIAL_CARE_YEAR + p.palliativeCare * PENCE_PALLIATIVE_YEAR
                + p.housebound * PENCE_HOUSEBOUND_YEAR;
    }

    private static double gpSexTerm(Person p) {
        return p.sex == Person.FEMALE && p.age >= 16 && p.age < 65 ? 0.25 : 0.0;
    }

    private double medicinesLogMean(Person p) {
        return medicinesAge.at(p.age) + 0.12 * p.conditionCount + 0.035 * p.efiDeficits + 0.2 * p.health;
    }

    // ---- calibration on the pilot sample -------------------------------------------------------------

    private void calibrateOnPilot(NationalAgeMix ages) {
        SplittableRandom rng = new SplittableRandom(PILOT_SEED);
        Person[] pilot = new Person[PILOT_SIZE];
        for (int i = 0; i < PILOT_SIZE; i++) {
            pilot[i] = new Person(conditionCount);
            drawConditions(rng, ages.drawAge(rng), 1 + rng.nextInt(10), pilot[i]);
        }
        double[] score = new double[PILOT_SIZE];
        for (int i = 0; i < PILOT_SIZE; i++) {
            score[i] = palliativeScore(pilot[i]);
        }
        palliativeIntercept = Calibration.interceptOnSample(score, null, TARGET_PALLIATIVE);
        for (Person p : pilot) {
            p.palliativeCare = (byte) Draws.bernoulliLogit(rng, palliativeIntercept + palliativeScore(p));
        }
        efiIntercept = calibrateSevereFrailty(pilot);
        for (Person p : pilot) {
            p.efiDeficits = drawEfi(rng, p);
        }
        for (int i = 0; i < PILOT_SIZE; i++) {
            score[i] = careHomeScore(pilot[i]);
        }
        careHomeIntercept = Calibration.interceptOnSample(score, null, TARGET_CARE_HOME);
        for (Person p : pilot) {
            p.careHome = (byte) Draws.bernoulliLogit(rng, careHomeIntercept + careHomeScore(p));
        }
        boolean[] notInCareHome = new boolean[PILOT_SIZE];
        int outside = 0;
        for (int i = 0; i < PILOT_SIZE; i++) {
            notInCareHome[i] = pilot[i].careHome == 0;
            outside += notInCareHome[i] ? 1 : 0;
            score[i] = houseboundScore(pilot[i]);
        }
        houseboundIntercept = Calibration.interceptOnSample(score, notInCareHome, TARGET_HOUSEBOUND * PILOT_SIZE / outside);
        for (Person p : pilot) {
            p.housebound = (byte) (p.careHome == 0 ? Draws.bernoulliLogit(rng, houseboundIntercept + houseboundScore(p)) : 0);
        }
        int inCareHome = PILOT_SIZE - outside;
        for (int i = 0; i < PILOT_SIZE; i++) {
            score[i] = socialCareScore(pilot[i]);
        }
        socialCareIntercept = Calibration.interceptOnSample(score, notInCareHome,
                (TARGET_SOCIAL_CARE * PILOT_SIZE - inCareHome) / outside);
        boolean[] carerCandidates = new boolean[PILOT_SIZE];
        int fiveOrOver = 0;
        for (int i = 0; i < PILOT_SIZE; i++) {
            Person p = pilot[i];
            p.socialCare = (byte) (p.careHome == 1 ? 1 : Draws.bernoulliLogit(rng, socialCareIntercept + socialCareScore(p)));
            fiveOrOver += p.age >= 5 ? 1 : 0;
            carerCandidates[i] = p.age >= 5 && p.careHome == 0;
            score[i] = carerScore(p);
        }
        int candidates = 0;
        for (boolean b : carerCandidates) {
            candidates += b ? 1 : 0;
        }
        carerIntercept = Calibration.interceptOnSample(score, carerCandidates, TARGET_CARER_5PLUS * fiveOrOver / candidates);
        calibrateActivity(pilot);
    }

    /** eFI intercept giving {@link #TARGET_SEVERE_FRAILTY_65} of people 65+ at 13 or more deficits, in expectation. */
    private double calibrateSevereFrailty(Person[] pilot) {
        int n = 0;
        for (Person p : pilot) {
            n += p.age >= 65 ? 1 : 0;
        }
        int[] fromConditions = new int[n];
        double[] logMean = new double[n];
        int j = 0;
        for (Person p : pilot) {
            if (p.age >= 65) {
                fromConditions[j] = efiFromConditions(p);
                logMean[j] = efiOtherLogMean(p, fromConditions[j]);
                j++;
            }
        }
        double lo = -10, hi = 10;
        for (int iteration = 0; iteration < 50; iteration++) {
            double mid = (lo + hi) / 2;
            double severe = 0;
            for (int i = 0; i < n; i++) {
                severe += poissonAtLeast(StrictMath.exp(mid + logMean[i]), 13 - fromConditions[i]);
            }
            if (severe / n < TARGET_SEVERE_FRAILTY_65) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private static double poissonAtLeast(double mean, int k) {
        if (k <= 0) {
            return 1.0;
        }
        double p = StrictMath.exp(-mean);
        double below = p;
        for (int i = 1; i < k; i++) {
            p *= mean / i;
            below += p;
        }
        return Math.max(0.0, 1.0 - below);
    }

    private void calibrateActivity(Person[] pilot) {
        int n = pilot.length;
        double lognormalMean = StrictMath.exp(ACTIVITY_NOISE_SD * ACTIVITY_NOISE_SD / 2);
        double admissionNoise = StrictMath.exp((YEAR_NOISE_SD * YEAR_NOISE_SD + PERSISTENT_NOISE_SD * PERSISTENT_NOISE_SD) / 2);
        double[] admission = new double[n];
        double[] ae = new double[n];
        double[] elective = new double[n];
        double[] outpatient = new double[n];
        double[] gp = new double[n];
        double[] medicines = new double[n];
        for (int i = 0; i < n; i++) {
            Person p = pilot[i];
            double risk = riskApartFromAge(p);
            admission[i] = admissionAge.at(p.age) + risk + StrictMath.log(admissionNoise);
            ae[i] = aeAge.at(p.age) + 0.6 * risk + StrictMath.log(lognormalMean);
            elective[i] = electiveAge.at(p.age) + 0.9 * risk + StrictMath.log(lognormalMean);
            // one in five of this year's patients also has an elective admission: the outpatient uplift term
            outpatient[i] = outpatientAge.at(p.age) + 0.8 * risk + StrictMath.log(lognormalMean);
            gp[i] = gpAge.at(p.age) + 0.6 * risk + gpSexTerm(p) + StrictMath.log(lognormalMean);
            medicines[i] = medicinesLogMean(p) + 0.08;
        }
        admissionIntercept = Calibration.logInterceptOnSample(admission, TARGET_EMERGENCY);
        aeIntercept = Calibration.logInterceptOnSample(ae, TARGET_AE - ADMITTED_VIA_AE * TARGET_EMERGENCY);
        electiveIntercept = Calibration.logInterceptOnSample(elective, TARGET_ELECTIVE);
        outpatientIntercept = Calibration.logInterceptOnSample(outpatient, TARGET_OUTPATIENT / 1.06);
        gpIntercept = Calibration.logInterceptOnSample(gp, TARGET_GP);
        medicinesIntercept = Calibration.logInterceptOnSample(medicines, TARGET_MEDICINES);
    }
}
