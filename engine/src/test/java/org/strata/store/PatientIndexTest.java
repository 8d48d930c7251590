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

  // ------------------------------------------------------------ carried forward: history slots

  /**
   * Six generations of a seeded random population — patients leave, come back, join, appear twice in an
   * extract — carried forward index to index, against a plain model: a key's slot is the order in which
   * it was first seen, for ever. Populations grow enough that some carries copy and some rebuild.
   */
  @Test
  void slotsCarriedForwardMatchFirstSeenOrder() throws IOException {
    for (KeyKind kind : KeyKind.values()) {
      for (long seed = 1; seed <= 4; seed++) {
        carryAgainstModel(kind, new SplittableRandom(SEED + seed), "seed " + seed + " " + kind);
      }
    }
  }

  private void carryAgainstModel(KeyKind kind, SplittableRandom random, String what) throws IOException {
    List<Long> people = randomNhsNumbers(random, 6_000);
    Map<Object, Integer> slotOf = new HashMap<>(); // the model
    Path carry = null;
    String lineage = null;
    java.util.Set<Long> sizes = new java.util.HashSet<>();
    int population = 1_000;
    for (int g = 1; g <= 6; g++) {
      population = Math.min(people.size(), population + random.nextInt(1_200));
      List<Object> extract = new ArrayList<>();
      for (int i = 0; i < population; i++) {
        if (random.nextInt(10) > 0) { // one in ten is not in tonight's extract: left, for now
          extract.add(kind == KeyKind.NHS_NUMBER ? people.get(i) : (Object) ("P" + people.get(i)));
        }
      }
      java.util.Collections.shuffle(extract, new java.util.Random(random.nextLong()));
      for (int d = 0; d < 20; d++) { // duplicates within the extract
        extract.add(random.nextInt(extract.size()), extract.get(random.nextInt(extract.size())));
      }
      Path file = dir.resolve("g" + g + ".cmap");
      Map<Object, Integer> rowOf = new HashMap<>();
      try (PatientIndex idx = carry == null
          ? PatientIndex.createForGeneration(file, kind, extract.size(), g)
          : PatientIndex.carryForward(carry, file, extract.size(), g)) {
        assertEquals(g, idx.generation(), what);
        if (lineage == null) {
          lineage = idx.lineage();
        }
        assertEquals(lineage, idx.lineage(), what + ": the lineage is carried");
        int row = 0;
        for (int line = 0; line < extract.size(); line++) {
          Object key = extract.get(line);
          int got = key instanceof Long n ? idx.admit(n, row, line + 2) : idx.admit((String) key, row, line + 2);
          if (rowOf.containsKey(key)) {
            assertEquals(-1 - rowOf.get(key), got, what + ": a duplicate names the row kept");
            continue;
          }
          slotOf.putIfAbsent(key, slotOf.size());
          assertEquals(slotOf.get(key), got, what + ": generation " + g + " line " + (line + 2));
          rowOf.put(key, row++);
        }
        assertEquals(slotOf.size(), idx.size(), what);
        for (Map.Entry<Object, Integer> e : slotOf.entrySet()) {
          Object key = e.getKey();
          int r = key instanceof Long n ? idx.rowOf(n) : idx.rowOf((String) key);
          int slot = key instanceof Long n ? idx.slotOf(n) : idx.slotOf((String) key);
          assertEquals(rowOf.getOrDefault(key, -1), r, what + ": left patients have no row");
          assertEquals(e.getValue(), slot, what + ": every key ever seen keeps its slot");
        }
      }
      PatientIndex.Sidecar closed = PatientIndex.readSidecar(file);
      assertEquals(slotOf.size(), closed.slots(), what + ": the closed sidecar counts the slots");
      sizes.add(closed.expectedPatients());
      carry = dir.resolve("g" + g + ".carry.cmap");
      PatientIndex.keepForNextGeneration(file, carry);
    }
    assertTrue(sizes.size() > 1, what + ": no carry was rebuilt larger");
    assertTrue(sizes.size() < 6, what + ": no carry was copied");
    for (Path f : Files.list(dir).toList()) {
      Files.delete(f);
    }
  }

  @Test
  void aCarryIsMadeOnlyFromAClosedIndex() throws IOException {
    Path file = dir.resolve("g1.cmap");
    try (PatientIndex idx = PatientIndex.createForGeneration(file, KeyKind.NHS_NUMBER, 10, 1)) {
      idx.admit(9434765919L, 0, 2);
      assertThrows(IllegalStateException.class,
          () -> PatientIndex.keepForNextGeneration(file, dir.resolve("carry.cmap")));
    }
    PatientIndex.keepForNextGeneration(file, dir.resolve("carry.cmap"));
    assertThrows(IllegalArgumentException.class,
        () -> PatientIndex.carryForward(dir.resolve("carry.cmap"), dir.resolve("g0.cmap"), 10, 1),
        "a carry goes forward only");
    try (PatientIndex g2 = PatientIndex.carryForward(dir.resolve("carry.cmap"), dir.resolve("g2.cmap"), 10, 2)) {
      assertEquals(-1, g2.rowOf(9434765919L), "not in generation 2 until admitted");
      assertEquals(0, g2.slotOf(9434765919L));
      assertEquals(1, g2.admit(4010232137L, 0, 2), "a new patient takes the next slot");
      assertEquals(0, g2.admit(9434765919L, 1, 3), "a returning one their own");
      assertEquals(1, g2.rowOf(9434765919L));
      assertEquals(3, g2.sourceLineOf(9434765919L));
    }
  }

  @Test
  void anIndexOfAnEarlierFormatIsRefusedWithWhatToDo() throws IOException {
    Path file = dir.resolve("old.cmap");
    Files.writeString(PatientIndex.sidecarOf(file), "format=strata-patient-index\nversion=1\nkeyKind=NHS_NUMBER\n");
    IOException e = assertThrows(IOException.class, () -> PatientIndex.readSidecar(file));
    assertTrue(e.getMessage().contains("ingest the extract again"), e.getMessage());
  }

  // ------------------------------------------------------------ persistence and processes

  @Test
  void reopenedReadOnlyGivesSameAnswersAndRefusesWrites() throws IOException {
    Path file = dir.resolve("p.cmap");
    List<Long> keys = randomNhsNumbers(new SplittableRandom(SEED), 5_000);
    try (PatientIndex idx = PatientIndex.create(file, KeyKind.NHS_NUMBER, keys.size())) {
      for (int i = 0; i < keys.size(); i++) {
        assertEquals(i, idx.admit(keys.get(i), i, i + 2));
      }
    }
    try (PatientIndex ro = PatientIndex.openReadOnly(file)) {
      assertEquals(KeyKind.NHS_NUMBER, ro.keyKind());
      assertFalse(ro.isWritable());
      assertEquals(keys.size(), ro.size());
      for (int i = 0; i < keys.size(); i++) {
        assertEquals(i, ro.rowOf(keys.get(i)));
        assertEquals(i + 2, ro.sourceLineOf(keys.get(i)));
        assertEquals(i, ro.slotOf(keys.get(i)));
      }
      assertThrows(IllegalStateException.class, () -> ro.putIfAbsent(9434765919L, 1, 2));
      assertThrows(
          IllegalStateException.class, () -> ro.rowOf("pseudonym"), "wrong kind for look-up");
    }
    IOException wrongKind =
        assertThrows(IOException.class, () -> PatientIndex.openReadOnly(file, KeyKind.PSEUDONYM));
    assertTrue(wrongKind.getMessage().contains(file.toString()), wrongKind.getMessage());
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
    Files.writeString(sidecar, goodSidecar.replace("version=2", "version=3"));
    assertOpenFails(file, "version expected 2, was 3");
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
