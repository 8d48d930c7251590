package org.strata.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.format.IdKind;
import org.strata.ingest.IngestProgress;

/**
 * The derivation against a plain reference: seeded random events of every kind, rows shuffled, and each feature
 * measure (any, windows of days, months and years, rows, distinct days, distinct codes, distinct groups, bed days,
 * the latest value below a threshold, unless a later code, an admission-method and a diagnosis list) recomputed
 * here with {@code LocalDate} and collections, patient by patient.
 */
class FeatureDerivationTest {
  static final LocalDate REF = LocalDate.of(2026, 3, 31);

  static final String FEATURES = """
      features:
        alcohol: {source: gp_events, codelist: a}
        cancer: {source: gp_events, codelist: a, window: 5y}
        copd: {source: gp_events, codelist: b, window: 30d}
        ckd:
          any:
            - {source: gp_events, codelist: b, window: 12m}
            - {source: gp_events, codelist: egfr, latest_value_below: 60}
        housebound: {source: gp_events, codelist: a, unless_later: b}
        dementia: {source: apc_spells, codelist: icd, window: 12m}
        asthma: {source: medications, codelist: meds, window: 3m}
        efi_deficits: {source: gp_events, codelist: groups, count: distinct_groups, window: 10y}
        emergency_admissions: {source: apc_spells, admission_method: emergency, window: 12m, count: rows}
        bed_days: {source: apc_spells, window: 12m, count: bed_days}
        gp_contacts: {source: gp_events, window: 12m, count: days}
        medicines: {source: medications, window: 12m, count: distinct_codes}
        ae_attendances: {source: ae_attendances, window: 12m, count: rows}
        outpatient_attendances: {source: op_attendances, window: 24m, count: rows}
      """;

  record Gp(int patient, LocalDate date, long code, Double value) {}

  record Spell(int patient, LocalDate adm, LocalDate dis, String method, List<String> diagnoses) {}

  record Dated(int patient, LocalDate date, long code) {}

  @Test
  void everyMeasureEqualsAPlainRecount(@TempDir Path tmp) throws Exception {
    for (long seed : new long[] {1, 2, 3}) {
      check(tmp.resolve("s" + seed), new Random(seed));
    }
  }

