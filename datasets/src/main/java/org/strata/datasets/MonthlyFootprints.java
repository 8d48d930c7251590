package org.strata.datasets;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * A footprint that evolves month by month: {@code DIR/month-01/} … {@code month-NN/}, each with its
 * {@code patients.csv} and {@code practices.csv}. Month 1 is the footprint {@link FootprintGenerator} writes for
 * the spec; each later month is drawn from the one before, person by person, with a random stream of its own
 * (seed, month, NHS number), so the same seed gives the same people and the same files.
 *
 * <p>Each month: people age on their birthday month; die at age- and sex-specific mortality (ONS national life
 * tables, raised for palliative care, care home residence and multimorbidity); leave their practice at an
 * age-specific list turnover and are replaced by a new registration at the same practice; women of 15–44 give
 * birth at the general fertility rate; new diagnoses arrive at the incidence the generator's age curves imply;
 * frailty deficits accumulate with age; and the 12-month activity counts roll on: each month about one
 * twelfth of last year's events drop out and a month of new ones is drawn around the person's expected rate
 * (three quarters the mean of people of their age band and number of conditions, one quarter their own
 * history), so that heavy users regress toward the mean. docs/INPUT.md gives the figures and their sources.
 */
public final class MonthlyFootprints {
  /** At most this many months (ten years). */
  public static final int MAX_MONTHS = 120;
  /** The population is held in memory while months are drawn: this many people at most. */
  public static final long MAX_PATIENTS = 2_000_000;

  /**
   * Where the months are drawn before they are moved into place, all at the end: a generation killed part way
   * leaves only this, which the next one deletes, and no half-written month.
   */
  static final String INCOMING = ".months-incoming";

  /** What happened each month: {@code month,patients,died,left,joined,born} (people at the month's end). */
  public static final String MONTHS_FILE = "months.csv";
  static final String MONTHS_HEADER = "month,patients,died,left,joined,born\n";

  private MonthlyFootprints() {}

  /** The directory of month {@code m} (1-based) inside {@code out}. */
  public static Path monthDir(Path out, int month) {
    return out.resolve(String.format(Locale.ROOT, "month-%02d", month));
  }

