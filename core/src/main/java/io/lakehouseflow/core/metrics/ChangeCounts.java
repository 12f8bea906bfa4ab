package io.lakehouseflow.core.metrics;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.types.Row;

/**
 * Counts the rows a job writes into one table by kind of change, as Flink counters {@code
 * rows_inserted}, {@code rows_updated} (the new side of an update) and {@code rows_deleted} (see
 * {@link TableMetrics}), and passes every row on unchanged. Silver appends, so only inserts count
 * there; gold's changelog carries all three.
 */
public final class ChangeCounts extends RichMapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String layer;
  private final String table;
  private transient Counter inserted;
  private transient Counter updated;
  private transient Counter deleted;

  public ChangeCounts(String layer, String table) {
    this.layer = layer;
    this.table = table;
  }

  @Override
  public void open(OpenContext context) {
    MetricGroup group = TableMetrics.of(getRuntimeContext().getMetricGroup(), layer, table);
    inserted = group.counter("rows_inserted");
    updated = group.counter("rows_updated");
    deleted = group.counter("rows_deleted");
  }

  @Override
  public Row map(Row row) {
    switch (row.getKind()) {
      case INSERT:
        inserted.inc();
        break;
      case UPDATE_AFTER:
        updated.inc();
        break;
      case DELETE:
        deleted.inc();
        break;
      default:
        // UPDATE_BEFORE retracts the old side of an update already counted as updated.
    }
    return row;
  }
}
