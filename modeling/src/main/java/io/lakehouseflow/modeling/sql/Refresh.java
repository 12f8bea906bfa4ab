package io.lakehouseflow.modeling.sql;

import io.lakehouseflow.core.catalog.SqlQuoting;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.RunMode;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.flink.FlinkReadOptions;
import org.apache.iceberg.flink.source.StreamingStartingStrategy;

/**
 * How gold tables are refreshed, which decides how silver is read and gold written. Available-now:
 * a batch scan of silver and an overwrite of each gold table, a full deterministic rebuild.
 * Continuous: an incremental Iceberg scan of silver from its earliest snapshot, polled every {@code
 * monitorInterval}, and upserts whose deletes become Iceberg equality deletes. Gold is never read.
 */
public record Refresh(RunMode mode, Duration monitorInterval) {

  public Refresh {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(monitorInterval, "monitorInterval");
  }

  /** Whether this refresh runs as a streaming job. */
  public boolean streaming() {
    return mode == RunMode.CONTINUOUS;
  }

  /** The {@code FROM} reference of a silver table. */
  public String scan(String silverTable) {
    String table = TableNames.sql(TableNames.silver(silverTable));
    if (!streaming()) {
      return table;
    }
    return table
        + SqlQuoting.optionsHint(
            Map.of(
                FlinkReadOptions.STREAMING,
                "true",
                FlinkReadOptions.MONITOR_INTERVAL,
                monitorInterval.toMillis() + "ms",
                FlinkReadOptions.STARTING_STRATEGY,
                StreamingStartingStrategy.TABLE_SCAN_THEN_INCREMENTAL.name()));
  }
}
