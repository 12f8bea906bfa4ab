package io.lakehouseflow.core.metrics;

import org.apache.flink.metrics.MetricGroup;

/**
 * Where the pipeline's own metrics live in Flink's metric system: under the operator, a {@code
 * lakehouse} group with the layer and the table as key-value groups, which reporters turn into
 * labels (Prometheus: {@code flink_taskmanager_job_task_operator_lakehouse_rows_inserted
 * {layer="silver",table="silver.bookings"}}). One place, so that the Grafana dashboard in {@code
 * deploy/grafana} and the code agree on the names.
 */
public final class TableMetrics {
  /** The group every pipeline metric is under. */
  public static final String GROUP = "lakehouse";

  private TableMetrics() {}

  /** The group of table {@code table} (such as {@code bronze.bookings}) of layer {@code layer}. */
  public static MetricGroup of(MetricGroup operator, String layer, String table) {
    return operator.addGroup(GROUP).addGroup("layer", layer).addGroup("table", table);
  }
}
