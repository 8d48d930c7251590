package org.strata.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strata.cli.StrataCommandTest;

/**
 * The event path end to end through the command line: a footprint generated as events and ingested with the shipped
 * features and code lists gives the same store, byte for byte, as its flat twin, and the same levels; bad event rows
 * are quarantined with file, line, column and reason; too many fail the ingest and publish nothing.
 */
class EventIngestTest {
  @Test
  void eventsAndTheFlatTwinGiveTheSameStoreAndLevels(@TempDir Path tmp) throws Exception {
    Path ev = tmp.resolve("ev");
    ok("generate", "--events", "--patients", "6000", "--seed", "31", "--out", ev.toString(), "--quiet");
    ok("ingest", "--events", ev.toString(), "--reference-date", "2026-03-31", "--store", tmp.resolve("es").toString(),
        "--quiet");
    ok("ingest", "--patients", ev.resolve("flat/patients.csv").toString(), "--practices",
        ev.resolve("flat/practices.csv").toString(), "--store", tmp.resolve("fs").toString(), "--quiet");
    assertEquals(-1L, Files.mismatch(tmp.resolve("es/generations/g000001/patients.arrow"),
        tmp.resolve("fs/generations/g000001/patients.arrow")), "the stored patients");
    ok("run", "--store", tmp.resolve("es").toString(), "--out", tmp.resolve("er").toString(), "--form-hubs", "--quiet");
    ok("run", "--store", tmp.resolve("fs").toString(), "--out", tmp.resolve("fr").toString(), "--form-hubs", "--quiet");
    for (String f : List.of("patients.csv", "practices.csv", "hubs.csv", "footprint.csv")) {
      assertEquals(-1L, Files.mismatch(tmp.resolve("er/latest/" + f), tmp.resolve("fr/latest/" + f)), f);
    }
    String manifest = Files.readString(tmp.resolve("es/generations/g000001/manifest.json"));
    for (String s : List.of("\"events\"", "\"gp_events\"", "\"medications\"", "bristol/multimorbidity_cancer/7e1f8a31",
        "\"most_frequent_unmatched_codes\"", "\"matched_rows_by_list\"", "events-quarantine.csv")) {
      assertTrue(manifest.contains(s), s);
    }
    // a flat store's manifest says nothing of events
    assertFalse(Files.readString(tmp.resolve("fs/generations/g000001/manifest.json")).contains("\"events\""));
    assertEquals(0, StrataCommandTest.run("verify", "--store", tmp.resolve("es").toString()).exit());

    // a network member reproduces the run from the same events, lists and features
    StrataCommandTest.Run same = StrataCommandTest.run("reproduce", tmp.resolve("er/latest").toString(), "--events",
        ev.toString());
    assertEquals(0, same.exit(), same.out() + same.err());
    assertTrue(same.out().contains("byte-identical:"), same.out());
    StrataCommandTest.Run flat = StrataCommandTest.run("reproduce", tmp.resolve("er/latest").toString(), "--patients",
        ev.resolve("patients.csv").toString(), "--practices", ev.resolve("practices.csv").toString());
    assertEquals(2, flat.exit());
    assertTrue(flat.err().contains("ingested from an event-level extract: give --events DIR"), flat.err());
    Path lists = tmp.resolve("lists");
    Files.createDirectories(lists);
    try (var in = Files.list(Path.of("src/main/resources/org/strata/events/codelists"))) {
      for (Path f : in.toList()) {
        Files.copy(f, lists.resolve(f.getFileName()));
      }
    }
    Files.writeString(lists.resolve("cancer.csv"), "363346000,Malignant neoplastic disease\n",
        java.nio.file.StandardOpenOption.APPEND); // a newer version of one list
    StrataCommandTest.Run other = StrataCommandTest.run("reproduce", tmp.resolve("er/latest").toString(), "--events",
        ev.toString(), "--codelists", lists.toString());
    assertEquals(2, other.exit(), other.out() + other.err());
    assertTrue(other.err().contains("codelist cancer.csv: SHA-256 is not the"), other.err());
  }

