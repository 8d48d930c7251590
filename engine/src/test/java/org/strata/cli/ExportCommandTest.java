package org.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata export} as a network member receives it: two consecutive months run and exported with one key.
 * The pseudonyms are checked against an HMAC-SHA256 computed here from the extract's own NHS numbers, and the
 * files are searched for every NHS number of the extract and for the key in every form it could leak in.
 */
class ExportCommandTest {
  @TempDir static Path tmp;
  static Path in;
  static Path results;
  static Path store;
  static Path key;
  static byte[] keyBytes;

  @BeforeAll
  static void twoMonthsRun() throws Exception {
    in = tmp.resolve("in");
    assertEquals(0, StrataCommandTest.run("generate", "--months", "2", "--patients", "3000", "--seed", "31",
        "--out", in.toString(), "--quiet").exit());
    results = tmp.resolve("results");
    store = tmp.resolve("results-store");
    keyBytes = new byte[32];
    new Random(99).nextBytes(keyBytes);
    key = ownerOnly(Files.write(tmp.resolve("export.key"), keyBytes));
  }

  private static void runMonth(int month) {
    Path m = in.resolve(String.format("month-%02d", month));
    StrataCommandTest.Run r = StrataCommandTest.run("run", "--patients", m.resolve("patients.csv").toString(),
        "--practices", m.resolve("practices.csv").toString(), "--out", results.toString(), "--form-hubs",
        "--reference-date", "2025-0" + (4 + month) + "-01", "--quiet");
    assertEquals(0, r.exit(), r.err());
  }

  private static Path export(String name, Path keyFile, String... extra) {
    Path out = tmp.resolve(name);
    List<String> args = new java.util.ArrayList<>(List.of("export", "--results", results.toString(), "--store",
        store.toString(), "--key", keyFile.toString(), "--out", out.toString()));
    args.addAll(List.of(extra));
    StrataCommandTest.Run r = StrataCommandTest.run(args.toArray(String[]::new));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("exported"), r.out());
    return out.resolve("patients.csv");
  }

  /** NHS number → the input row's fields, for one month's extract. */
  private static Map<String, String[]> extract(int month) throws Exception {
    List<String> lines = Files.readAllLines(in.resolve(String.format("month-%02d", month)).resolve("patients.csv"));
    Map<String, String[]> byId = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      byId.put(f[0], f);
    }
    return byId;
  }

  private static String hmac(byte[] k, String nhs) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(k, "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(nhs.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void pseudonymsFollowPatientsAcrossMonthsAndNoIdentifierOrKeyIsWritten() throws Exception {
    runMonth(1);
    Path first = export("month-1", key);
    runMonth(2);
    Path second = export("month-2", key, "--with-lsoa");

    for (int month = 1; month <= 2; month++) {
      Path file = month == 1 ? first : second;
      Map<String, String[]> ids = extract(month);
      Map<String, String[]> byPseudonym = new HashMap<>();
      for (Map.Entry<String, String[]> e : ids.entrySet()) {
        byPseudonym.put(hmac(keyBytes, e.getKey()), e.getValue());
      }
      List<String> lines = Files.readAllLines(file);
      String header = lines.get(0);
      assertTrue(header.startsWith(month == 1 ? "pseudonym,age_band,sex,practice_code,level,"
          : "pseudonym,age_band,sex,lsoa,practice_code,level,"), header);
      assertEquals(ids.size(), lines.size() - 1, "one row per stored patient");
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",", -1);
        String[] source = byPseudonym.get(f[0]);
        assertTrue(source != null, "every pseudonym is the keyed HMAC of a patient of the extract");
        int age = Integer.parseInt(source[3]);
        int low = Integer.parseInt(f[1].replace("+", "").split("-")[0]);
        assertTrue(age >= 90 ? f[1].equals("90+") : low <= age && age <= low + 4 && f[1].equals(low + "-" + (low + 4)),
            f[1] + " for age " + age);
        assertEquals(source[4].equals("M") ? "male" : source[4].equals("F") ? "female" : "unknown", f[2]);
        assertEquals(source[1], f[month == 1 ? 3 : 4], "practice kept");
        if (month == 2) {
          assertEquals(source[2], f[3], "LSOA kept when asked for");
        }
      }
      String text = Files.readString(file, StandardCharsets.ISO_8859_1);
      for (String nhs : ids.keySet()) {
        assertFalse(text.contains(nhs), "an NHS number in the export");
      }
      assertFalse(text.contains(HexFormat.of().formatHex(keyBytes)), "the key in hex");
      assertFalse(text.contains(HexFormat.of().formatHex(keyBytes).substring(0, 16)), "part of the key in hex");
      assertFalse(text.contains(Base64.getEncoder().encodeToString(keyBytes).substring(0, 16)), "the key in base64");
      assertFalse(text.contains(new String(keyBytes, StandardCharsets.ISO_8859_1).substring(0, 8)), "the raw key");
      if (month == 1) {
        assertFalse(text.contains(",E0"), "no LSOA unless asked for");
      }
    }

    // The same key follows the same people from month to month; another key gives unrelated pseudonyms.
    Set<String> one = pseudonyms(first);
    Set<String> two = pseudonyms(second);
    Set<String> both = new HashSet<>(one);
    both.retainAll(two);
    assertTrue(both.size() > one.size() * 8 / 10, both.size() + " of " + one.size() + " followed");
    byte[] other = keyBytes.clone();
    other[0] ^= 1;
    Set<String> otherKey = pseudonyms(export("other-key", ownerOnly(Files.write(tmp.resolve("other.key"), other))));
    otherKey.retainAll(two);
    assertTrue(otherKey.isEmpty(), "another key, other pseudonyms");
  }

  @Test
  void aShortKeyAMissingKeyAndAStoreThatMovedOnAreBadInput() throws Exception {
    runMonth(1);
    Path shortKey = ownerOnly(Files.write(tmp.resolve("short.key"), new byte[16]));
    String[] base = {"export", "--results", results.toString(), "--store", store.toString(), "--out",
        tmp.resolve("bad").toString(), "--key"};
    MistakeSuiteTest.badInput(tmp, concat(base, shortKey.toString()), "16 bytes", "32");
    MistakeSuiteTest.badInput(tmp, concat(base, tmp.resolve("none.key").toString()), "none.key", "no such key file");
    Path file = Files.writeString(tmp.resolve("a-file"), "");
    MistakeSuiteTest.badInput(tmp, new String[] {"export", "--results", results.toString(), "--store",
        store.toString(), "--out", file.toString(), "--key", key.toString()}, "a-file", "not a directory");
    Path m = in.resolve("month-02");
    assertEquals(0, StrataCommandTest.run("ingest", "--patients", m.resolve("patients.csv").toString(), "--practices",
        m.resolve("practices.csv").toString(), "--store", store.toString(), "--quiet").exit());
    MistakeSuiteTest.badInput(tmp, concat(base, key.toString()), "store generation", "run again");
    assertFalse(Files.exists(tmp.resolve("bad/patients.csv")), "nothing written");
  }

  private static Path ownerOnly(Path file) throws java.io.IOException {
    return Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  private static String[] concat(String[] a, String b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }

  private static Set<String> pseudonyms(Path file) throws Exception {
    Set<String> s = new HashSet<>();
    for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
      s.add(line.substring(0, line.indexOf(',')));
    }
    return s;
  }
}
