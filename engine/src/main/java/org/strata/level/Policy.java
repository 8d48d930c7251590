package org.strata.level;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.strata.score.RiskModel;

/**
 * A segmentation policy: for levels 1–3, rules in priority order; a patient gets the highest level any of
 * whose rules match, level 4 otherwise. Loaded from YAML (docs/POLICY.md) and compiled once: every
 * condition becomes a column kernel before any patient data is read.
 *
 * <pre>{@code
 * Policy p = Policy.load(Path.of("my-policy.yaml"));   // or Policy.defaultPolicy()
 * }</pre>
 *
 * @param source file name (for messages and manifests)
 * @param text the policy file's exact text (hashed into run manifests)
 * @param levelNames names of levels 1–4 (index 0 unused)
 * @param rules every rule, level 1 first, in file order; rule i is reason bit i
 * @param columns every column the conditions read
 */
public record Policy(
    String name, String version, String source, String text, List<String> levelNames, List<Rule> rules,
    Set<RuleColumn> columns, RiskModel riskModel, RisingRisk risingRisk) {

  /** At most this many rules: reasons are an int bitmask. */
  public static final int MAX_RULES = 31;
  /** The shipped default policy, on the class path. */
  public static final String DEFAULT_RESOURCE = "/org/strata/level/default-policy.yaml";

  public Policy {
    levelNames = List.copyOf(levelNames);
    rules = List.copyOf(rules);
    if (rules.size() > MAX_RULES) { // reasons are an int, and bit 31 marks adults while levels are assigned
      throw new IllegalArgumentException("policy " + name + " has " + rules.size() + " rules; at most " + MAX_RULES);
    }
    columns = Set.copyOf(columns);
  }

  /** Loads and compiles a policy file; a problem is a {@link PolicyException} naming file and line. */
  public static Policy load(Path file) throws IOException {
    String text;
    if (Files.isDirectory(file)) {
      throw new PolicyException(file.toString(), 0, "is a directory, not a policy file");
    }
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new PolicyException(file.toString(), 0, "no such file");
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new PolicyException(file.toString(), firstBadLine(file), "not UTF-8 text; save the policy as UTF-8");
    }
    return PolicyParser.parse(file.getFileName().toString(), text);
  }

  /** Compiles a policy from its text; {@code fileName} names it in errors. */
  public static Policy parse(String fileName, String text) throws PolicyException {
    return PolicyParser.parse(fileName, text);
  }

  /** The shipped default policy's text (what {@link #defaultPolicy()} compiles). */
  public static String defaultText() {
    try (InputStream in = Policy.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("default policy missing from the jar: " + DEFAULT_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("the shipped default policy cannot be read: " + e.getMessage(), e);
    }
  }

  /** The line of the first byte sequence that is not UTF-8 (1-based). */
  private static int firstBadLine(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8.newDecoder();
    int line = 1;
    int start = 0;
    for (int i = 0; i <= b.length; i++) {
      if (i == b.length || b[i] == '\n') {
        try {
          d.reset().decode(java.nio.ByteBuffer.wrap(b, start, i - start));
        } catch (java.nio.charset.CharacterCodingException e) {
          return line;
        }
        line++;
        start = i + 1;
      }
    }
    return 0;
  }

  /** The shipped default policy (docs/POLICY.md). */
  public static Policy defaultPolicy() {
    try {
      return PolicyParser.parse("default-policy.yaml", defaultText());
    } catch (PolicyException e) {
      throw new IllegalStateException("the shipped default policy does not load: " + e.getMessage(), e);
    }
  }

  /** The registered scores the conditions name, in registry order: a run computes, keeps, writes and rolls them up. */
  public List<org.strata.score.Score> registeredScores() {
    java.util.Set<String> named = new java.util.HashSet<>();
    for (RuleColumn c : columns) {
      if (c.score() != null) {
        named.add(c.name());
      }
    }
    return org.strata.score.Scores.among(named);
  }

  /** Whether a rule cuts per hub, so that stratifying needs the hub of every row. */
  public boolean hasHubCuts() {
    return rules.stream().anyMatch(r -> r.kind() == Rule.Kind.TOP_PERCENT && r.scope() == Rule.Scope.HUB);
  }

  /** Rule names in reason-bit order, e.g. {@code "palliative_care"}. */
  public List<String> ruleNames() {
    return rules.stream().map(Rule::name).toList();
  }
}
