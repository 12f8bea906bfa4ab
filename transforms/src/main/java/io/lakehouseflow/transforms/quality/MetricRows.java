package io.lakehouseflow.transforms.quality;

import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.ExpectationAction;
import io.lakehouseflow.transforms.expectation.RoutedRows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of {@code silver._quality_metrics} ({@link LayerSchemas#qualityMetrics()}) that record
 * one outcome of one silver table, by column name: a totals row ({@code rule} NULL) and one row per
 * rule, each also carrying what identifies the commit. Shared by available-now runs (one outcome
 * per run) and continuous runs (one per checkpoint).
 */
final class MetricRows {
  private MetricRows() {}

  /**
   * @param silverTable the silver table, as {@code silver.<name>}
   * @param routed where the rows read went, and per rule how many failed it
   * @param rules the table's rules with their actions, in rule order
   * @param commit the columns that identify the commit and the run, the same in every row
   */
  static List<Map<String, Object>> of(
      String silverTable,
      RoutedRows routed,
      Map<String, ExpectationAction> rules,
      Map<String, Object> commit) {
    Map<String, Object> totals = new LinkedHashMap<>(commit);
    totals.put("silver_table", silverTable);
    totals.put("rows_in", routed.read());
    totals.put("passed", routed.silver() - routed.warned());
    totals.put("warned", routed.warned());
    totals.put("dropped", routed.dropped());
    totals.put("quarantined", routed.quarantined());
    totals.put("duplicates", routed.duplicates());
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(totals);
    rules.forEach(
        (rule, action) -> {
          Map<String, Object> ruleRow = new LinkedHashMap<>(totals);
          ruleRow.put("rule", rule);
          ruleRow.put("action", action.name().toLowerCase(Locale.ROOT));
          ruleRow.put("failed", routed.failed().getOrDefault(rule, 0L));
          rows.add(ruleRow);
        });
    return rows;
  }
}
