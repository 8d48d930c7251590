package org.strata.datasets;

/**
 * The defects a dirty extract carries, each with the docs/INPUT.md reason code the ingest must quarantine
 * it with, or {@code accepted} when the row is valid and must be stored. One defect per affected row.
 */
enum Defect {
    NHS_BAD_CHECK_DIGIT("invalid_nhs_number"),
    NHS_NINE_DIGITS("invalid_nhs_number"),
    NHS_LETTERS("invalid_nhs_number"),
    NHS_REPEATED_DIGIT("invalid_nhs_number"),
    NHS_SPACED(Defect.ACCEPTED),
    DUPLICATE_ROW("duplicate_patient_id"),
    DUPLICATE_ID("duplicate_patient_id"),
    BLANK_AGE("missing_value"),
    BLANK_SEX("missing_value"),
    BLANK_OPTIONAL(Defect.ACCEPTED),
    AGE_OUT_OF_RANGE("out_of_range"),
    AGE_NOT_NUMBER("not_a_number"),
    SEX_INVALID("invalid_code"),
    SEX_NUMERIC(Defect.ACCEPTED),
    FLAG_NOT_BINARY("invalid_code"),
    EFI_OUT_OF_RANGE("out_of_range"),
    IMD_OUT_OF_RANGE("out_of_range"),
    COUNT_NEGATIVE("out_of_range"),
    COUNT_ABSURD("out_of_range"),
    UNKNOWN_PRACTICE("unknown_practice"),
    UNREGISTERED_NO_LSOA("missing_lsoa"),
    TOO_FEW_FIELDS("malformed_row"),
    TOO_MANY_FIELDS("malformed_row"),
    UNBALANCED_QUOTE("unbalanced_quote"),
    NOTES_QUOTED_COMMA(Defect.ACCEPTED),
    NOTES_QUOTED_QUOTE(Defect.ACCEPTED),
    NOTES_QUOTED_NEWLINE(Defect.ACCEPTED),
    PADDED_VALUE(Defect.ACCEPTED);

    static final String ACCEPTED = "accepted";
    private static final Defect[] ALL = values();

    /** The reason code (or {@code accepted}) the ingest must give the row. */
    final String expected;

    Defect(String expected) {
        this.expected = expected;
    }

    /** The code written to defects.csv: the constant's name in lower case. */
    String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Defect at(int ordinal) {
        return ALL[ordinal];
    }

    static int count() {
        return ALL.length;
    }
}
