package io.lakehouseflow.core.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Counts the live rows of a table's current snapshot with Iceberg's generic reader, equality and
 * position deletes applied, so no Flink job runs. Snapshot summaries cannot give this for an upsert
 * table: they count data-file records and delete records, not rows.
 */
public final class LiveRows {
  private LiveRows() {}

  /**
   * The live rows of {@code table} as it was last loaded or refreshed, reading only {@code columns}
   * (every column when empty: a full read).
   */
  public static long count(Table table, List<String> columns) {
    IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(table);
    if (!columns.isEmpty()) {
      scan = scan.select(columns);
    }
    long rows = 0;
    try (CloseableIterable<Record> records = scan.build()) {
      for (Record ignored : records) {
        rows++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read the rows of " + table.name(), e);
    }
    return rows;
  }
}
