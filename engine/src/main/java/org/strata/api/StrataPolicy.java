package org.strata.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.strata.level.Policy;

/**
 * A stratification policy: rules in priority order, each assigning level 1–3 (docs/POLICY.md). Loaded and
 * compiled before any data is read, so a mistake in it is reported with its file and line before a run.
 */
public final class StrataPolicy {
  private final Policy policy;

  private StrataPolicy(Policy policy) {
    this.policy = policy;
  }

  /** The shipped default policy (docs/POLICY.md explains each rule). */
  public static StrataPolicy defaultPolicy() {
    return new StrataPolicy(Policy.defaultPolicy());
  }

  /**
   * A policy from a YAML file.
   *
   * @throws IOException when the file cannot be read, or is not a valid policy (the message names the file
   *     and line)
   */
  public static StrataPolicy load(Path file) throws IOException {
    return new StrataPolicy(Policy.load(file));
  }

  /** The policy's name, as its file states it. */
  public String name() {
    return policy.name();
  }

  /** The rule names in priority order. */
  public List<String> ruleNames() {
    return List.copyOf(policy.ruleNames());
  }

  Policy policy() {
    return policy;
  }
}
