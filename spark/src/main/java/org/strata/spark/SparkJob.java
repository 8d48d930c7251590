package org.strata.spark;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.HashMap;
import org.strata.format.IdKind;
import org.strata.level.Policy;
import org.strata.level.PolicyException;

/**
 * What every task needs to judge and score its rows, shipped with the task: the patients table's name and
 * header, the id kind, the reference date, the practices' ordinals and the policy's text (compiled once per
 * task: a compiled policy holds generated kernels, which do not travel).
 */
record SparkJob(String patientsName, String[] header, IdKind idKind, LocalDate referenceDate,
    HashMap<String, Integer> practiceOrdinals, String policyName, String policyText) implements Serializable {

  /** Compiled policies by text, one per executor JVM: tasks compile the policy once, not once per group. */
  private static final java.util.concurrent.ConcurrentHashMap<String, Policy> COMPILED =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The policy, compiled once per JVM (the engine's kernels are compiled again per use, for their scratch). */
  Policy policy() {
    return COMPILED.computeIfAbsent(policyText, text -> {
      try {
        return Policy.parse(policyName, text);
      } catch (PolicyException e) {
        throw new IllegalStateException("the policy compiled on the driver does not compile on an executor", e);
      }
    });
  }
}
