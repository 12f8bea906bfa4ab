package io.lakehouseflow.ingestion.format;

import static io.lakehouseflow.core.catalog.MetadataColumns.CORRUPT_RECORD;
import static io.lakehouseflow.core.catalog.MetadataColumns.FILE_MODIFICATION_TIME;
import static io.lakehouseflow.core.catalog.MetadataColumns.FILE_SIZE;
import static io.lakehouseflow.core.catalog.MetadataColumns.INGESTED_AT;
import static io.lakehouseflow.core.catalog.MetadataColumns.PARSE_ERROR;
import static io.lakehouseflow.core.catalog.MetadataColumns.RECORD_NUMBER;
import static io.lakehouseflow.core.catalog.MetadataColumns.RESCUED_DATA;
import static io.lakehouseflow.core.catalog.MetadataColumns.SOURCE_FILE;

import io.lakehouseflow.core.layer.LayerSchema;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/**
 * Builds the bronze rows of one landing file in the layout of its bronze table: each parsed value
 * at its declared column's position, the raw record and the reason at {@code _corrupt_record} and
 * {@code _parse_error} for a record that did not parse, what no column could hold at {@code
 * _rescued_data}, and the file's lineage columns. Positions come from the layout by name; a layout
 * column this writer does not know stays NULL.
 */
final class BronzeRow {
  private final int arity;
  private final int[] dataPositions;
  private final int corruptRecord;
  private final int parseError;
  private final int rescuedData;
  private final int sourceFilePosition;
  private final int recordNumber;
  private final int modificationTimePosition;
  private final int fileSizePosition;
  private final int ingestedAt;

  private final StringData sourceFile;
  private final TimestampData modificationTime;
  private final long fileSize;

  /**
   * @param columnNames the parser's columns, in the order of its values
   */
  BronzeRow(LayerSchema layout, String[] columnNames, String sourceFile, FileSourceSplit split) {
    this.arity = layout.arity();
    this.dataPositions = new int[columnNames.length];
    for (int i = 0; i < columnNames.length; i++) {
      dataPositions[i] = layout.position(columnNames[i]);
    }
    this.corruptRecord = layout.position(CORRUPT_RECORD);
    this.parseError = layout.position(PARSE_ERROR);
    this.rescuedData = layout.position(RESCUED_DATA);
    this.sourceFilePosition = layout.position(SOURCE_FILE);
    this.recordNumber = layout.position(RECORD_NUMBER);
    this.modificationTimePosition = layout.position(FILE_MODIFICATION_TIME);
    this.fileSizePosition = layout.position(FILE_SIZE);
    this.ingestedAt = layout.position(INGESTED_AT);
    this.sourceFile = StringData.fromString(sourceFile);
    this.modificationTime = TimestampData.fromEpochMillis(split.fileModificationTime());
    this.fileSize = split.fileSize();
  }

  /**
   * @param rawText the record as written, kept for a corrupt record (may be null otherwise)
   * @param lineNumber the line the record starts on
   */
  GenericRowData of(
      String rawText, ParsedRecord parsed, long lineNumber, TimestampData ingestedTime) {
    GenericRowData row = new GenericRowData(arity);
    if (parsed.isCorrupt()) {
      row.setField(corruptRecord, StringData.fromString(rawText));
      row.setField(parseError, StringData.fromString(parsed.error()));
    } else {
      Object[] values = parsed.values();
      for (int i = 0; i < dataPositions.length; i++) {
        row.setField(dataPositions[i], values[i]);
      }
      if (parsed.rescued() != null) {
        row.setField(rescuedData, StringData.fromString(parsed.rescued()));
      }
    }
    row.setField(sourceFilePosition, sourceFile);
    row.setField(recordNumber, lineNumber);
    row.setField(modificationTimePosition, modificationTime);
    row.setField(fileSizePosition, fileSize);
    row.setField(ingestedAt, ingestedTime);
    return row;
  }
}
