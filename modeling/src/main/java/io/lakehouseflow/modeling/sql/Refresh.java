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
 * How gold tables are refreshed, which decides how silver is read and gold written. A rebuild: a
 * batch scan of silver and an overwrite of each gold table. Incremental and continuous: an
 * incremental Iceberg scan of silver from where the job's state left off (from its earliest
 * snapshot without state), polled every {@code monitorInterval}, and upserts whose deletes become
 * Iceberg equality deletes. Gold is never read.
 */
public record Refresh(Kind kind, Duration monitorInterval) {

  /** The three ways gold follows silver. */
  public enum Kind {
    /** Available-now with {@code --rebuild}: one batch job over all of silver. */
    REBUILD,
    /**
     * Available-now: a streaming job resuming from its previous run's state, ended on a committed
     * checkpoint once it has read what silver held at its start.
     */
    INCREMENTAL,
    /** Continuous: a streaming job that runs until cancelled. */
    CONTINUOUS
  }

  public Refresh {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(monitorInterval, "monitorInterval");
  }

  /** The refresh of {@code mode}; available-now rebuilds only when {@code rebuild}. */
  public static Refresh of(RunMode mode, boolean rebuild, Duration monitorInterval) {
    Kind kind =
        mode == RunMode.CONTINUOUS ? Kind.CONTINUOUS : rebuild ? Kind.REBUILD : Kind.INCREMENTAL;
    return new Refresh(kind, monitorInterval);
  }

  /** Whether this refresh runs as a streaming job (continuous and incremental). */
  public boolean streaming() {
    return kind != Kind.REBUILD;
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
