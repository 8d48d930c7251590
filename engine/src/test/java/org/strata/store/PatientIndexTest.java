package org.strata.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.format.NhsNumber;
import org.strata.store.PatientIndex.KeyKind;

class PatientIndexTest {
  private static final long SEED = 20260101L;

  @TempDir Path dir;

  // ------------------------------------------------------------ round trips against a HashMap

  @Test
  void nhsNumbersRoundTripAgainstHashMap() throws IOException {
    SplittableRandom random = new SplittableRandom(SEED);
    List<Long> keys = randomNhsNumbers(random, 20_000);
    Map<Long, int[]> reference = new HashMap<>();
    try (PatientIndex idx =
        PatientIndex.create(dir.resolve("p.cmap"), KeyKind.NHS_NUMBER, 20_000)) {
      int row = 0;
      for (int line = 0; line < keys.size() + 3_000; line++) {
        // every ~7th put repeats an earlier key: a duplicate in the extract
        long key = line < keys.size() ? keys.get(line) : keys.get(random.nextInt(keys.size()));
        int[] kept = reference.get(key);
        int got = idx.putIfAbsent(key, row, line + 2);
        if (kept == null) {
          assertEquals(-1, got);
          reference.put(key, new int[] {row, line + 2});
          row++;
        } else {
          assertEquals(kept[0], got, "duplicate returns the existing row");
          assertEquals(kept[1], idx.sourceLineOf(key), "and its source line is kept");
        }
      }
      assertEquals(reference.size(), idx.size());
      for (Map.Entry<Long, int[]> e : reference.entrySet()) {
        assertEquals(e.getValue()[0], idx.rowOf(e.getKey()));
        assertEquals(e.getValue()[1], idx.sourceLineOf(e.getKey()));
      }
      for (long absent : randomNhsNumbers(new SplittableRandom(SEED + 1), 2_000)) {
        if (!reference.containsKey(absent)) {
          assertEquals(-1, idx.rowOf(absent));
          assertEquals(-1, idx.sourceLineOf(absent));
          assertNull(idx.history(absent));
        }
      }
    }
  }

  @Test
  void pseudonymsRoundTripAgainstHashMap() throws IOException {
    SplittableRandom random = new SplittableRandom(SEED);
    Map<String, Integer> reference = new HashMap<>();
    try (PatientIndex idx =
        PatientIndex.create(dir.resolve("p.cmap"), KeyKind.PSEUDONYM, 10_000, 24)) {
      for (int i = 0; i < 12_000; i++) {
        String key = randomPseudonym(random);
        Integer kept = reference.putIfAbsent(key, reference.size());
        int row = kept == null ? reference.size() - 1 : 0; // a duplicate's row is not stored
        int got = idx.putIfAbsent(key, row, i + 1);
        assertEquals(kept == null ? -1 : kept, got);
      }
      assertEquals(reference.size(), idx.size());
      for (Map.Entry<String, Integer> e : reference.entrySet()) {
        assertEquals(e.getValue(), idx.rowOf(e.getKey()));
        // any CharSequence with the same chars finds the patient
        assertEquals(e.getValue(), idx.rowOf(new StringBuilder(e.getKey())));
      }
      // '-' is not in the generator's alphabet, so these are absent
      assertEquals(-1, idx.rowOf("not-a-stored-pseudonym"));
      assertEquals(-1, idx.sourceLineOf("-"));
      assertNull(idx.history("-"));
    }
  }

  @Test
  void duplicateKeepsFirstRowAndLine() throws IOException {
    try (PatientIndex idx = PatientIndex.create(dir.resolve("p.cmap"), KeyKind.NHS_NUMBER, 100)) {
      assertEquals(-1, idx.putIfAbsent(9434765919L, 0, 2));
      assertEquals(0, idx.putIfAbsent(9434765919L, 1, 17));
      assertEquals(2, idx.sourceLineOf(9434765919L));
      assertEquals(0, idx.rowOf(9434765919L));
      assertEquals(1, idx.size());
    }
    try (PatientIndex idx = PatientIndex.create(dir.resolve("q.cmap"), KeyKind.PSEUDONYM, 100)) {
      assertEquals(-1, idx.putIfAbsent("a", 7, 9));
      assertEquals(7, idx.putIfAbsent("a", 8, 10));
      assertEquals(9, idx.sourceLineOf("a"));
    }
  }

