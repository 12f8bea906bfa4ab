package io.lakehouseflow.ingestion.metrics;

import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.metrics.TableMetrics;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;

/**
 * Counts what one source's reader hands to its bronze table, as Flink counters (see {@link
 * TableMetrics}): {@code rows_read}, {@code corrupt_rows} (kept with their raw text) and {@code
 * files_read}, a file counted when its first row reaches this subtask (a reader reads a file's rows
 * in order). Rows pass unchanged.
 */
public final class BronzeCounts extends RichMapFunction<RowData, RowData> {
  private static final long serialVersionUID = 1L;

  private final String table;
  private final int corruptRecord;
  private final int sourceFile;
  private transient Counter rows;
  private transient Counter corrupt;
  private transient Counter files;
  private transient StringData currentFile;

  public BronzeCounts(LayerSchema bronze) {
    this.table = bronze.table().toString();
    this.corruptRecord = bronze.position(MetadataColumns.CORRUPT_RECORD);
    this.sourceFile = bronze.position(MetadataColumns.SOURCE_FILE);
  }

  @Override
  public void open(OpenContext context) {
    MetricGroup group = TableMetrics.of(getRuntimeContext().getMetricGroup(), "bronze", table);
    rows = group.counter("rows_read");
    corrupt = group.counter("corrupt_rows");
    files = group.counter("files_read");
  }

  @Override
  public RowData map(RowData row) {
    rows.inc();
    if (!row.isNullAt(corruptRecord)) {
      corrupt.inc();
    }
    StringData file = row.isNullAt(sourceFile) ? null : row.getString(sourceFile);
    // The reader hands one file's rows the same StringData: the identity check is the fast path.
    if (file != null && file != currentFile && !Objects.equals(file, currentFile)) {
      files.inc();
      currentFile = file;
    }
    return row;
  }
}