  /**
   * Writes {@code months} months into {@code out}.
   *
   * @return month 1's summary
   */
  public static GenerationSummary generate(FootprintSpec spec, int months, Path out, ProgressListener progress)
      throws IOException {
    if (months < 1 || months > MAX_MONTHS) {
      throw new IllegalArgumentException("months must be 1 to " + MAX_MONTHS + ": " + months);
    }
    if (spec.dirty()) {
      throw new IllegalArgumentException("months are drawn from clean extracts; give --dirty without --months");
    }
    if (spec.patients() > MAX_PATIENTS) {
      throw new IllegalArgumentException("months are drawn for up to " + MAX_PATIENTS + " patients: "
          + spec.patients());
    }
    Files.createDirectories(out);
    Path incoming = out.resolve(INCOMING);
    if (Files.exists(incoming)) {
      deleteTree(incoming); // what a generation killed before its end left
    }
    GenerationSummary first = drawMonths(spec, months, incoming, progress);
    for (int month = 1; month <= months; month++) {
      Path to = monthDir(out, month);
      if (Files.exists(to)) {
        deleteTree(to); // replaced (the command line asks for --force first)
      }
      Files.move(monthDir(incoming, month), to, StandardCopyOption.ATOMIC_MOVE);
    }
    if (Files.exists(incoming.resolve(MONTHS_FILE))) {
      Files.move(incoming.resolve(MONTHS_FILE), out.resolve(MONTHS_FILE), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    }
    deleteTree(incoming);
    return first;
  }

  /** Draws every month into {@code out} (the incoming directory). */
  private static GenerationSummary drawMonths(FootprintSpec spec, int months, Path out, ProgressListener progress)
      throws IOException {
    GenerationSummary first = FootprintGenerator.generate(spec, monthDir(out, 1), progress);
    if (months == 1) {
      return first;
    }
    ReferenceData reference = ReferenceData.get();
    Columns columns = new Columns(reference.conditionNames);
    Evolution evolution = new Evolution(columns, HealthModel.get().conditions);
    // New registrations are people of another footprint of the same shape, renumbered after the first
    long poolSize = Math.max(FootprintSpec.MIN_PATIENTS, spec.patients() * months / 12 / 5 + 1000);
    Path poolDir = out.resolve(".new-registrations");
    FootprintGenerator.generate(FootprintSpec.builder().patients(Math.min(poolSize, FootprintSpec.MAX_PATIENTS))
        .seed(spec.seed() ^ 0x5245474953544EL).threads(spec.threads()).build(), poolDir, ProgressListener.NONE);
    List<String> pool = readRows(poolDir.resolve(FootprintGenerator.PATIENTS));
    pool.remove(0);
    deleteTree(poolDir);
    // a person is held as their CSV line (a few hundred MB for 2M people), split only while their month is drawn
    List<String> people = readRows(monthDir(out, 1).resolve(FootprintGenerator.PATIENTS));
    String header = people.remove(0);
    ExecutorService workers = Tasks.pool(spec.threads(), "strata-generate-months");
    try {
      evolution.learnMeans(people, workers);
      NhsNumbers numbers = new NhsNumbers(spec.seed());
      long nextIndex = spec.patients();
      int poolCursor = 0;
      StringBuilder log = new StringBuilder(MONTHS_HEADER).append("1,").append(people.size()).append(",0,0,0,0\n");
      for (int month = 2; month <= months; month++) {
        List<Future<Drawn[]>> drawn = drawMonth(workers, evolution, columns, people, spec.seed(), month);
        List<String> next = new ArrayList<>(people.size() + people.size() / 50);
        int died = 0;
        int left = 0;
        int born = 0;
        // in the people's order: joiners and babies are numbered as they come, whatever the threads
        for (Future<Drawn[]> chunk : drawn) {
          for (Drawn d : Tasks.await(chunk)) {
            switch (d.fate()) {
              case DIED -> died++;
              case LEFT -> { // replaced by a new registration at the same practice
                left++;
                next.add(nhsNumber(numbers, nextIndex++) + "," + d.practice() + "," + d.lsoa()
                    + fromAge(pool.get(poolCursor++ % pool.size())));
              }
              case STAYS -> next.add(d.row());
              case GAVE_BIRTH -> {
                born++;
                next.add(d.row());
                next.add(nhsNumber(numbers, nextIndex++) + d.babyAfterId());
              }
              default -> throw new IllegalStateException();
            }
          }
        }
        people = next;
        Path dir = Files.createDirectories(monthDir(out, month));
        writeRows(dir.resolve(FootprintGenerator.PATIENTS), header, people);
        Files.copy(monthDir(out, 1).resolve(FootprintGenerator.PRACTICES), dir.resolve(FootprintGenerator.PRACTICES),
            StandardCopyOption.REPLACE_EXISTING);
        log.append(month).append(',').append(people.size()).append(',').append(died).append(',').append(left)
            .append(',').append(left).append(',').append(born).append('\n');
        progress.onProgress(people.size(), 0);
      }
      Files.writeString(out.resolve(MONTHS_FILE), log, StandardCharsets.UTF_8);
    } finally {
      workers.shutdownNow();
    }
    return first;
  }

  /**
   * One person's month: what became of them; the row they go on with (who stays) or their practice and LSOA (who
   * leaves, for the registration replacing them); a baby's row from the comma after its NHS number, which is
   * given in the people's order.
   */
  private record Drawn(Evolution.Fate fate, String row, String practice, String lsoa, String babyAfterId) {}

  /**
   * Draws everyone's month on the workers, in chunks of {@link Tasks#ROWS} people, each person from their own random
   * stream: the results do not depend on the threads.
   */
  private static List<Future<Drawn[]>> drawMonth(ExecutorService workers, Evolution evolution, Columns columns,
      List<String> people, long seed, int month) {
    List<Future<Drawn[]>> chunks = new ArrayList<>();
    for (int from = 0; from < people.size(); from += Tasks.ROWS) {
      List<String> slice = people.subList(from, Math.min(people.size(), from + Tasks.ROWS));
      chunks.add(workers.submit(() -> {
        Drawn[] out = new Drawn[slice.size()];
        Row p = new Row(columns.cleanCount);
        for (int i = 0; i < out.length; i++) {
          p.reset(slice.get(i));
          long nhs = p.longAt(Columns.PATIENT_ID);
          SplittableRandom rng = new SplittableRandom(mix(seed, month, nhs));
          Evolution.Fate fate = evolution.step(p, month, rng);
          out[i] = switch (fate) {
            case DIED -> new Drawn(fate, null, null, null, null);
            case LEFT -> new Drawn(fate, null, p.get(Columns.PRACTICE_CODE), p.get(Columns.LSOA), null);
            case STAYS -> new Drawn(fate, p.line(), null, null, null);
            case GAVE_BIRTH -> {
              String row = p.line();
              String[] baby = evolution.newborn(p, "", rng);
              yield new Drawn(fate, row, null, null, String.join(",", baby));
            }
          };
        }
        return out;
      }));
    }
    return chunks;
  }

  private static String nhsNumber(NhsNumbers numbers, long index) {
    return String.format(Locale.ROOT, "%010d", numbers.numberOf(index));
  }

  /** A row from the comma before its age: a new registration takes its practice, LSOA and NHS number from elsewhere. */
  private static String fromAge(String row) {
    int comma = row.indexOf(',', row.indexOf(',', row.indexOf(',') + 1) + 1);
    return row.substring(comma);
  }

  static long mix(long seed, int month, long nhs) {
    long z = seed * 0x9E3779B97F4A7C15L + month * 0xBF58476D1CE4E5B9L + nhs * 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The file's lines, its header first. */
  private static List<String> readRows(Path file) throws IOException {
    List<String> rows = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isEmpty()) {
          rows.add(line); // clean extracts quote nothing: a comma always separates fields
        }
      }
    }
    return rows;
  }

  private static void writeRows(Path file, String header, List<String> rows) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write(header);
      w.write('\n');
      for (String row : rows) {
        w.write(row);
        w.write('\n');
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