  // ------------------------------------------------------------ history

  @Test
  void historyIsNewestFirstAndCappedAtEight() throws IOException {
    try (PatientIndex idx = PatientIndex.create(dir.resolve("p.cmap"), KeyKind.NHS_NUMBER, 100)) {
      idx.putIfAbsent(9434765919L, 0, 2);
      idx.putIfAbsent(4010232137L, 1, 3);
      PatientHistory empty = idx.history(9434765919L);
      assertEquals(new PatientHistory(0, 2, new byte[0], 0), empty);

      for (int gen = 1; gen <= 10; gen++) {
        // patient at row 0 cycles 1,2,3,4; row 1 is always 4
        idx.recordLevels(new byte[] {(byte) (1 + (gen - 1) % 4), 4}, gen);
      }
      PatientHistory h = idx.history(9434765919L);
      assertEquals(10, h.generation());
      assertEquals(0, h.row());
      assertEquals(2, h.sourceLine());
      // generations 10..3, newest first: (gen-1)%4+1
      assertArrayEquals(new byte[] {2, 1, 4, 3, 2, 1, 4, 3}, h.levels());
      assertEquals(2, h.levelRunsAgo(0));
      assertEquals(0, h.levelRunsAgo(8), "beyond the cap is none");
      assertArrayEquals(new byte[] {4, 4, 4, 4, 4, 4, 4, 4}, idx.history(4010232137L).levels());
    }
  }

  @Test
  void inPlaceAndReplacingUpdatesAgree() throws IOException {
    List<Long> keys = randomNhsNumbers(new SplittableRandom(SEED), 3_000);
    byte[] levels = new byte[keys.size()];
    for (int i = 0; i < levels.length; i++) {
      levels[i] = (byte) (i % 5);
    }
    PatientIndex[] both = new PatientIndex[2];
    PatientIndex old = PatientIndex.create(dir.resolve("old.cmap"), KeyKind.NHS_NUMBER, 3_000);
    try (old) {
      for (int i = 0; i < keys.size(); i++) {
        old.putIfAbsent(keys.get(i), i, i + 2);
      }
      old.recordLevels(levels, 1);
      for (int v = 0; v < 2; v++) {
        both[v] = PatientIndex.create(dir.resolve(v + ".cmap"), KeyKind.NHS_NUMBER, 3_000);
        both[v].inPlaceUpdates = v == 0;
        for (int i = 0; i < keys.size(); i++) {
          both[v].putIfAbsent(keys.get(keys.size() - 1 - i), i, i + 2);
        }
        assertEquals(keys.size(), PatientIndex.copyHistory(old, both[v]));
        both[v].recordLevels(levels, 2);
        both[v].recordLevels(levels, 5);
      }
      for (long key : keys) {
        PatientHistory h = both[0].history(key);
        assertEquals(both[1].history(key), h);
        assertEquals(5, h.generation());
        assertEquals(5, h.runCount());
      }
    } finally {
      for (PatientIndex idx : both) {
        if (idx != null) {
          idx.close();
        }
      }
    }
  }

