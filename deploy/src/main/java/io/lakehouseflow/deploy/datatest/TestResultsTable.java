package io.lakehouseflow.deploy.datatest;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.RecordAppends;
import io.lakehouseflow.core.layer.LayerColumn;
import io.lakehouseflow.core.layer.LayerSchema;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * {@code lakehouse.test_results}: one row per test per {@code lakehouse test} run, so that a
 * table's test history can be queried like any table ({@code SELECT * FROM lakehouse.test_results
 * WHERE status <> 'PASS'}). One commit per run.
 */
public final class TestResultsTable {
  public static final TableIdentifier TABLE = TableIdentifier.of("lakehouse", "test_results");

  private TestResultsTable() {}

  static LayerSchema layout() {
    Types.StringType text = Types.StringType.get();
    return LayerSchema.of(
        TABLE,
        List.of(
            LayerColumn.data("run_id", text),
            LayerColumn.data("tested_at", Types.TimestampType.withZone()),
            LayerColumn.data("table_name", text),
            LayerColumn.data("test", text),
            LayerColumn.data("severity", text),
            LayerColumn.data("status", text),
            LayerColumn.data("failing_rows", Types.LongType.get()),
            LayerColumn.data("sample", text),
            LayerColumn.data("detail", text),
            LayerColumn.data("declared_at", text)));
  }

  /** Appends the results of run {@code runId}, tested at {@code now}. */
  public static void record(
      LakehouseCatalog catalog, String runId, Instant now, List<DataTestResult> results) {
    if (results.isEmpty()) {
      return;
    }
    Table table = catalog.createOrExtendTable(layout(), Map.of());
    List<Record> rows = new ArrayList<>();
    for (DataTestResult result : results) {
      GenericRecord row = GenericRecord.create(table.schema());
      row.setField("run_id", runId);
      row.setField("tested_at", now.atOffset(ZoneOffset.UTC));
      row.setField("table_name", result.test().table());
      row.setField("test", result.test().name());
      row.setField("severity", result.test().severity().name());
      row.setField("status", result.status().name());
      row.setField("failing_rows", result.failingRows());
      row.setField("sample", String.join("; ", result.sample()));
      row.setField("detail", result.detail());
      row.setField("declared_at", result.test().declaredAt());
      rows.add(row);
    }
    RecordAppends.append(table, rows);
  }
}
