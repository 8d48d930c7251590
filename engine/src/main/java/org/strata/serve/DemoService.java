package org.strata.serve;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The files {@code strata serve} needs for the demo's results: an access file with one admin token, the token
 * itself in a file only its owner may read, and an illustrative capacity file for the demo's hubs.
 *
 * <p>The token is random for each demo, so a demo's access file never opens anybody else's service.
 */
public final class DemoService {
  /** Illustrative staffing: one care coordinator per 2,500 people with a caseload of 60 (level 1). */
  static final int PEOPLE_PER_COORDINATOR = 2_500;

  static final int COORDINATOR_CASELOAD = 60;

  /** One community team member per 1,000 people with a caseload of 200 (level 2). */
  static final int PEOPLE_PER_TEAM_MEMBER = 1_000;

  static final int TEAM_CASELOAD = 200;

  private DemoService() {}

  /** Where the demo's files went, and the token that opens them. */
  public record DemoFiles(Path access, Path token, Path capacity, String tokenValue) {}

  /**
   * Writes {@code access.yaml}, {@code demo-token} and {@code capacity.csv} into {@code dir}, the capacity from
   * the hubs of {@code latest}'s {@code hubs.csv}.
   */
  public static DemoFiles write(Path dir, Path latest) throws IOException {
    SecureRandom random = new SecureRandom();
    String token = "demo-" + hex(random, 16);
    Path access = dir.resolve("access.yaml");
    Files.writeString(access, "# strata serve's access file for the demo (docs/API.md): tokens are stored as SHA-256\n"
        + "audit_key: \"" + hex(random, 24) + "\"\n"
        + "tokens:\n"
        + "  - name: demo-admin\n"
        + "    sha256: " + Access.sha256Hex(token) + "\n"
        + "    role: admin\n", StandardCharsets.UTF_8);
    Path tokenFile = dir.resolve("demo-token");
    Files.deleteIfExists(tokenFile);
    Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tokenFile, token + "\n", StandardCharsets.UTF_8);
    Path capacity = dir.resolve("capacity.csv");
    Files.writeString(capacity, capacityOf(latest.resolve("hubs.csv")), StandardCharsets.UTF_8);
    return new DemoFiles(access, tokenFile, capacity, token);
  }

  private static String capacityOf(Path hubsCsv) throws IOException {
    StringBuilder out = new StringBuilder("hub,level,capacity\n");
    out.append("# illustrative: level 1, a care coordinator per ").append(PEOPLE_PER_COORDINATOR)
        .append(" people x a caseload of ").append(COORDINATOR_CASELOAD).append("; level 2, a community team member per ")
        .append(PEOPLE_PER_TEAM_MEMBER).append(" people x ").append(TEAM_CASELOAD).append('\n');
    try (BufferedReader r = Files.newBufferedReader(hubsCsv, StandardCharsets.UTF_8)) {
      List<String> header = ServedRun.fields(r.readLine());
      int hub = header.indexOf("hub");
      int total = header.indexOf("total");
      String line;
      while ((line = r.readLine()) != null) {
        List<String> f = ServedRun.fields(line);
        long people = Long.parseLong(f.get(total));
        String name = "\"" + f.get(hub).replace("\"", "\"\"") + "\"";
        out.append(name).append(",1,").append(ceilDiv(people, PEOPLE_PER_COORDINATOR) * COORDINATOR_CASELOAD).append('\n');
        out.append(name).append(",2,").append(ceilDiv(people, PEOPLE_PER_TEAM_MEMBER) * TEAM_CASELOAD).append('\n');
      }
    }
    return out.toString();
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private static String hex(SecureRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
