package org.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata reproduce} as a network member would use it: on a run, with the extract they were sent. */
class ReproduceCommandTest {

  @Test
  void aRunIsReproducedByteForByteAndADifferenceIsNamed(@TempDir Path tmp) throws Exception {
    Path in = tmp.resolve("in");
    assertEquals(0, StrataCommandTest.run("generate", "--patients", "3000", "--seed", "12", "--out", in.toString(),
        "--quiet").exit());
    String patients = in.resolve("patients.csv").toString();
    String practices = in.resolve("practices.csv").toString();
    Path results = tmp.resolve("results");
    assertEquals(0, StrataCommandTest.run("run", "--patients", patients, "--practices", practices, "--out",
        results.toString(), "--form-hubs", "--reference-date", "2025-05-01", "--suppress-below", "7", "--quiet")
        .exit());
    assertEquals(0, StrataCommandTest.run("run", "--store", tmp.resolve("results-store").toString(), "--out",
        results.toString(), "--form-hubs", "--suppress-below", "7", "--quiet").exit());
    Path run = results.resolve("runs/r000002");

    StrataCommandTest.Run same = StrataCommandTest.run("reproduce", run.toString(), "--patients", patients,
        "--practices", practices);
    assertEquals(0, same.exit(), same.err());
    assertTrue(same.out().contains("byte-identical: 10 outputs"), same.out());
    assertTrue(same.out().contains("not compared:"), "the movement outputs are said not to be compared");

    MistakeSuiteTest.badInput(tmp, new String[] {"reproduce", run.toString(), "--patients", practices, "--practices",
        practices}, "not the extract this run read");
    Path policy = Files.writeString(tmp.resolve("p.yaml"), "name: x\nlevels:\n  1:\n    rules:\n      - name: old\n"
        + "        when: age >= 90\n");
    MistakeSuiteTest.badInput(tmp, new String[] {"reproduce", run.toString(), "--patients", patients, "--practices",
        practices, "--policy", policy.toString()}, "p.yaml", "default-policy.yaml");

    // A run whose published file was changed, its manifest made to agree: reproduce names the file
    Path footprint = run.resolve("footprint.csv");
    Files.writeString(footprint, Files.readString(footprint).replaceFirst("\n(\\d)", "\n9$1"));
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) json.readTree(run.resolve("manifest.json").toFile());
    ((ObjectNode) manifest.get("outputs")).put("footprint.csv", "sha256:" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(footprint))));
    json.writerWithDefaultPrettyPrinter().writeValue(run.resolve("manifest.json").toFile(), manifest);
    StrataCommandTest.Run differs = StrataCommandTest.run("reproduce", run.toString(), "--patients", patients,
        "--practices", practices);
    assertEquals(1, differs.exit(), differs.out() + differs.err());
    assertTrue(differs.out().contains("differs: footprint.csv"), differs.out());
  }

  @Test
  void aRunThatWroteParquetIsReproducedWithItsParquet(@TempDir Path tmp) throws Exception {
    Path in = tmp.resolve("in");
    assertEquals(0, StrataCommandTest.run("generate", "--patients", "2000", "--seed", "13", "--out", in.toString(),
        "--quiet").exit());
    String patients = in.resolve("patients.csv").toString();
    String practices = in.resolve("practices.csv").toString();
    Path results = tmp.resolve("results");
    assertEquals(0, StrataCommandTest.run("run", "--patients", patients, "--practices", practices, "--out",
        results.toString(), "--form-hubs", "--format", "parquet", "--quiet").exit());
    StrataCommandTest.Run same = StrataCommandTest.run("reproduce", results.resolve("latest").toString(),
        "--patients", patients, "--practices", practices);
    assertEquals(0, same.exit(), same.err());
    // the ten outputs of a run, and patients.parquet, practices.parquet, hubs.parquet, footprint.parquet
    assertTrue(same.out().contains("byte-identical: 14 outputs"), same.out());
  }
}