  private void check(Path dir, Random rnd) throws Exception {
    Files.createDirectories(dir.resolve("lists"));
    long[] a = codes(100_000, 40);
    long[] b = codes(200_000, 30);
    long[] egfr = codes(300_000, 3);
    long[] meds = codes(400_000, 20);
    long[][] groups = {codes(500_000, 5), codes(600_000, 5), codes(700_000, 5)};
    groups[1][0] = a[0]; // a code in a list and in a group feeds both
    write(dir.resolve("lists/a.csv"), "code,term", a);
    write(dir.resolve("lists/b.csv"), "code,term", b);
    write(dir.resolve("lists/egfr.csv"), "code,term", egfr);
    write(dir.resolve("lists/meds.csv"), "code,term", meds);
    StringBuilder g = new StringBuilder("deficit,code,term\n");
    for (int i = 0; i < groups.length; i++) {
      for (long c : groups[i]) {
        g.append("d").append(i).append(',').append(c).append(",t\n");
      }
    }
    Files.writeString(dir.resolve("lists/groups.csv"), g);
    Files.writeString(dir.resolve("lists/icd.csv"), "code,term\nF03,x\nG30.1,y\n");
    Files.writeString(dir.resolve("lists/emergency.csv"), "code,term\n21,x\n2A,y\n");
    Files.writeString(dir.resolve("features.yaml"), FEATURES);

    int n = 300;
    String[] ids = new String[n];
    LocalDate[] born = new LocalDate[n];
    StringBuilder patients = new StringBuilder("patient_id,practice_code,date_of_birth,sex\n");
    for (int p = 0; p < n; p++) {
      ids[p] = "P" + p;
      born[p] = REF.minusDays(rnd.nextInt(365 * 90));
      patients.append(ids[p]).append(",X00001,").append(born[p]).append(",F\n");
    }
    Files.writeString(dir.resolve("patients.csv"), patients);
    List<Gp> gp = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      int p = rnd.nextInt(n);
      long[] pool = switch (rnd.nextInt(6)) {
        case 0 -> a;
        case 1 -> b;
        case 2 -> egfr;
        case 3 -> groups[rnd.nextInt(3)];
        default -> new long[] {900_000 + rnd.nextInt(50)};
      };
      Double value = rnd.nextInt(3) == 0 ? null : 20 + rnd.nextInt(8000) / 100.0;
      gp.add(new Gp(p, day(rnd, born[p]), pool[rnd.nextInt(pool.length)], value));
    }
    List<Spell> spells = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      int p = rnd.nextInt(n);
      LocalDate adm = day(rnd, born[p]);
      LocalDate dis = rnd.nextInt(10) == 0 ? null : adm.plusDays(rnd.nextInt(40));
      if (dis != null && dis.isAfter(REF)) {
        dis = REF;
      }
      List<String> dx = new ArrayList<>();
      for (int k = rnd.nextInt(3); k >= 0; k--) {
        dx.add(new String[] {"F03", "G30.1", "I50.0", "J18.9"}[rnd.nextInt(4)]);
      }
      spells.add(new Spell(p, adm, dis, new String[] {"21", "2A", "11", "31"}[rnd.nextInt(4)], dx));
    }
    List<Dated> medsRows = new ArrayList<>();
    for (int i = 0; i < 6_000; i++) {
      int p = rnd.nextInt(n);
      long code = rnd.nextBoolean() ? meds[rnd.nextInt(meds.length)] : 800_000 + rnd.nextInt(30);
      medsRows.add(new Dated(p, day(rnd, born[p]), code));
    }
    List<Dated> ae = new ArrayList<>();
    List<Dated> op = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      int p = rnd.nextInt(n);
      (i % 2 == 0 ? ae : op).add(new Dated(p, day(rnd, born[p]), 0));
    }
    List<String> lines = new ArrayList<>();
    for (Gp e : gp) {
      lines.add(ids[e.patient()] + "," + e.date() + "," + e.code() + "," + (e.value() == null ? "" : e.value()));
    }
    writeShuffled(dir.resolve("gp_events.csv"), "patient_id,date,code,value", lines, rnd);
    lines.clear();
    for (Spell s : spells) {
      lines.add(ids[s.patient()] + "," + s.adm() + "," + (s.dis() == null ? "" : s.dis()) + "," + s.method() + ","
          + String.join(";", s.diagnoses()));
    }
    writeShuffled(dir.resolve("apc_spells.csv"), "patient_id,admission_date,discharge_date,admission_method,diagnoses",
        lines, rnd);
    lines.clear();
    medsRows.forEach(m -> lines.add(ids[m.patient()] + "," + m.date() + "," + m.code()));
    writeShuffled(dir.resolve("medications.csv"), "patient_id,date,code", lines, rnd);
    lines.clear();
    ae.forEach(m -> lines.add(ids[m.patient()] + "," + m.date()));
    writeShuffled(dir.resolve("ae_attendances.csv"), "patient_id,arrival_date", lines, rnd);
    lines.clear();
    op.forEach(m -> lines.add(ids[m.patient()] + "," + m.date()));
    writeShuffled(dir.resolve("op_attendances.csv"), "patient_id,appointment_date", lines, rnd);

    EventExtract x = EventExtract.open(dir, dir.resolve("patients.csv"), IdKind.PSEUDONYM, REF, dir.resolve("lists"),
        dir.resolve("features.yaml"), 0.0, dir);
    Files.createDirectories(dir.resolve("gen"));
    x.derive(dir.resolve("gen")::resolve, IngestProgress.NONE);
    assertEquals(List.of("alcohol", "cancer", "copd", "ckd", "housebound", "dementia", "asthma", "efi_deficits",
        "emergency_admissions", "bed_days", "gp_contacts", "medicines", "ae_attendances", "outpatient_attendances"),
        x.names());
    Set<Long> aSet = set(a);
    Set<Long> bSet = set(b);
    Set<Long> egfrSet = set(egfr);
    Set<Long> medSet = set(meds);
    long[] got = new long[x.names().size()];
    for (int p = 0; p < n; p++) {
      final int pp = p;
      long[] want = new long[got.length];
      want[0] = flag(gp.stream().anyMatch(e -> e.patient() == pp && aSet.contains(e.code())));
      want[1] = flag(gp.stream().anyMatch(e -> e.patient() == pp && aSet.contains(e.code())
          && e.date().isAfter(REF.minusYears(5))));
      want[2] = flag(gp.stream().anyMatch(e -> e.patient() == pp && bSet.contains(e.code())
          && e.date().isAfter(REF.minusDays(30))));
      Gp latest = null;
      for (Gp e : gp) {
        if (e.patient() == p && egfrSet.contains(e.code()) && e.value() != null && (latest == null
            || e.date().isAfter(latest.date()) || e.date().equals(latest.date()) && e.value() < latest.value())) {
          latest = e;
        }
      }
      want[3] = flag(gp.stream().anyMatch(e -> e.patient() == pp && bSet.contains(e.code())
          && e.date().isAfter(REF.minusMonths(12))) || latest != null && latest.value() < 60);
      LocalDate lastA = gp.stream().filter(e -> e.patient() == pp && aSet.contains(e.code())).map(Gp::date)
          .max(LocalDate::compareTo).orElse(null);
      LocalDate lastB = gp.stream().filter(e -> e.patient() == pp && bSet.contains(e.code())).map(Gp::date)
          .max(LocalDate::compareTo).orElse(null);
      want[4] = flag(lastA != null && (lastB == null || lastA.isAfter(lastB)));
      want[5] = flag(spells.stream().anyMatch(s -> s.patient() == pp && s.adm().isAfter(REF.minusMonths(12))
          && s.diagnoses().stream().anyMatch(d -> d.equals("F03") || d.equals("G30.1"))));
      want[6] = flag(medsRows.stream().anyMatch(m -> m.patient() == pp && medSet.contains(m.code())
          && m.date().isAfter(REF.minusMonths(3))));
      Set<Integer> deficits = new HashSet<>();
      for (Gp e : gp) {
        for (int k = 0; k < groups.length; k++) {
          if (e.patient() == p && set(groups[k]).contains(e.code()) && e.date().isAfter(REF.minusYears(10))) {
            deficits.add(k);
          }
        }
      }
      want[7] = deficits.size();
      want[8] = spells.stream().filter(s -> s.patient() == pp && s.adm().isAfter(REF.minusMonths(12))
          && (s.method().equals("21") || s.method().equals("2A"))).count();
      long nights = 0;
      for (Spell s : spells) {
        if (s.patient() != p) {
          continue;
        }
        LocalDate from = s.adm().isAfter(REF.minusMonths(12)) ? s.adm() : REF.minusMonths(12).plusDays(1);
        LocalDate to = s.dis() == null ? REF : s.dis();
        if (to.isAfter(REF.plusDays(1))) {
          to = REF.plusDays(1);
        }
        nights += Math.max(0, ChronoUnit.DAYS.between(from, to));
      }
      want[9] = nights;
      want[10] = gp.stream().filter(e -> e.patient() == pp && e.date().isAfter(REF.minusMonths(12)))
          .map(Gp::date).distinct().count();
      want[11] = medsRows.stream().filter(m -> m.patient() == pp && m.date().isAfter(REF.minusMonths(12)))
          .map(Dated::code).distinct().count();
      want[12] = ae.stream().filter(m -> m.patient() == pp && m.date().isAfter(REF.minusMonths(12))).count();
      want[13] = op.stream().filter(m -> m.patient() == pp && m.date().isAfter(REF.minusMonths(24))).count();
      x.state().values(p, got);
      assertArrayEquals(want, got, "patient " + p);
    }
  }

  private static long flag(boolean b) {
    return b ? 1 : 0;
  }

  private static Set<Long> set(long[] codes) {
    Set<Long> s = new HashSet<>();
    for (long c : codes) {
      s.add(c);
    }
    return s;
  }

  /** A day between birth and the reference date, bunched near the reference date so windows bite. */
  private static LocalDate day(Random rnd, LocalDate born) {
    long span = ChronoUnit.DAYS.between(born, REF);
    long back = rnd.nextBoolean() ? rnd.nextInt(800) : (long) (rnd.nextDouble() * (span + 1));
    return REF.minusDays(Math.min(back, span));
  }

  private static long[] codes(long base, int count) {
    long[] c = new long[count];
    for (int i = 0; i < count; i++) {
      c[i] = base + 7L * i;
    }
    return c;
  }

  private static void write(Path file, String header, long[] codes) throws Exception {
    StringBuilder s = new StringBuilder(header).append('\n');
    for (long c : codes) {
      s.append(c).append(",term ").append(c).append('\n');
    }
    Files.writeString(file, s);
  }

  private static void writeShuffled(Path file, String header, List<String> lines, Random rnd) throws Exception {
    List<String> l = new ArrayList<>(lines);
    java.util.Collections.shuffle(l, rnd);
    Files.writeString(file, header + "\n" + String.join("\n", l) + "\n");
  }
}
