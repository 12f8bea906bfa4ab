package io.lakehouseflow.ingestion.discovery;

import io.lakehouseflow.core.catalog.MetadataColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * How far each landing file is already in bronze: the highest {@code _record_number} committed per
 * {@code _source_file}. Iceberg commits a prefix of every file per checkpoint, so every line up to
 * that number is in bronze and none after it, which makes this an exact resume point for runs that
 * start without a Flink checkpoint.
 */
public final class CommittedLines {
  private CommittedLines() {}

  /** The last committed line of each file in {@code bronze}, read from its current snapshot. */
  public static Map<String, Long> of(Table bronze) {
    Map<String, Long> lastLine = new HashMap<>();
    if (bronze.currentSnapshot() == null) {
      return lastLine;
    }
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(bronze)
            .select(MetadataColumns.SOURCE_FILE, MetadataColumns.RECORD_NUMBER)
            .build()) {
      for (Record row : rows) {
        String file = (String) row.getField(MetadataColumns.SOURCE_FILE);
        Long line = (Long) row.getField(MetadataColumns.RECORD_NUMBER);
        if (file != null && line != null) {
          lastLine.merge(file, line, Math::max);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Failed to read committed lines of " + bronze.name() + ". Check the table's files.", e);
    }
    return lastLine;
  }
}
