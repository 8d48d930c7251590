package org.strata.ingest;

import org.strata.format.PatientColumn;
import org.strata.format.IdKind;
import org.strata.format.Conditions;
import org.strata.format.Flags;
import org.strata.format.NhsNumber;
import org.strata.format.NearestName;
import org.strata.format.InvalidInputException;
import org.strata.format.PatientBatch;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Validates one patients-file record at a time into a {@link PatientBatch}, per docs/INPUT.md. The header
 * is resolved once (names case-insensitive, any order, unknown columns noted); the row loop then reads
 * fields by precomputed index. Checks run in the documented order; the first failure is the row's
 * {@link Rejection}. Duplicate ids are the store's business (it owns the patient index).
 */
public final class PatientRowParser {
  /** Upper limits of the count columns (lower limit 0), as in docs/INPUT.md. */
  static final int MAX_EMERGENCY = 50;
  static final int MAX_AE = 200;
  static final int MAX_ELECTIVE = 100;
  static final int MAX_OUTPATIENT = 300;
  static final int MAX_GP = 500;
  static final int MAX_BED_DAYS = 366;
  static final int MAX_MEDICINES = 100;
  static final long MAX_COST_PENCE = 5_000_000L * 100;
  static final int MAX_AGE = 120;
  static final int MAX_PSEUDONYM_CHARS = 64;

  /** Every column name the parser reads (lower case); the constructor asserts it resolves no other. */
  private static final Set<String> COLUMNS = columns();

  private final String fileName;
  private final IdKind idKind;
  private final Map<String, Integer> practiceOrdinals;
  private final LsoaDictionary lsoas;
  private final LocalDate referenceDate;
  private final int fieldCount;
  private final List<String> unknownColumns = new ArrayList<>();
  private final List<String> headerNotes = new ArrayList<>();

  private final int idField;
  private final int practiceField;
  private final int lsoaField;
  private final int ageField;
  private final int dobField;
  private final int sexField;
  private final int imdField;
  private final int[] conditionFields = new int[Conditions.COUNT];
  private final int[] flagFields = new int[Flags.NAMES.size()];
  private final int efiField;
  private final int emergencyField;
  private final int aeField;
  private final int electiveField;
  private final int outpatientField;
  private final int gpField;
  private final int bedDaysField;
  private final int medicinesField;
  private final int costField;
  private final int next12mField;

