package org.strata.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.strata.level.Rule;
import org.strata.level.ScopedRules;

/**
 * The rules decided within a hub or a practice — cuts scoped to hubs or practices, and practice floors — applied
 * group by group: each unit's rows meet in one task, in line order, and the engine's own {@link ScopedRules}
 * decide them, reading nothing outside the unit. Rows outside every unit of the scope (the unregistered, for a
 * practice) pass through unchanged.
 */
final class UnitRules {
  private UnitRules() {}

  /**
   * Applies {@code rules} (in order) within each unit of the field {@code unitField} (HUB or PRACTICE).
   *
   * @param ruleLevel each rule's level, which a floor reads
   */
  static Dataset<Row> apply(Dataset<Row> rows, int unitField, SparkJob job, List<Rule> rules, int[] ruleLevel) {
    if (rules.isEmpty()) {
      return rows;
    }
    final int[] indices = rules.stream().mapToInt(Rule::index).toArray(); // rules do not travel; their indices do
    return rows.groupByKey((MapFunction<Row, Integer>) r -> r.getInt(unitField), Encoders.INT())
        .flatMapGroups((FlatMapGroupsFunction<Integer, Row, Row>) (unit, it) -> {
          List<Rule> all = job.policy().rules();
          List<Rule> ordered = new ArrayList<>();
          for (int i : indices) {
            ordered.add(all.get(i));
          }
          return decide(unit, it, ordered, ruleLevel);
        }, Encoders.row(rows.schema()));
  }

  private static Iterator<Row> decide(int unit, Iterator<Row> it, List<Rule> rules, int[] ruleLevel) {
    List<Row> group = new ArrayList<>();
    it.forEachRemaining(group::add);
    if (unit < 0) {
      return group.iterator();
    }
    group.sort(Comparator.comparingInt(r -> r.getInt(ScoredRows.LINE))); // the footprint's row order
    final int n = group.size();
    int[] reasons = new int[n];
    int[] predictor = new int[n];
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      Row r = group.get(i);
      reasons[i] = r.getInt(ScoredRows.REASONS);
      predictor[i] = r.getInt(ScoredRows.PREDICTOR);
      keys[i] = r.getLong(ScoredRows.KEY);
    }
    for (Rule rule : rules) {
      if (rule.kind() == Rule.Kind.PRACTICE_FLOOR) {
        ScopedRules.practiceFloor(rule, reasons, ruleLevel, predictor, keys);
      } else {
        ScopedRules.topPercent(rule, reasons, predictor, keys);
      }
    }
    List<Row> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Row r = group.get(i);
      out.add(reasons[i] == r.getInt(ScoredRows.REASONS) ? r : ScoredRows.with(r, ScoredRows.REASONS, reasons[i]));
    }
    return out.iterator();
  }
}
