package org.strata.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import org.strata.format.InvalidInputException;

/**
 * Who may see what: the access file's tokens, each stored as the SHA-256 of the token (never the token), a
 * name for the audit trail and a role, and the secret that keys the audit trail's patient hashes.
 *
 * <pre>
 * audit_key: "a long random secret"          # keys the hash of each patient key in the audit trail
 * tokens:
 *   - name: command-centre
 *     sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 *     role: admin                            # or footprint, hub:NAME, practice:CODE
 * </pre>
 */
final class Access {
  /** What a token may see. */
  enum Kind {
    /** Aggregates only, suppressed as in {@code shared/}. */
    FOOTPRINT,
    /** Suppressed aggregates, and the identifiable data of the hub's practices' patients. */
    HUB,
    /** Suppressed aggregates, and the identifiable data of the practice's own patients. */
    PRACTICE,
    /** Everything, unsuppressed. */
    ADMIN
  }

  /** A token's name and role; {@code unit} is the hub name or practice code. */
  record Grant(String name, Kind kind, String unit) {}

  private final Map<String, Grant> byHash;
  private final byte[] auditKey;
  // tokens already checked, so a look-up does not hash the same token again
  private final java.util.concurrent.ConcurrentHashMap<String, Grant> granted = new java.util.concurrent.ConcurrentHashMap<>();

  private Access(Map<String, Grant> byHash, byte[] auditKey) {
    this.byHash = byHash;
    this.auditKey = auditKey;
  }

  static Access load(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new InvalidInputException(file + ": --access is a directory; give the access file (YAML)");
    }
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(file + ": no such access file");
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new InvalidInputException(file + ": not YAML (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException(file + ": expected 'audit_key:' and 'tokens:'");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("audit_key") && !k.equals("tokens")) {
        throw new InvalidInputException(file + ": unknown key '" + k + "' (allowed: audit_key, tokens)");
      }
    }
    String key = root.path("audit_key").asText("");
    if (key.length() < 16) {
      throw new InvalidInputException(file + ": audit_key must be a secret of at least 16 characters");
    }
    JsonNode tokens = root.get("tokens");
    if (tokens == null || !tokens.isArray() || tokens.isEmpty()) {
      throw new InvalidInputException(file + ": 'tokens:' must list at least one token");
    }
    Map<String, Grant> byHash = new HashMap<>();
    int i = 0;
    for (JsonNode t : tokens) {
      i++;
      String where = file + ": token " + i;
      String name = t.path("name").asText("");
      String hash = t.path("sha256").asText("").toLowerCase(java.util.Locale.ROOT);
      String role = t.path("role").asText("");
      if (name.isEmpty()) {
        throw new InvalidInputException(where + ": no name");
      }
      if (!hash.matches("[0-9a-f]{64}")) {
        throw new InvalidInputException(where + " (" + name + "): sha256 must be 64 hex digits, the SHA-256 of the"
            + " token (printf %s TOKEN | sha256sum)");
      }
      Grant g = grant(name, role, where);
      if (byHash.put(hash, g) != null) {
        throw new InvalidInputException(where + " (" + name + "): the same token hash is listed twice");
      }
    }
    return new Access(byHash, key.getBytes(StandardCharsets.UTF_8));
  }

  private static Grant grant(String name, String role, String where) throws InvalidInputException {
    if (role.equals("admin")) {
      return new Grant(name, Kind.ADMIN, null);
    }
    if (role.equals("footprint")) {
      return new Grant(name, Kind.FOOTPRINT, null);
    }
    if (role.startsWith("hub:") && role.length() > 4) {
      return new Grant(name, Kind.HUB, role.substring(4));
    }
    if (role.startsWith("practice:") && role.length() > 9) {
      return new Grant(name, Kind.PRACTICE, role.substring(9));
    }
    throw new InvalidInputException(where + " (" + name + "): role '" + role
        + "' is not one of footprint, hub:NAME, practice:CODE, admin");
  }

  /** The grant of a presented bearer token, or null when it is not listed. */
  Grant grantOf(String token) {
    if (token == null) {
      return null;
    }
    Grant g = granted.get(token);
    if (g == null) {
      g = byHash.get(sha256Hex(token));
      if (g != null && granted.size() < 4 * byHash.size()) {
        granted.put(token, g); // listed tokens only, so the cache is bounded by the access file
      }
    }
    return g;
  }

  /** The audit trail's key for patient hashes. */
  byte[] auditKey() {
    return auditKey.clone();
  }

  static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
