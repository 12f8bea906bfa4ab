package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;

/**
 * Reads one landing file line by line (UTF-8) up to its split's length, skipping blank lines and
 * the lines up to a resume point, and emits a bronze row per line positioned at its line number.
 * Reading stops at the split's length, which ends after a line break unless the file's last line
 * has settled, so a file that grows while it is read never yields a half line.
 */
final class CsvFileReader implements BulkFormat.Reader<RowData> {
  private static final int BATCH_SIZE = 512;
  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private final BufferedReader lines;
  private final CsvRecordParser parser;
  private final String sourceFile;
  private final BronzeRow rows;
  private CsvRecordParser.FieldLayout layout;
  private long lineNumber;

  /** A header that did not match, kept to be emitted as the file's first corrupt line. */
  private String unmatchedHeader;

  private long unmatchedHeaderNumber;

  /** The number of the line {@link #nextRecordLine} returned last. */
  private long recordNumber;

  private CsvFileReader(
      BufferedReader lines, CsvRecordParser parser, String sourceFile, BronzeRow rows) {
    this.lines = lines;
    this.parser = parser;
    this.sourceFile = sourceFile;
    this.rows = rows;
  }

  /**
   * Opens {@code split}'s file, reads its header if the source has one, and skips to the line after
   * {@code lastEmittedLine} (0 to read from the start). Rows are built in {@code layout}; reading
   * ends at {@code split.length()} bytes.
   */
  static CsvFileReader open(
      CsvRecordParser parser,
      LayerSchema layout,
      FileSourceSplit split,
      String sourceFile,
      long lastEmittedLine)
      throws IOException {
    return open(
        parser,
        split.path(),
        split.length(),
        sourceFile,
        new BronzeRow(layout, parser.columnNames(), sourceFile, split),
        lastEmittedLine);
  }

  /**
   * The lines a reader of {@code file} emits after {@code lastEmittedLine}, within its readable
   * length: its non-blank lines after the header (and the header too when it does not match),
   * counted by the very rules {@link #readBatch} reads them with, without parsing them.
   */
  static long countLines(CsvRecordParser parser, LandingFile file, long lastEmittedLine)
      throws IOException {
    try (CsvFileReader reader =
        open(
            parser,
            file.path(),
            file.readableLength(),
            file.path().toString(),
            null,
            lastEmittedLine)) {
      long count = 0;
      while (reader.nextRecordLine() != null) {
        count++;
      }
      return count;
    }
  }

  private static CsvFileReader open(
      CsvRecordParser parser,
      Path file,
      long readableLength,
      String sourceFile,
      BronzeRow rows,
      long lastEmittedLine)
      throws IOException {
    FileSystem fs = file.getFileSystem();
    InputStream bytes =
        BoundedInputStream.builder()
            .setInputStream(fs.open(file))
            .setMaxCount(readableLength)
            .get();
    BufferedReader lines = new BufferedReader(new InputStreamReader(bytes, StandardCharsets.UTF_8));
    CsvFileReader reader = new CsvFileReader(lines, parser, sourceFile, rows);
    try {
      reader.start(lastEmittedLine);
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
    return reader;
  }

  private void start(long lastEmittedLine) throws IOException {
    if (parser.hasHeader()) {
      String line;
      while ((line = nextLine()) != null && line.isBlank()) {
        // blank lines before the header carry nothing
      }
      layout = line == null ? parser.positional() : parser.fromHeader(line, lineNumber);
      if (line != null && layout.error() != null && lineNumber > lastEmittedLine) {
        unmatchedHeader = line;
        unmatchedHeaderNumber = lineNumber;
      }
    } else {
      layout = parser.positional();
    }
    while (lineNumber < lastEmittedLine && nextLine() != null) {
      // already emitted before the checkpoint or already committed to bronze
    }
  }

  @Override
  public BulkFormat.RecordIterator<RowData> readBatch() throws IOException {
    List<RecordAndPosition<RowData>> batch = new ArrayList<>();
    TimestampData ingestedAt = TimestampData.fromEpochMillis(System.currentTimeMillis());
    String line;
    while (batch.size() < BATCH_SIZE && (line = nextRecordLine()) != null) {
      CsvRecordParser.ParsedLine parsed =
          parser.parse(line, layout, sourceFile + " line " + recordNumber);
      batch.add(
          new RecordAndPosition<>(
              rows.of(line, parsed, recordNumber, ingestedAt), recordNumber, 0));
    }
    return batch.isEmpty() ? null : new LineBatch(batch);
  }

  /**
   * The next line to emit (an unmatched header first, then non-blank lines), or null at the end.
   */
  private String nextRecordLine() throws IOException {
    if (unmatchedHeader != null) {
      String header = unmatchedHeader;
      unmatchedHeader = null;
      recordNumber = unmatchedHeaderNumber;
      return header;
    }
    String line;
    while ((line = nextLine()) != null && line.isBlank()) {
      // blank lines carry nothing
    }
    recordNumber = lineNumber;
    return line;
  }

  private String nextLine() throws IOException {
    String line = lines.readLine();
    if (line == null) {
      return null;
    }
    lineNumber++;
    // Editors on Windows start UTF-8 files with a byte order mark; it is not part of the header.
    return lineNumber == 1 && line.startsWith(BYTE_ORDER_MARK) ? line.substring(1) : line;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }

  /** One batch of parsed lines; nothing to recycle since rows are not reused. */
  private static final class LineBatch implements BulkFormat.RecordIterator<RowData> {
    private final List<RecordAndPosition<RowData>> records;
    private int next;

    LineBatch(List<RecordAndPosition<RowData>> records) {
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