  /**
   * Resolves the header. Throws {@link InvalidInputException} naming the file and column when a required
   * column is missing or a name appears twice.
   */
  public PatientRowParser(
      String fileName,
      List<String> header,
      IdKind idKind,
      Map<String, Integer> practiceOrdinals,
      LsoaDictionary lsoas,
      LocalDate referenceDate)
      throws InvalidInputException {
    this.fileName = fileName;
    this.idKind = idKind;
    this.practiceOrdinals = practiceOrdinals;
    this.lsoas = lsoas;
    this.referenceDate = referenceDate;
    this.fieldCount = header.size();
    String delimiter = InputFiles.otherDelimiter(fileName, header);
    if (delimiter != null) {
      throw new InvalidInputException(delimiter);
    }
    Map<String, Integer> byName = new HashMap<>();
    List<Integer> unnamed = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).strip().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        unnamed.add(i + 1); // spreadsheets leave unnamed trailing columns; a blanked name loses a column
        continue;
      }
      if (byName.put(name, i) != null && isKnownColumn(name)) {
        throw new InvalidInputException(fileName + ": line 1: column '" + name + "' appears twice in the header");
      }
    }
    List<String> known = new ArrayList<>();
    idField = required(byName, "patient_id", known);
    practiceField = required(byName, "practice_code", known);
    sexField = required(byName, "sex", known);
    ageField = optional(byName, "age", known);
    dobField = optional(byName, "date_of_birth", known);
    if (ageField < 0 && dobField < 0) {
      throw new InvalidInputException(fileName + ": missing required column 'age' (or 'date_of_birth')");
    }
    if (ageField < 0 && referenceDate == null) {
      throw new InvalidInputException(
          fileName + ": has 'date_of_birth' but no 'age': give --reference-date to compute ages");
    }
    lsoaField = optional(byName, "lsoa", known);
    imdField = optional(byName, "imd_decile", known);
    for (int c = 0; c < Conditions.COUNT; c++) {
      conditionFields[c] = optional(byName, Conditions.NAMES.get(c), known);
    }
    for (int f = 0; f < flagFields.length; f++) {
      flagFields[f] = optional(byName, Flags.NAMES.get(f), known);
    }
    efiField = optional(byName, "efi_deficits", known);
    emergencyField = optional(byName, "emergency_admissions", known);
    aeField = optional(byName, "ae_attendances", known);
    electiveField = optional(byName, "elective_admissions", known);
    outpatientField = optional(byName, "outpatient_attendances", known);
    gpField = optional(byName, "gp_contacts", known);
    bedDaysField = optional(byName, "bed_days", known);
    medicinesField = optional(byName, "medicines", known);
    costField = optional(byName, "cost_12m", known);
    next12mField = optional(byName, "emergency_admissions_next_12m", known);
    assert COLUMNS.containsAll(known) : "COLUMNS lacks one of " + known;
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).strip().toLowerCase(Locale.ROOT);
      if (!name.isEmpty() && !known.contains(name) && !unknownColumns.contains(name)) {
        unknownColumns.add(name);
      }
    }
    if (!unnamed.isEmpty()) {
      boolean trailing = unnamed.get(0) == header.size() - unnamed.size() + 1;
      headerNotes.add(fileName + ": line 1: " + unnamed.size() + (unnamed.size() == 1 ? " column has" : " columns have")
          + " no name in the header (column " + join(unnamed) + ")" + (trailing ? ", at the end: ignored"
          : unnamed.size() == 1 ? ": ignored, so what it holds is not read; name it if it matters"
          : ": ignored, so what they hold is not read; name them if they matter"));
    }
    if (ageField >= 0 && dobField >= 0) {
      headerNotes.add(fileName + ": has both 'age' and 'date_of_birth': 'age' is used" + (referenceDate == null
          ? "; give --reference-date to check date_of_birth against it"
          : ", and rows whose date_of_birth gives another age at " + referenceDate + " are quarantined"));
    }
  }

  private static String join(List<Integer> columns) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < columns.size() && k < 10; k++) {
      sb.append(k == 0 ? "" : ", ").append(columns.get(k));
    }
    return columns.size() > 10 ? sb.append(", …").toString() : sb.toString();
  }

  /** What the header says that is not an error: unnamed columns, and which of age and date_of_birth is used. */
  public List<String> headerNotes() {
    return List.copyOf(headerNotes);
  }

  /**
   * For each unknown column, the known column it is nearest to when it looks like a typo of one
   * ("hypertention" → "hypertension"), else null; in {@link #unknownColumns()} order.
   */
  public List<String> nearestKnown() {
    List<String> known = COLUMNS.stream().sorted().toList();
    List<String> out = new ArrayList<>();
    for (String u : unknownColumns) {
      out.add(NearestName.of(u, known));
    }
    return out;
  }

  private static Set<String> columns() {
    Set<String> names = new HashSet<>(List.of("patient_id", "practice_code", "sex", "age", "date_of_birth",
        "lsoa", "imd_decile", "efi_deficits", "emergency_admissions", "ae_attendances", "elective_admissions",
        "outpatient_attendances", "gp_contacts", "bed_days", "medicines", "cost_12m",
        "emergency_admissions_next_12m"));
    names.addAll(Conditions.NAMES);
    names.addAll(Flags.NAMES);
    return Set.copyOf(names);
  }

  /**
   * Whether a header name (any case, untrimmed) is a column this parser reads; the rest are ignored. Lets
   * a typed source (Arrow) refuse a column of a type it cannot read before any row, but only when it matters.
   */
  public static boolean isKnownColumn(String name) {
    return COLUMNS.contains(name.strip().toLowerCase(Locale.ROOT));
  }

  private int required(Map<String, Integer> byName, String name, List<String> known)
      throws InvalidInputException {
    Integer i = byName.get(name);
    if (i == null) {
      throw new InvalidInputException(fileName + ": missing required column '" + name + "'");
    }
    known.add(name);
    return i;
  }

  private static int optional(Map<String, Integer> byName, String name, List<String> known) {
    Integer i = byName.get(name);
    if (i == null) {
      return -1;
    }
    known.add(name);
    return i;
  }

  /** Number of fields every record must have. */
  public int fieldCount() {
    return fieldCount;
  }

  /** Header names Strata does not use (ignored, with a warning). */
  public List<String> unknownColumns() {
    return List.copyOf(unknownColumns);
  }

  /** Whether the file records costs (a {@code cost_12m} column). */
  public boolean hasCost() {
    return costField >= 0;
  }

  /** Whether the file records the outcome column. */
  public boolean hasOutcome() {
    return next12mField >= 0;
  }

  /**
   * Validates the reader's current record (whose structure the caller has checked) and appends it to
   * {@code batch}. Returns null when stored, else why not.
   */
  public Rejection parse(RecordSource r, PatientBatch b) {
    final int line = r.line();
    final int row = b.rowCount();

    // patient_id
    if (r.isEmpty(idField)) {
      return new Rejection(line, "patient_id", "", RejectReason.MISSING_VALUE, null);
    }
    if (idKind == IdKind.NHS_NUMBER) {
      long id = parseNhsNumber(r, idField);
      if (id == NhsNumber.INVALID) {
        return new Rejection(
            line, "patient_id", NhsNumber.mask(r.field(idField)), RejectReason.INVALID_NHS_NUMBER, null);
      }
      b.nhsNumber[row] = id;
    } else {
      String p = r.field(idField);
      if (p.length() > MAX_PSEUDONYM_CHARS || hasControl(p)) {
        return new Rejection(line, "patient_id", NhsNumber.mask(p), RejectReason.INVALID_PSEUDONYM, null);
      }
      b.pseudonym[row] = p;
      b.nhsNumber[row] = 0;
    }

    // practice_code, lsoa
    int lsoa = PatientColumn.MISSING;
    if (lsoaField >= 0 && !r.isEmpty(lsoaField)) {
      if (r.length(lsoaField) > 16) {
        return new Rejection(line, "lsoa", r.field(lsoaField), RejectReason.INVALID_CODE, "longer than 16");
      }
      lsoa = lsoas.ordinalOf(r.field(lsoaField));
    }
    if (r.isEmpty(practiceField)) {
      if (lsoa == PatientColumn.MISSING) {
        return new Rejection(line, "lsoa", "", RejectReason.MISSING_LSOA, "no practice_code and no lsoa");
      }
      b.practice[row] = -1;
    } else {
      String code = r.field(practiceField);
      Integer ordinal = practiceOrdinals.get(code.toUpperCase(Locale.ROOT));
      if (ordinal == null) {
        return new Rejection(line, "practice_code", code, RejectReason.UNKNOWN_PRACTICE, null);
      }
      b.practice[row] = (short) (int) ordinal;
    }
    b.lsoa[row] = lsoa;

    // age or date_of_birth
    if (ageField >= 0) {
      if (r.isEmpty(ageField)) {
        return new Rejection(line, "age", "", RejectReason.MISSING_VALUE, null);
      }
      long age = r.parseLong(ageField);
      if (age == Long.MIN_VALUE) {
        return new Rejection(line, "age", r.field(ageField), RejectReason.NOT_A_NUMBER, null);
      }
      if (age < 0 || age > MAX_AGE) {
        return new Rejection(line, "age", r.field(ageField), RejectReason.OUT_OF_RANGE, "0-" + MAX_AGE);
      }
      b.age[row] = (byte) age;
      if (dobField >= 0 && referenceDate != null && !r.isEmpty(dobField)) {
        Rejection disagree = checkDateOfBirth(r, (int) age, line);
        if (disagree != null) {
          return disagree;
        }
      }
    } else {
      Rejection bad = parseDateOfBirth(r, b, row, line);
      if (bad != null) {
        return bad;
      }
    }

    // sex
    if (r.isEmpty(sexField)) {
      return new Rejection(line, "sex", "", RejectReason.MISSING_VALUE, null);
    }
    int sex = sexCode(r, sexField);
    if (sex < 0) {
      return new Rejection(line, "sex", r.field(sexField), RejectReason.INVALID_CODE, "M/F/U or 1/2/9/0");
    }
    b.sex[row] = (byte) sex;

    // imd_decile
    if (imdField >= 0 && !r.isEmpty(imdField)) {
      long imd = r.parseLong(imdField);
      if (imd == Long.MIN_VALUE) {
        return new Rejection(line, "imd_decile", r.field(imdField), RejectReason.NOT_A_NUMBER, null);
      }
      if (imd < 1 || imd > 10) {
        return new Rejection(line, "imd_decile", r.field(imdField), RejectReason.OUT_OF_RANGE, "1-10");
      }
      b.imdDecile[row] = (byte) imd;
    } else {
      b.imdDecile[row] = PatientColumn.MISSING;
    }

    // condition and register flags
    int conditions = 0;
    for (int c = 0; c < Conditions.COUNT; c++) {
      int f = conditionFields[c];
      if (f >= 0 && !r.isEmpty(f)) {
        int v = flag(r, f);
        if (v < 0) {
          return new Rejection(line, Conditions.NAMES.get(c), r.field(f), RejectReason.INVALID_CODE, "0 or 1");
        }
        conditions |= v << c;
      }
    }
    b.conditions[row] = conditions;
    int flags = 0;
    for (int k = 0; k < flagFields.length; k++) {
      int f = flagFields[k];
      if (f >= 0 && !r.isEmpty(f)) {
        int v = flag(r, f);
        if (v < 0) {
          return new Rejection(line, Flags.NAMES.get(k), r.field(f), RejectReason.INVALID_CODE, "0 or 1");
        }
        flags |= v << k;
      }
    }
    b.flags[row] = (byte) flags;

    // counts
    long v;
    if ((v = count(r, efiField, 36)) < 0) {
      return countRejection(r, efiField, "efi_deficits", v, 36, line);
    }
    b.efiDeficits[row] = (byte) v;
    if ((v = count(r, emergencyField, MAX_EMERGENCY)) < 0) {
      return countRejection(r, emergencyField, "emergency_admissions", v, MAX_EMERGENCY, line);
    }
    b.emergencyAdmissions[row] = (byte) v;
    if ((v = count(r, aeField, MAX_AE)) < 0) {
      return countRejection(r, aeField, "ae_attendances", v, MAX_AE, line);
    }
    b.aeAttendances[row] = (short) v;
    if ((v = count(r, electiveField, MAX_ELECTIVE)) < 0) {
      return countRejection(r, electiveField, "elective_admissions", v, MAX_ELECTIVE, line);
    }
    b.electiveAdmissions[row] = (byte) v;
    if ((v = count(r, outpatientField, MAX_OUTPATIENT)) < 0) {
      return countRejection(r, outpatientField, "outpatient_attendances", v, MAX_OUTPATIENT, line);
    }
    b.outpatientAttendances[row] = (short) v;
    if ((v = count(r, gpField, MAX_GP)) < 0) {
      return countRejection(r, gpField, "gp_contacts", v, MAX_GP, line);
    }
    b.gpContacts[row] = (short) v;
    if ((v = count(r, bedDaysField, MAX_BED_DAYS)) < 0) {
      return countRejection(r, bedDaysField, "bed_days", v, MAX_BED_DAYS, line);
    }
    b.bedDays[row] = (short) v;
    if ((v = count(r, medicinesField, MAX_MEDICINES)) < 0) {
      return countRejection(r, medicinesField, "medicines", v, MAX_MEDICINES, line);
    }
    b.medicines[row] = (byte) v;

    // cost_12m (pence), outcome
    if (costField >= 0 && !r.isEmpty(costField)) {
      long pence = r.parseHundredths(costField);
      if (pence == Long.MIN_VALUE) {
        return new Rejection(line, "cost_12m", r.field(costField), RejectReason.NOT_A_NUMBER, null);
      }
      if (pence < 0 || pence > MAX_COST_PENCE) {
        return new Rejection(line, "cost_12m", r.field(costField), RejectReason.OUT_OF_RANGE, "0-5000000");
      }
      b.costPence[row] = (int) pence;
    } else {
      b.costPence[row] = PatientColumn.MISSING;
    }
    if (next12mField >= 0 && !r.isEmpty(next12mField)) {
      if ((v = count(r, next12mField, MAX_EMERGENCY)) < 0) {
        return countRejection(
            r, next12mField, "emergency_admissions_next_12m", v, MAX_EMERGENCY, line);
      }
      b.emergencyAdmissionsNext12m[row] = (byte) v;
    } else {
      b.emergencyAdmissionsNext12m[row] = PatientColumn.MISSING;
    }
    b.sourceLine[row] = line;
    b.commitRow();
    return null;
  }

  /** With both columns, the stated age must be the age date_of_birth gives at the reference date. */
  private Rejection checkDateOfBirth(RecordSource r, int age, int line) {
    LocalDate dob;
    try {
      dob = LocalDate.parse(r.field(dobField));
    } catch (DateTimeParseException e) {
      return new Rejection(line, "date_of_birth", "(masked)", RejectReason.INVALID_CODE, "not YYYY-MM-DD");
    }
    int fromDob = Period.between(dob, referenceDate).getYears();
    if (fromDob != age) {
      return new Rejection(line, "date_of_birth", "(masked)", RejectReason.OUT_OF_RANGE,
          "gives age " + fromDob + " at " + referenceDate + ", the age column says " + age);
    }
    return null;
  }

  private Rejection parseDateOfBirth(RecordSource r, PatientBatch b, int row, int line) {
    if (r.isEmpty(dobField)) {
      return new Rejection(line, "date_of_birth", "", RejectReason.MISSING_VALUE, null);
    }
    String text = r.field(dobField);
    LocalDate dob;
    try {
      dob = LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      return new Rejection(line, "date_of_birth", "(masked)", RejectReason.INVALID_CODE, "not YYYY-MM-DD");
    }
    if (dob.isAfter(referenceDate)) {
      return new Rejection(line, "date_of_birth", "(masked)", RejectReason.OUT_OF_RANGE, "after reference date");
    }
    int age = Period.between(dob, referenceDate).getYears();
    if (age > MAX_AGE) {
      return new Rejection(line, "date_of_birth", "(masked)", RejectReason.OUT_OF_RANGE, "age over " + MAX_AGE);
    }
    b.age[row] = (byte) age;
    return null;
  }

  /** 1 male, 2 female, 0 unknown; -1 invalid. */
  private static int sexCode(RecordSource r, int f) {
    if (r.length(f) != 1) {
      return -1;
    }
    switch (r.byteAt(f, 0)) {
      case 'M':
      case 'm':
      case '1':
        return 1;
      case 'F':
      case 'f':
      case '2':
        return 2;
      case 'U':
      case 'u':
      case '9':
      case '0':
        return 0;
      default:
        return -1;
    }
  }

  private static int flag(RecordSource r, int f) {
    if (r.length(f) != 1) {
      return -1;
    }
    byte c = r.byteAt(f, 0);
    return c == '0' ? 0 : c == '1' ? 1 : -1;
  }

  /** The count in [0, max]; 0 when the column is absent or empty; -1 not a number; -2 out of range. */
  private static long count(RecordSource r, int f, int max) {
    if (f < 0 || r.isEmpty(f)) {
      return 0;
    }
    long v = r.parseLong(f);
    if (v == Long.MIN_VALUE) {
      return -1;
    }
    return v < 0 || v > max ? -2 : v;
  }

  private static Rejection countRejection(
      RecordSource r, int f, String column, long code, int max, int line) {
    return code == -1
        ? new Rejection(line, column, r.field(f), RejectReason.NOT_A_NUMBER, null)
        : new Rejection(line, column, r.field(f), RejectReason.OUT_OF_RANGE, "0-" + max);
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** The file this parser reads, for messages. */
  public String fileName() {
    return fileName;
  }

  /** Same as {@link NhsNumber#parse} over field {@code i} of an input record, without making a String. */
  public static long parseNhsNumber(RecordSource r, int i) {
    long v = 0;
    int digits = 0;
    final int n = r.length(i);
    for (int k = 0; k < n; k++) {
      byte c = r.byteAt(i, k);
      if (c == ' ') {
        continue;
      }
      if (c < '0' || c > '9' || ++digits > 10) {
        return NhsNumber.INVALID;
      }
      v = v * 10 + (c - '0');
    }
    return digits == 10 && NhsNumber.isValid(v) ? v : NhsNumber.INVALID;
  }
}
