package io.lakehouseflow.ingestion.format;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/**
 * Builds one bronze row: the declared columns' values (all NULL for a corrupt line), then {@code
 * _corrupt_record}, {@code _parse_error}, {@code _source_file}, {@code _record_number}, {@code
 * _file_modification_time}, {@code _file_size}, {@code _ingested_at}, the order of {@code
 * BronzeSchema}.
 */
final class BronzeRow {
  static final int METADATA_COLUMNS = 7;

  private final int dataColumns;
  private final StringData sourceFile;
  private final TimestampData modificationTime;
  private final long fileSize;

  BronzeRow(int dataColumns, String sourceFile, FileSourceSplit split) {
    this.dataColumns = dataColumns;
    this.sourceFile = StringData.fromString(sourceFile);
    this.modificationTime = TimestampData.fromEpochMillis(split.fileModificationTime());
    this.fileSize = split.fileSize();
  }

  GenericRowData of(
      String line, CsvRecordParser.ParsedLine parsed, long lineNumber, TimestampData ingestedAt) {
    GenericRowData row = new GenericRowData(dataColumns + METADATA_COLUMNS);
    if (parsed.isCorrupt()) {
      row.setField(dataColumns, StringData.fromString(line));
      row.setField(dataColumns + 1, StringData.fromString(parsed.error()));
    } else {
      Object[] values = parsed.values();
      for (int i = 0; i < dataColumns; i++) {
        row.setField(i, values[i]);
      }
    }
    row.setField(dataColumns + 2, sourceFile);
    row.setField(dataColumns + 3, lineNumber);
    row.setField(dataColumns + 4, modificationTime);
    row.setField(dataColumns + 5, fileSize);
    row.setField(dataColumns + 6, ingestedAt);
    return row;
  }
}