  @Test
  void badEventRowsAreQuarantinedWithTheirReasons(@TempDir Path tmp) throws Exception {
    Path ev = tinyExtract(tmp);
    Files.writeString(ev.resolve("gp_events.csv"), String.join("\n",
        "patient_id,date,code,value",
        "9434765919,2025-06-01,44054006,",          // 2: diabetes (used)
        "9434765870,2025-06-01,44054006,",          // 3: not in the patients file
        "9434765918,2025-06-01,44054006,",          // 4: not an NHS number
        "9434765919,2027-01-01,44054006,",          // 5: after the reference date
        "9434765919,1950-01-01,44054006,",          // 6: before birth
        "9434765919,2025-13-01,44054006,",          // 7: not a date
        "9434765919,2025-06-01,E11.9,",             // 8: not a SNOMED CT id
        "9434765919,2025-06-01,44054006,high",      // 9: value not a number
        "9434765919,2025-06-01",                    // 10: too few fields
        ",2025-06-01,44054006,",                    // 11: no patient
        "9434765919,2025-06-02,1000000000000000000000,") + "\n"); // 12: 22 digits
    StrataCommandTest.Run r = StrataCommandTest.run("ingest", "--events", ev.toString(), "--reference-date",
        "2026-03-31", "--store", tmp.resolve("s").toString(), "--max-reject-rate", "1", "--features",
        features(tmp).toString(), "--quiet");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("gp_events.csv"), r.out());
    List<String> q = Files.readAllLines(tmp.resolve("s/generations/g000001/events-quarantine.csv"));
    assertEquals("file,line,column,value,reason,detail", q.get(0));
    assertEquals(List.of(
        "gp_events.csv,3,patient_id,******5870,unknown_patient,not in the patients file",
        "gp_events.csv,4,patient_id,******5918,invalid_nhs_number,",
        "gp_events.csv,5,date,2027-01-01,future_date,after the reference date",
        "gp_events.csv,6,date,1950-01-01,before_birth,before the patient's date of birth",
        "gp_events.csv,7,date,2025-13-01,invalid_code,not YYYY-MM-DD",
        "gp_events.csv,8,code,E11.9,invalid_code,not a SNOMED CT concept id",
        "gp_events.csv,9,value,high,not_a_number,",
        "gp_events.csv,10,,,malformed_row,2 fields",
        "gp_events.csv,11,patient_id,,missing_value,",
        "gp_events.csv,12,code,1000000000000000000000,invalid_code,not a SNOMED CT concept id"), q.subList(1, q.size()));
    String manifest = Files.readString(tmp.resolve("s/generations/g000001/manifest.json"));
    assertTrue(manifest.contains("\"rows_used\" : 1"), manifest);
    assertFalse(manifest.contains("9434765919"), "no NHS number in the manifest");
    assertFalse(Files.readString(tmp.resolve("s/generations/g000001/events-quarantine.csv")).contains("9434765"),
        "identifiers are masked in the quarantine");
  }

  @Test
  void tooManyBadEventRowsPublishNothing(@TempDir Path tmp) throws Exception {
    Path ev = tinyExtract(tmp);
    Path store = tmp.resolve("s");
    ok("ingest", "--events", ev.toString(), "--reference-date", "2026-03-31", "--store", store.toString(),
        "--features", features(tmp).toString(), "--quiet");
    Files.writeString(ev.resolve("gp_events.csv"), "patient_id,date,code\n9434765919,2025-06-01,44054006\n"
        + "9434765870,2025-06-01,44054006\n");
    StrataCommandTest.Run r = StrataCommandTest.run("ingest", "--events", ev.toString(), "--reference-date",
        "2026-03-31", "--store", store.toString(), "--features", features(tmp).toString(), "--quiet");
    assertEquals(2, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains("gp_events.csv: 1 of 2 rows rejected (50.00%), above --max-reject-rate 1.00%"),
        r.err());
    assertTrue(r.err().contains("unknown_patient"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    assertEquals("1", Files.readString(store.resolve("CURRENT")).strip().replaceAll("^g0*", ""),
        "the first generation stays current");
    assertTrue(Files.exists(store.resolve(EventExtract.FAILED_QUARANTINE)));
  }

  @Test
  void mistakesInTheCommandAndTheFeaturesAreOneLine(@TempDir Path tmp) throws Exception {
    Path ev = tinyExtract(tmp);
    String store = tmp.resolve("s").toString();
    List<List<String>> cases = List.of(
        List.of("no --reference-date", "--events needs --reference-date"),
        List.of("window: 5 years", "window '5 years' is not ever or N days/months/years"),
        List.of("codelist: nosuch", "nosuch.csv: no such code list file"),
        List.of("column: frailty", "feature 'frailty': not a column of the input contract"),
        List.of("count on a flag", "a 0/1 column takes no 'count:'"),
        List.of("no apc file", "no apc_spells.csv, .csv.gz or .parquet"));
    for (List<String> c : cases) {
      Path f = tmp.resolve("f.yaml");
      String yaml = switch (c.get(0)) {
        case "window: 5 years" -> "features:\n  diabetes: {source: gp_events, codelist: diabetes, window: 5 years}\n";
        case "codelist: nosuch" -> "features:\n  diabetes: {source: gp_events, codelist: nosuch}\n";
        case "column: frailty" -> "features:\n  frailty: {source: gp_events, codelist: diabetes}\n";
        case "count on a flag" -> "features:\n  diabetes: {source: gp_events, codelist: diabetes, count: rows}\n";
        case "no apc file" -> "features:\n  bed_days: {source: apc_spells, count: bed_days}\n";
        default -> "features:\n  diabetes: {source: gp_events, codelist: diabetes}\n";
      };
      Files.writeString(f, yaml);
      Path lists = tmp.resolve("lists");
      Files.createDirectories(lists);
      Files.writeString(lists.resolve("diabetes.csv"), "code,term\n44054006,Diabetes mellitus type 2\n");
      List<String> args = new java.util.ArrayList<>(List.of("ingest", "--events", ev.toString(), "--store", store,
          "--features", f.toString(), "--codelists", lists.toString(), "--quiet"));
      if (!c.get(0).equals("no --reference-date")) {
        args.addAll(List.of("--reference-date", "2026-03-31"));
      }
      StrataCommandTest.Run r = StrataCommandTest.run(args.toArray(new String[0]));
      assertEquals(2, r.exit(), c.get(0) + ": " + r.out() + r.err());
      assertTrue(r.err().contains(c.get(1)), c.get(0) + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), c.get(0) + ": one line: " + r.err());
    }
  }

  /** Two patients, a practice and an empty GP record: what the failure cases edit. */
  private static Path tinyExtract(Path tmp) throws Exception {
    Path ev = tmp.resolve("ev");
    Files.createDirectories(ev);
    Files.writeString(ev.resolve("patients.csv"), "patient_id,practice_code,date_of_birth,sex\n"
        + "943 476 5919,X00001,1960-05-01,F\n9434765927,X00001,1990-01-02,M\n");
    Files.writeString(ev.resolve("practices.csv"), "practice_code,practice_name,latitude,longitude,hub\n"
        + "X00001,One,52.1,-1.2,North\n");
    Files.writeString(ev.resolve("gp_events.csv"), "patient_id,date,code\n9434765919,2025-06-01,44054006\n");
    return ev;
  }

  /** A features file that reads only gp_events (the tiny extract has no other file). */
  private static Path features(Path tmp) throws Exception {
    Path f = tmp.resolve("gp-only.yaml");
    Files.writeString(f, "features:\n  diabetes: {source: gp_events, codelist: diabetes}\n"
        + "  gp_contacts: {source: gp_events, window: 12m, count: days}\n");
    return f;
  }

  private static void ok(String... args) {
    StrataCommandTest.Run r = StrataCommandTest.run(args);
    assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.out() + r.err());
  }
}
