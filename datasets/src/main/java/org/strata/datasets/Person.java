package org.strata.datasets;

/** One synthetic person's values; a scratch object reused for every row of a block. */
final class Person {
    static final byte FEMALE = 0;
    static final byte MALE = 1;
    static final byte UNKNOWN_SEX = 2;

    int age;
    byte sex;
    int imdDecile;
    /** Deprivation on a −1 (least deprived decile 10) .. +1 (most deprived decile 1) scale. */
    double deprivation;
    /** The shared latent health factor, N(0,1): what makes conditions, frailty and use go together. */
    double health;
    final byte[] conditions;
    int conditionCount;
    byte learningDisability;
    byte palliativeCare;
    byte careHome;
    byte housebound;
    byte socialCare;
    byte carer;
    int efiDeficits;
    int emergencyAdmissions;
    int aeAttendances;
    int electiveAdmissions;
    int outpatientAttendances;
    int gpContacts;
    int bedDays;
    int medicines;
    long costPence;
    int emergencyAdmissionsNext12m;

    Person(int conditionCount) {
        this.conditions = new byte[conditionCount];
    }
}
