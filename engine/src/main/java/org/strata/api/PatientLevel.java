package org.strata.api;

import java.util.List;
import java.util.Map;

/**
 * One patient's stratification: the level, the rule that decided it, every rule that matched, and the
 * scores. This is identifiable data (it carries the NHS number): keep it with the team entitled to it.
 *
 * @param nhsNumber the patient's NHS number (10 digits) or pseudonym, as stored
 * @param practice the practice code, or null for an unregistered person
 * @param level 1 high need … 4 mostly well
 * @param levelName the policy's name of that level
 * @param decidingRule the rule that set the level, or null at level 4 when no rule matched
 * @param reasons every rule that matched, in priority order
 * @param scores each score by name, in the units the policy uses (for example {@code cms} 2.37,
 *     {@code risk} 0.083, {@code efi_category} "moderate")
 */
public record PatientLevel(String nhsNumber, String practice, int level, String levelName, String decidingRule,
    List<String> reasons, Map<String, Object> scores) {
  public PatientLevel {
    reasons = List.copyOf(reasons);
    scores = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(scores));
  }
}
