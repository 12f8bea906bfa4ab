package io.lakehouseflow.deploy.docs;

import io.lakehouseflow.core.catalog.LiveRows;
import io.lakehouseflow.core.catalog.TableStatus;
import java.util.List;
import org.apache.iceberg.Table;

/**
 * The rows a table holds now, and how that was found out.
 *
 * @param rows the live rows; an estimate when {@code exact} is false
 * @param exact whether {@code rows} is the table's row count
 * @param how where the figure comes from, for the reader
 */
public record RowCount(long rows, boolean exact, String how) {

  /**
   * Above this many records in data files, a table with delete files is not scanned: the docs give
   * the metadata's figures instead, which stay a second's work whatever the size.
   */
  static final long SCAN_LIMIT = 5_000_000;

  /**
   * The rows of {@code table}: its current snapshot's {@code total-records} when it has no delete
   * files (append-only tables: bronze, silver, quarantine). An upsert table's summary counts the
   * equality deletes of every upsert, which need not match a row each, so its rows are counted by
   * reading its key columns with the deletes applied (Iceberg's own reader, no Flink job).
   */
  static RowCount of(Table table, TableStatus status) {
    if (status.deleteFiles() == 0) {
      return new RowCount(status.records(), true, "from the snapshot summary");
    }
    if (status.records() > SCAN_LIMIT) {
      return new RowCount(
          status.records() - status.deletes(),
          false,
          "estimate: "
              + status.records()
              + " records in data files less "
              + status.deletes()
              + " deleted records (an exact count reads the table:"
              + " ./lakehouse query \"SELECT COUNT(*) FROM "
              + status.table()
              + "\")");
    }
    List<String> key =
        table.schema().identifierFieldNames().isEmpty()
            ? List.of(table.schema().columns().get(0).name())
            : List.copyOf(table.schema().identifierFieldNames());
    long rows = LiveRows.count(table, key);
    return new RowCount(
        rows,
        true,
        "counted by Iceberg's reader over "
            + status.dataFiles()
            + " data and "
            + status.deleteFiles()
            + " delete files");
  }
}
