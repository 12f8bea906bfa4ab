package io.lakehouseflow.ingestion.discovery;

import io.lakehouseflow.core.catalog.MetadataColumns;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * How far each landing file is already in bronze: the highest {@code _record_number} committed per
 * {@code _source_file}, and the largest size the file had while it was read. Iceberg commits a
 * prefix of every file per checkpoint, so every line up to that number is in bronze and none after
 * it, which makes this an exact resume point for runs that start without a Flink checkpoint.
 *
 * @param lastLine the last committed line per file name
 * @param fileSize the largest {@code _file_size} seen per file name; a file now smaller was
 *     replaced
 */
public record CommittedLines(Map<String, Long> lastLine, Map<String, Long> fileSize)
    implements Serializable {
  public CommittedLines {
    lastLine = Map.copyOf(lastLine);
    fileSize = Map.copyOf(fileSize);
  }

  /** What {@code bronze} holds of each file, read from its current snapshot. */
  public static CommittedLines of(Table bronze) {
    Map<String, Long> lastLine = new HashMap<>();
    Map<String, Long> fileSize = new HashMap<>();
    if (bronze.currentSnapshot() == null) {
      return new CommittedLines(lastLine, fileSize);
    }
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(bronze)
            .select(
                MetadataColumns.SOURCE_FILE,
                MetadataColumns.RECORD_NUMBER,
                MetadataColumns.FILE_SIZE)
            .build()) {
      for (Record row : rows) {
        String file = (String) row.getField(MetadataColumns.SOURCE_FILE);
        Long line = (Long) row.getField(MetadataColumns.RECORD_NUMBER);
        Long size = (Long) row.getField(MetadataColumns.FILE_SIZE);
        if (file != null && line != null) {
          lastLine.merge(file, line, Math::max);
        }
        if (file != null && size != null) {
          fileSize.merge(file, size, Math::max);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Failed to read committed lines of " + bronze.name() + ". Check the table's files.", e);
    }
    return new CommittedLines(lastLine, fileSize);
  }
}
