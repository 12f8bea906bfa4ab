package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one landing file's records ({@link FileRecords}, of the source's {@link RecordFormat}) up
 * to its split's length, skipping the records up to a resume point, and emits a bronze row per
 * record positioned at its number in the file: the line it starts on (text), its row number
 * (Parquet).
 */
final class LandingFileReader implements BulkFormat.Reader<RowData> {
  private static final Logger LOG = LoggerFactory.getLogger(LandingFileReader.class);
  private static final int BATCH_SIZE = 512;

  private final FileRecords records;
  private final String sourceFile;
  private final BronzeRow rows;

  private LandingFileReader(FileRecords records, String sourceFile, BronzeRow rows) {
    this.records = records;
    this.sourceFile = sourceFile;
    this.rows = rows;
  }

  /**
   * Opens {@code split}'s file, reads its header if the format has one, and positions it after the
   * records numbered up to {@code lastEmittedLine} (0 to read from the start). Rows are built in
   * {@code layout}; reading ends at {@code split.length()} bytes. Whether the file has settled, and
   * so what it holds is final, is judged at {@code judgedAt}.
   */
  static LandingFileReader open(
      RecordFormat format,
      LayerSchema layout,
      FileSourceSplit split,
      String sourceFile,
      long lastEmittedLine,
      Instant judgedAt)
      throws IOException {
    LandingFile file =
        new LandingFile(
            split.path(), split.fileSize(), split.fileModificationTime(), split.length());
    return new LandingFileReader(
        format.records(file, sourceFile, lastEmittedLine, true, judgedAt),
        sourceFile,
        new BronzeRow(layout, format.columnNames(), sourceFile, split));
  }

  /**
   * The records a reader of {@code file} emits after {@code lastEmittedLine}, within its readable
   * length, counted by the very rules {@link #readBatch} reads them with, without parsing their
   * values.
   */
  static long countLines(
      RecordFormat format, LandingFile file, long lastEmittedLine, Instant judgedAt)
      throws IOException {
    try (FileRecords records =
        format.records(file, file.path().toString(), lastEmittedLine, false, judgedAt)) {
      long count = 0;
      while (records.next()) {
        count++;
      }
      return count;
    }
  }

  /** The columns {@code file} names before its records, as {@link RecordFormat#header}. */
  static List<ColumnSpec> header(RecordFormat format, LandingFile file, Instant judgedAt)
      throws IOException {
    return format.header(file, judgedAt);
  }

  @Override
  public BulkFormat.RecordIterator<RowData> readBatch() throws IOException {
    List<RecordAndPosition<RowData>> batch = new ArrayList<>(BATCH_SIZE);
    TimestampData ingestedAt = TimestampData.fromEpochMillis(System.currentTimeMillis());
    while (batch.size() < BATCH_SIZE && records.next()) {
      long line = records.startLine();
      ParsedRecord parsed;
      try {
        parsed = records.parse();
      } catch (NewColumnsException e) {
        // A JSON record naming a field its table lacks: the job stops, as LandingBulkFormat's
        // readers do at a CSV header, so that the next start adds the column.
        throw new SuppressRestartsException(e);
      }
      String raw = parsed.isCorrupt() ? records.rawText() : null;
      batch.add(new RecordAndPosition<>(rows.of(raw, parsed, line, ingestedAt), line, 0));
    }
    if (batch.isEmpty() && records.withheld()) {
      LOG.info(
          "{}: the record starting on line {} is cut by the end of what is read (a quote is still"
              + " open) and the file may still grow; it is read once the file holds all of it or"
              + " has settled",
          sourceFile,
          records.startLine());
    }
    return batch.isEmpty() ? null : new RecordBatch(batch);
  }

  @Override
  public void close() throws IOException {
    records.close();
  }

  /** One batch of parsed records; nothing to recycle since rows are not reused. */
  private static final class RecordBatch implements BulkFormat.RecordIterator<RowData> {
    private final List<RecordAndPosition<RowData>> records;
    private int next;

    RecordBatch(List<RecordAndPosition<RowData>> records) {
      this.records = records;
    }

    @Override
    public RecordAndPosition<RowData> next() {
      return next < records.size() ? records.get(next++) : null;
    }

    @Override
    public void releaseBatch() {}
  }
}
