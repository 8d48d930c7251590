package org.strata.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A footprint followed for a year, held to published figures with stated tolerances (a 20,000-person footprint:
 * about 200 deaths a year, so a rate is known to ±0.1 points).
 */
class MonthlyFootprintsTest {
  static Path year;
  static List<long[]> months; // month, patients, died, left, joined, born

  @BeforeAll
  static void aYear(@TempDir Path dir) throws IOException {
    year = dir.resolve("year");
    MonthlyFootprints.generate(FootprintSpec.builder().patients(20_000).seed(5).threads(2).build(), 13, year,
        ProgressListener.NONE);
    months = Files.readAllLines(year.resolve(MonthlyFootprints.MONTHS_FILE)).stream().skip(1)
        .map(l -> java.util.Arrays.stream(l.split(",")).mapToLong(Long::parseLong).toArray()).toList();
    assertEquals(13, months.size());
  }

  private static double yearly(int column) {
    return months.stream().skip(1).mapToLong(m -> m[column]).sum() / (double) months.get(0)[1];
  }

  @Test
  void aboutOnePercentDieInAYear() {
    // ONS: 577,160 deaths in England and Wales in 2022, about 0.96% of the population; a registered population
    // is a little larger than the resident one (list inflation), so the same deaths are a slightly lower share
    double died = yearly(2);
    assertTrue(died > 0.0080 && died < 0.0125, "annual mortality " + died);
  }

  @Test
  void listTurnoverIsAboutEightToTenPercent() {
    // assumption (docs/INPUT.md): 8-9% of a list leaves in a year other than by death, most of them young adults
    double left = yearly(3);
    assertTrue(left > 0.06 && left < 0.11, "annual turnover " + left);
    assertEquals(yearly(3), yearly(4), 1e-12, "each leaver is replaced by a new registration");
  }

  @Test
  void birthsAreAboutTheNationalRate() {
    // ONS: 605,479 live births in England and Wales in 2022, about 1.0% of the population
    double born = yearly(5);
    assertTrue(born > 0.008 && born < 0.014, "births " + born);
  }

  @Test
  void theSamePeopleFromMonthToMonth() throws IOException {
    Map<String, String[]> first = rows(1);
    Map<String, String[]> second = rows(2);
    long kept = first.keySet().stream().filter(second::containsKey).count();
    assertTrue(kept > 0.98 * first.size() && kept < first.size(), "most people stay a month: " + kept);
    for (String id : first.keySet()) {
      if (second.containsKey(id)) {
        int before = Integer.parseInt(first.get(id)[Columns.AGE]);
        int after = Integer.parseInt(second.get(id)[Columns.AGE]);
        assertTrue(after == before || after == before + 1, "age moves by at most a year in a month");
        assertEquals(first.get(id)[Columns.SEX], second.get(id)[Columns.SEX]);
        assertEquals(first.get(id)[Columns.PRACTICE_CODE], second.get(id)[Columns.PRACTICE_CODE]);
      }
    }
    Map<String, String[]> last = rows(13);
    long aged = first.keySet().stream().filter(last::containsKey).filter(id ->
        Integer.parseInt(last.get(id)[Columns.AGE]) == Integer.parseInt(first.get(id)[Columns.AGE]) + 1
            || Integer.parseInt(first.get(id)[Columns.AGE]) == 120).count();
    assertEquals(first.keySet().stream().filter(last::containsKey).count(), aged, "after 12 months, a year older");
  }

  @Test
  void manyOfOneYearsHighestCostAreNotHighestCostTheNext() throws IOException {
    // Yoon et al., Health Serv Res 2018;53(5): of the top 10% by cost, 32% were high cost a year later (a
    // population with high mortality); Strata's footprint is younger, so more persist, but far from all
    Set<String> before = topTenthByCost(rows(1));
    Set<String> after = topTenthByCost(rows(13));
    double still = before.stream().filter(after::contains).count() / (double) before.size();
    assertTrue(still > 0.25 && still < 0.65, "share of the top 10% by cost still there after 12 months: " + still);
  }

  @Test
  void theSameSeedGivesTheSameMonths(@TempDir Path dir) throws IOException {
    for (String run : List.of("a", "b")) {
      MonthlyFootprints.generate(FootprintSpec.builder().patients(2_000).seed(9).threads(run.equals("a") ? 1 : 2)
          .build(), 3, dir.resolve(run), ProgressListener.NONE);
    }
    for (int m = 1; m <= 3; m++) {
      for (String f : List.of("patients.csv", "practices.csv")) {
        assertArrayEquals(Files.readAllBytes(MonthlyFootprints.monthDir(dir.resolve("a"), m).resolve(f)),
            Files.readAllBytes(MonthlyFootprints.monthDir(dir.resolve("b"), m).resolve(f)), "month " + m + " " + f);
      }
    }
    Set<String> ids = new HashSet<>();
    for (String line : Files.readAllLines(MonthlyFootprints.monthDir(dir.resolve("a"), 3).resolve("patients.csv"))) {
      assertTrue(ids.add(line.split(",")[0]), "NHS numbers are unique within a month");
      assertTrue(line.startsWith("patient_id") || NhsNumbers.isValid(line.split(",")[0]), "valid: " + line);
    }
  }

  private static Set<String> topTenthByCost(Map<String, String[]> people) {
    int cost = new Columns(ReferenceData.get().conditionNames).cost;
    return people.entrySet().stream()
        .sorted(Comparator.comparingDouble((Map.Entry<String, String[]> e) -> -Double.parseDouble(e.getValue()[cost]))
            .thenComparing(Map.Entry::getKey))
        .limit(people.size() / 10).map(Map.Entry::getKey).collect(java.util.stream.Collectors.toSet());
  }

  private static Map<String, String[]> rows(int month) throws IOException {
    Map<String, String[]> out = new HashMap<>();
    List<String> lines = Files.readAllLines(MonthlyFootprints.monthDir(year, month).resolve("patients.csv"));
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",", -1);
      out.put(f[0], f);
    }
    return out;
  }
}
