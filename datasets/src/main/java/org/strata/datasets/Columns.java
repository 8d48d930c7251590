package org.strata.datasets;

import java.util.ArrayList;
import java.util.List;

/** The columns of patients.csv in clean order (docs/INPUT.md), and where each sits. */
final class Columns {
    static final int PATIENT_ID = 0;
    static final int PRACTICE_CODE = 1;
    static final int LSOA = 2;
    static final int AGE = 3;
    static final int SEX = 4;
    static final int IMD_DECILE = 5;
    static final int FIRST_CONDITION = 6;

    final int conditionCount;
    final int learningDisability;
    final int palliativeCare;
    final int careHome;
    final int housebound;
    final int socialCare;
    final int carer;
    final int efiDeficits;
    final int emergencyAdmissions;
    final int aeAttendances;
    final int electiveAdmissions;
    final int outpatientAttendances;
    final int gpContacts;
    final int bedDays;
    final int medicines;
    final int cost;
    final int emergencyAdmissionsNext12m;
    /** The free-text column only dirty files carry (an unknown column the ingest must ignore). */
    final int notes;
    /** Columns of a clean file; a dirty file has one more ({@link #notes}). */
    final int cleanCount;
    final String[] names;

    Columns(String[] conditionNames) {
        conditionCount = conditionNames.length;
        int i = FIRST_CONDITION + conditionCount;
        learningDisability = i++;
        palliativeCare = i++;
        careHome = i++;
        housebound = i++;
        socialCare = i++;
        carer = i++;
        efiDeficits = i++;
        emergencyAdmissions = i++;
        aeAttendances = i++;
        electiveAdmissions = i++;
        outpatientAttendances = i++;
        gpContacts = i++;
        bedDays = i++;
        medicines = i++;
        cost = i++;
        emergencyAdmissionsNext12m = i++;
        cleanCount = i;
        notes = i;
        List<String> all = new ArrayList<>(List.of("patient_id", "practice_code", "lsoa", "age", "sex", "imd_decile"));
        all.addAll(List.of(conditionNames));
        all.addAll(List.of("learning_disability", "palliative_care", "care_home", "housebound", "social_care", "carer",
                "efi_deficits", "emergency_admissions", "ae_attendances", "elective_admissions", "outpatient_attendances",
                "gp_contacts", "bed_days", "medicines", "cost_12m", "emergency_admissions_next_12m", "notes"));
        names = all.toArray(new String[0]);
    }

    /** The activity counts with their docs/INPUT.md upper limits, for count defects. */
    int[] countColumns() {
        return new int[] {emergencyAdmissions, aeAttendances, electiveAdmissions, outpatientAttendances, gpContacts,
            bedDays, medicines, emergencyAdmissionsNext12m};
    }

    static int upperLimitOfCount(int position) {
        return new int[] {50, 200, 100, 300, 500, 366, 100, 50}[position];
    }
}