  @Test
  void skippedRunsCountAsNone() throws IOException {
    try (PatientIndex idx = PatientIndex.create(dir.resolve("p.cmap"), KeyKind.PSEUDONYM, 100)) {
      idx.putIfAbsent("p1", 0, 2);
      idx.recordLevels(new byte[] {3}, 1);
      idx.recordLevels(new byte[] {2}, 4);
      PatientHistory h = idx.history("p1");
      assertArrayEquals(new byte[] {2, 0, 0, 3}, h.levels());
      assertEquals(4, h.generation());
      idx.recordLevels(new byte[] {1}, 40);
      assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, idx.history("p1").levels());
    }
  }

  @Test
  void recordLevelsRejectsBadInputWithoutIdentifiers() throws IOException {
    try (PatientIndex idx = PatientIndex.create(dir.resolve("p.cmap"), KeyKind.NHS_NUMBER, 100)) {
      idx.putIfAbsent(9434765919L, 0, 2);
      idx.putIfAbsent(4010232137L, 1, 3);
      assertThrows(IllegalArgumentException.class, () -> idx.recordLevels(new byte[] {1, 5}, 1));
      assertThrows(IllegalArgumentException.class, () -> idx.recordLevels(new byte[] {1, 1}, 0));
      IllegalArgumentException shortArray =
          assertThrows(IllegalArgumentException.class, () -> idx.recordLevels(new byte[] {1}, 1));
      assertNoIdentifier(shortArray, "9434765919", "4010232137");
      PatientIndex fresh = PatientIndex.create(dir.resolve("q.cmap"), KeyKind.NHS_NUMBER, 100);
      try (fresh) {
        fresh.putIfAbsent(9434765919L, 0, 2);
        fresh.recordLevels(new byte[] {2}, 5);
        IllegalArgumentException again =
            assertThrows(
                IllegalArgumentException.class, () -> fresh.recordLevels(new byte[] {2}, 5));
        assertTrue(again.getMessage().contains("generation 5"), again.getMessage());
        assertNoIdentifier(again, "9434765919");
      }
    }
  }

  @Test
  void copyHistoryCarriesByKey() throws IOException {
    Path old = dir.resolve("g1.cmap");
    try (PatientIndex g1 = PatientIndex.create(old, KeyKind.NHS_NUMBER, 100)) {
      g1.putIfAbsent(9434765919L, 0, 2);
      g1.putIfAbsent(4010232137L, 1, 3); // leaves before generation 2
      g1.recordLevels(new byte[] {3, 1}, 1);
    }
    try (PatientIndex g1 = PatientIndex.openReadOnly(old);
        PatientIndex g2 = PatientIndex.create(dir.resolve("g2.cmap"), KeyKind.NHS_NUMBER, 100)) {
      g2.putIfAbsent(9990000018L, 0, 2); // new patient
      g2.putIfAbsent(9434765919L, 1, 5); // moved row and line
      assertEquals(1, PatientIndex.copyHistory(g1, g2));
      g2.recordLevels(new byte[] {4, 2}, 2);
      assertEquals(new PatientHistory(1, 5, new byte[] {2, 3}, 2), g2.history(9434765919L));
      assertEquals(new PatientHistory(0, 2, new byte[] {4}, 2), g2.history(9990000018L));
      assertNull(g2.history(4010232137L));
      assertThrows(
          IllegalStateException.class, () -> PatientIndex.copyHistory(g2, g1), "to is read-only");
    }
    try (PatientIndex n = PatientIndex.create(dir.resolve("n.cmap"), KeyKind.NHS_NUMBER, 10);
        PatientIndex p = PatientIndex.create(dir.resolve("p.cmap"), KeyKind.PSEUDONYM, 10)) {
      assertThrows(IllegalArgumentException.class, () -> PatientIndex.copyHistory(n, p));
      assertThrows(IllegalArgumentException.class, () -> PatientIndex.copyHistory(n, n));
    }
  }

  @Test
  void copyHistoryForPseudonyms() throws IOException {
    try (PatientIndex g1 = PatientIndex.create(dir.resolve("g1.cmap"), KeyKind.PSEUDONYM, 100);
        PatientIndex g2 = PatientIndex.create(dir.resolve("g2.cmap"), KeyKind.PSEUDONYM, 100)) {
      g1.putIfAbsent("alpha", 0, 2);
      g1.putIfAbsent("beta", 1, 3);
      g1.recordLevels(new byte[] {1, 2}, 7);
      g2.putIfAbsent("beta", 0, 2);
      g2.putIfAbsent("gamma", 1, 3);
      assertEquals(1, PatientIndex.copyHistory(g1, g2));
      assertEquals(new PatientHistory(0, 2, new byte[] {2}, 7), g2.history("beta"));
      assertEquals(new PatientHistory(1, 3, new byte[0], 0), g2.history("gamma"));
    }
  }

  // ------------------------------------------------------------ persistence and processes

  @Test
  void reopenedReadOnlyGivesSameAnswersAndRefusesWrites() throws IOException {
    Path file = dir.resolve("p.cmap");
    List<Long> keys = randomNhsNumbers(new SplittableRandom(SEED), 5_000);
    byte[] levels = new byte[keys.size()];
    try (PatientIndex idx = PatientIndex.create(file, KeyKind.NHS_NUMBER, keys.size())) {
      for (int i = 0; i < keys.size(); i++) {
        idx.putIfAbsent(keys.get(i), i, i + 2);
        levels[i] = (byte) (i % 5);
      }
      idx.recordLevels(levels, 3);
    }
    try (PatientIndex ro = PatientIndex.openReadOnly(file)) {
      assertEquals(KeyKind.NHS_NUMBER, ro.keyKind());
      assertFalse(ro.isWritable());
      assertEquals(keys.size(), ro.size());
      for (int i = 0; i < keys.size(); i++) {
        assertEquals(
            new PatientHistory(i, i + 2, new byte[] {levels[i]}, 3), ro.history(keys.get(i)));
      }
      assertThrows(IllegalStateException.class, () -> ro.putIfAbsent(9434765919L, 1, 2));
      assertThrows(IllegalStateException.class, () -> ro.recordLevels(levels, 4));
      assertThrows(
          IllegalStateException.class, () -> ro.rowOf("pseudonym"), "wrong kind for look-up");
    }
    IOException wrongKind =
        assertThrows(IOException.class, () -> PatientIndex.openReadOnly(file, KeyKind.PSEUDONYM));
    assertTrue(wrongKind.getMessage().contains(file.toString()), wrongKind.getMessage());
    try (PatientIndex up = PatientIndex.openForUpdate(file)) {
      up.recordLevels(levels, 4);
      assertEquals(2, up.history(keys.get(1)).runCount());
    }
    assertThrows(
        FileAlreadyExistsException.class, () -> PatientIndex.create(file, KeyKind.NHS_NUMBER, 10));
  }

  @Test
  void closedIndexRefusesCalls() throws IOException {
    PatientIndex idx = PatientIndex.create(dir.resolve("p.cmap"), KeyKind.NHS_NUMBER, 10);
    idx.putIfAbsent(9434765919L, 0, 2);
    idx.close();
    idx.close(); // idempotent
    assertThrows(IllegalStateException.class, () -> idx.rowOf(9434765919L));
  }

  @Test
  void secondProcessReadsWhileWriterHasItOpen() throws Exception {
    Path file = dir.resolve("p.cmap");
    List<Long> keys = randomNhsNumbers(new SplittableRandom(SEED), 2_000);
    try (PatientIndex writer = PatientIndex.create(file, KeyKind.NHS_NUMBER, 10_000)) {
      for (int i = 0; i < keys.size(); i++) {
        writer.putIfAbsent(keys.get(i), i, i + 2);
      }
      // keys go through a file, not the command line (which `ps` shows)
      Path keyFile = dir.resolve("keys.txt");
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < keys.size(); i += 10) {
        text.append(keys.get(i)).append('\n');
      }
      text.append(absentNhsNumber(keys)).append('\n');
      Files.writeString(keyFile, text);

      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElseThrow());
      for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent")) {
          command.add(arg);
        }
      }
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(ReaderProcess.class.getName());
      command.add(file.toString());
      command.add(keyFile.toString());
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "reader process finished");
      assertEquals(0, p.exitValue(), out);

      StringBuilder expected = new StringBuilder("size=" + keys.size() + "\n");
      for (int i = 0; i < keys.size(); i += 10) {
        expected.append(i).append('\n');
      }
      expected.append("-1\n").append("write=refused\n");
      assertEquals(expected.toString(), out.substring(out.indexOf("size=")));
      // the writer is unaffected and still writes
      assertEquals(-1, writer.putIfAbsent(absentNhsNumber(keys), keys.size(), 99));
    }
  }

  /**
   * The other process of {@link #secondProcessReadsWhileWriterHasItOpen}: prints rows, one a line.
   */
  static final class ReaderProcess {
    public static void main(String[] args) throws IOException {
      try (PatientIndex ro = PatientIndex.openReadOnly(Path.of(args[0]), KeyKind.NHS_NUMBER)) {
        StringBuilder out = new StringBuilder("size=" + ro.size() + "\n");
        for (String line : Files.readAllLines(Path.of(args[1]))) {
          out.append(ro.rowOf(Long.parseLong(line))).append('\n');
        }
        try {
          ro.putIfAbsent(9434765919L, 0, 1);
          out.append("write=allowed\n");
        } catch (IllegalStateException expected) {
          out.append("write=refused\n");
        }
        System.out.print(out);
      }
    }
  }

  // ------------------------------------------------------------ bad files and messages

  @Test
  void missingFileNamesTheFile() {
    Path file = dir.resolve("nowhere.cmap");
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> PatientIndex.openReadOnly(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void notAnIndexNamesTheFile() throws IOException {
    Path file = dir.resolve("p.cmap");
    try (PatientIndex idx = PatientIndex.create(file, KeyKind.NHS_NUMBER, 100)) {
      idx.putIfAbsent(9434765919L, 0, 2);
    }
    Path sidecar = PatientIndex.sidecarOf(file);
    byte[] goodMap = Files.readAllBytes(file);
    String goodSidecar = Files.readString(sidecar);

    // 1. random bytes where the map should be
    byte[] garbage = new byte[8192];
    new SplittableRandom(SEED).nextBytes(garbage);
    Files.write(file, garbage);
    assertOpenFails(file, file.toString());
    // 2. truncated map
    Files.write(file, java.util.Arrays.copyOf(goodMap, goodMap.length / 3));
    assertOpenFails(file, file.toString());
    // 3. empty map
    Files.write(file, new byte[0]);
    assertOpenFails(file, "empty");
    // 4. a header whose creator never finished (Chronicle itself would wait a minute for it)
    byte[] unfinished = goodMap.clone();
    unfinished[11] |= (byte) 0x80; // size word at offset 8, little-endian: NOT_COMPLETE bit
    Files.write(file, unfinished);
    assertOpenFails(file, "not complete");
    Files.write(file, goodMap);
    // 5. no sidecar
    Files.delete(sidecar);
    assertOpenFails(file, "p.cmap.meta");
    // 6. sidecar of something else, or a newer version
    Files.writeString(sidecar, "hello\n");
    assertOpenFails(file, "format expected strata-patient-index");
    Files.writeString(sidecar, goodSidecar.replace("version=1", "version=2"));
    assertOpenFails(file, "version expected 1, was 2");
    Files.writeString(sidecar, goodSidecar.replace("NHS_NUMBER", "PSEUDONYM"));
    assertOpenFails(file, "not a PSEUDONYM patient index");
    Files.writeString(sidecar, goodSidecar);
    try (PatientIndex ok = PatientIndex.openReadOnly(file)) {
      assertEquals(0, ok.rowOf(9434765919L));
    }
  }

  private static void assertOpenFails(Path file, String messagePart) {
    IOException e = assertThrows(IOException.class, () -> PatientIndex.openReadOnly(file).close());
    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
  }

  @Test
  void messagesNeverCarryIdentifiers() throws IOException {
    try (PatientIndex n = PatientIndex.create(dir.resolve("n.cmap"), KeyKind.NHS_NUMBER, 10);
        PatientIndex p = PatientIndex.create(dir.resolve("p.cmap"), KeyKind.PSEUDONYM, 10)) {
      IllegalArgumentException bad =
          assertThrows(IllegalArgumentException.class, () -> n.putIfAbsent(9434765918L, 0, 2));
      assertNoIdentifier(bad, "9434765918", "943476");
      assertTrue(bad.getMessage().contains("******5918"), bad.getMessage());
      assertNoIdentifier(
          assertThrows(IllegalArgumentException.class, () -> n.rowOf(1234567890L)), "1234567890");
      assertNoIdentifier(
          assertThrows(IllegalArgumentException.class, () -> n.rowOf(0L)), "0000000000");
      String longPseudonym = "Z".repeat(65);
      assertNoIdentifier(
          assertThrows(IllegalArgumentException.class, () -> p.putIfAbsent(longPseudonym, 0, 2)),
          "ZZZZ");
      assertThrows(IllegalArgumentException.class, () -> p.putIfAbsent("", 0, 2));
      assertNoIdentifier(
          assertThrows(IllegalStateException.class, () -> p.rowOf(9434765919L)), "9434765919");
      assertNoIdentifier(
          assertThrows(IllegalStateException.class, () -> n.putIfAbsent("secret-pseudonym", 0, 2)),
          "secret");
      assertThrows(IllegalArgumentException.class, () -> n.putIfAbsent(9434765919L, -1, 2));
      assertThrows(IllegalArgumentException.class, () -> n.putIfAbsent(9434765919L, 0, 0));
      assertFalse(n.toString().contains("9434765919"), "no identifier in toString (the path may hold any digits)");
    }
  }

  private static void assertNoIdentifier(Throwable e, String... identifiers) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (String id : identifiers) {
        assertFalse(
            String.valueOf(t.getMessage()).contains(id),
            "identifier in message: " + t.getMessage());
      }
    }
  }

  // ------------------------------------------------------------ steady-state allocation

  @Test
  void lookupsDoNotAllocateInSteadyState() throws IOException {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    if (!(bean instanceof com.sun.management.ThreadMXBean mx)
        || !mx.isThreadAllocatedMemorySupported()) {
      return;
    }
    List<Long> keys = randomNhsNumbers(new SplittableRandom(SEED), 1_000);
    long[] k = keys.stream().mapToLong(Long::longValue).toArray();
    try (PatientIndex n = PatientIndex.create(dir.resolve("n.cmap"), KeyKind.NHS_NUMBER, 1_000);
        PatientIndex p = PatientIndex.create(dir.resolve("p.cmap"), KeyKind.PSEUDONYM, 1_000)) {
      String[] s = new String[k.length];
      for (int i = 0; i < k.length; i++) {
        n.putIfAbsent(k[i], i, i + 2);
        s[i] = "P" + k[i];
        p.putIfAbsent(s[i], i, i + 2);
      }
      long sum = 0;
      for (int round = 0; round < 50; round++) { // warm up
        for (int i = 0; i < k.length; i++) {
          sum += n.rowOf(k[i]) + p.rowOf(s[i]);
        }
      }
      long tid = Thread.currentThread().getId();
      long before = mx.getThreadAllocatedBytes(tid);
      for (int round = 0; round < 100; round++) {
        for (int i = 0; i < k.length; i++) {
          sum += n.rowOf(k[i]) + p.rowOf(s[i]);
        }
      }
      long allocated = mx.getThreadAllocatedBytes(tid) - before;
      assertNotNull(Long.valueOf(sum));
      // 200,000 look-ups: a single allocating call path would be megabytes
      assertTrue(allocated < 64 * 1024, "look-ups allocated " + allocated + " bytes");
    }
  }

  // ------------------------------------------------------------ helpers

  /** Distinct, valid NHS numbers from a seed (rejection sampling on the check digit). */
  static List<Long> randomNhsNumbers(SplittableRandom random, int count) {
    java.util.LinkedHashSet<Long> out = new java.util.LinkedHashSet<>();
    while (out.size() < count) {
      long candidate = random.nextLong(1_000_000_000L, 10_000_000_000L);
      long fixed = candidate - candidate % 10 + checkDigit(candidate / 10);
      if (checkDigit(candidate / 10) < 10 && NhsNumber.isValid(fixed)) {
        out.add(fixed);
      }
    }
    return new ArrayList<>(out);
  }

  private static int checkDigit(long nineDigits) {
    int sum = 0;
    for (int weight = 2; weight <= 10; weight++) {
      sum += (int) (nineDigits % 10) * weight;
      nineDigits /= 10;
    }
    int check = 11 - sum % 11;
    return check == 11 ? 0 : check;
  }

  private static long absentNhsNumber(List<Long> keys) {
    for (long candidate : randomNhsNumbers(new SplittableRandom(SEED + 99), 100)) {
      if (!keys.contains(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("no absent key");
  }

  private static String randomPseudonym(SplittableRandom random) {
    int length = random.nextInt(100) == 0 ? 64 : 1 + random.nextInt(random.nextBoolean() ? 3 : 40);
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int pick = random.nextInt(70);
      // mostly Base64-ish, a few non-ASCII chars to cover UTF-8 keys
      sb.append(
          pick < 64
              ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".charAt(pick)
              : "éßøЖ中😀".charAt(Math.min(pick - 64, 4)));
    }
    return sb.toString();
  }
}
