package io.lakehouseflow.ingestion.format;

import com.github.luben.zstd.ZstdInputStream;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.spec.Compression;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one landing file's records ({@link FileRecords}, of the source's {@link RecordFormat}), in
 * the source's encoding and compression, up to its split's length, skipping blank lines and the
 * records up to a resume point, and emits a bronze row per record positioned at the line it starts
 * on.
 *
 * <p>Reading stops at the split's length, which ends after a line break unless the file has
 * settled, so a file that grows while it is read never yields a half line. A record cut by that
 * length (a CSV quote still open at the end of a file that has not settled) is not emitted: the
 * next read, of the file grown or settled, emits it. A compressed file is read only whole, once it
 * has settled; until then it yields nothing.
 */
final class LandingFileReader implements BulkFormat.Reader<RowData> {
  private static final Logger LOG = LoggerFactory.getLogger(LandingFileReader.class);
  private static final int BATCH_SIZE = 512;
  private static final int READ_BUFFER = 1 << 16;

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
   * records that start on or before {@code lastEmittedLine} (0 to read from the start). Rows are
   * built in {@code layout}; reading ends at {@code split.length()} bytes. Whether the file has
   * settled, and so what it holds is final, is judged at {@code judgedAt}.
   */
  static LandingFileReader open(
      RecordFormat format,
      LayerSchema layout,
      FileSourceSplit split,
      String sourceFile,
      long lastEmittedLine,
      Instant judgedAt)
      throws IOException {
    return open(
        format,
        new LandingFile(
            split.path(), split.fileSize(), split.fileModificationTime(), split.length()),
        sourceFile,
        new BronzeRow(layout, format.columnNames(), sourceFile, split),
        lastEmittedLine,
        judgedAt);
  }

  /**
   * The records a reader of {@code file} emits after {@code lastEmittedLine}, within its readable
   * length, counted by the very rules {@link #readBatch} reads them with, without parsing their
   * values.
   */
  static long countLines(
      RecordFormat format, LandingFile file, long lastEmittedLine, Instant judgedAt)
      throws IOException {
    try (LandingFileReader reader =
        open(format, file, file.path().toString(), null, lastEmittedLine, judgedAt)) {
      long count = 0;
      while (reader.records.next()) {
        count++;
      }
      return count;
    }
  }

  /**
   * The names {@code file}'s header gives its columns, trimmed; empty when the format has no
   * header, the file holds no record yet, or it is compressed and has not settled (it is looked at
   * again by the run that reads it).
   */
  static List<String> header(RecordFormat format, LandingFile file, Instant judgedAt)
      throws IOException {
    Compression compression = format.compression().forFile(file.path().getName());
    boolean complete = isFinal(file, compression, format.settle(), judgedAt);
    if (!format.hasHeader() || file.isPipe() || (compression != Compression.NONE && !complete)) {
      return List.of();
    }
    return format.header(
        new InputStreamReader(open(file, compression, format), format.charset()), complete);
  }

  private static LandingFileReader open(
      RecordFormat format,
      LandingFile file,
      String sourceFile,
      BronzeRow rows,
      long lastEmittedLine,
      Instant judgedAt)
      throws IOException {
    Compression compression = format.compression().forFile(file.path().getName());
    boolean complete = isFinal(file, compression, format.settle(), judgedAt);
    Reader text;
    if (compression != Compression.NONE && !complete) {
      // A compressed stream cannot be cut at a line break: it waits until it has settled.
      if (rows != null) {
        LOG.info(
            "{} is {} and has not settled: it is read once it has been unmodified for {}",
            sourceFile,
            compression.name().toLowerCase(Locale.ROOT),
            format.settle());
      }
      text = Reader.nullReader();
    } else {
      text = new InputStreamReader(open(file, compression, format), format.charset());
    }
    FileRecords records;
    try {
      records = format.records(text, complete, sourceFile, lastEmittedLine, rows != null);
    } catch (IOException | RuntimeException e) {
      text.close();
      throw e;
    }
    return new LandingFileReader(records, sourceFile, rows);
  }

  /**
   * Whether what {@code file}'s readable part holds is final (or it is a pipe, read until its
   * writer closed it). A plain file is final when all of it is read: it ends with a line break, or
   * its unterminated last line has settled. A CSV quote still open at its end is then malformed,
   * not cut: a file ending with a line break is one the next run may skip unopened (see {@code
   * CommittedLines.holdsAllOf}), so nothing of it may be left for later. Only a readable part that
   * stops short of the file's end (its last line unterminated and not settled) cuts a record, which
   * the next read of the grown or settled file emits. A compressed file is final once settled.
   */
  private static boolean isFinal(
      LandingFile file, Compression compression, Duration settle, Instant judgedAt) {
    if (file.isPipe()) {
      return true;
    }
    if (compression == Compression.NONE) {
      return file.isComplete();
    }
    return file.isComplete() && file.isSettled(settle, judgedAt);
  }

  private static InputStream open(LandingFile file, Compression compression, RecordFormat format)
      throws IOException {
    FileSystem fs = file.path().getFileSystem();
    InputStream bytes = new BufferedInputStream(fs.open(file.path()), READ_BUFFER);
    try {
      return switch (compression) {
        case GZIP -> new GZIPInputStream(bytes, READ_BUFFER);
        case ZSTD -> new BufferedInputStream(new ZstdInputStream(bytes), READ_BUFFER);
        case NONE, AUTO ->
            BoundedInputStream.builder()
                .setInputStream(bytes)
                .setMaxCount(file.readableLength())
                .get();
      };
    } catch (IOException | RuntimeException e) {
      bytes.close();
      String name = compression.name().toLowerCase(Locale.ROOT);
      throw new IOException(
          "Failed to open "
              + file.path()
              + " as "
              + name
              + ": "
              + e.getMessage()
              + ". Check that the file is "
              + name
              + "-compressed, or set "
              + format.compressionOption()
              + " of its source.",
          e);
    }
  }

  @Override
  public BulkFormat.RecordIterator<RowData> readBatch() throws IOException {
    List<RecordAndPosition<RowData>> batch = new ArrayList<>(BATCH_SIZE);
    TimestampData ingestedAt = TimestampData.fromEpochMillis(System.currentTimeMillis());
    while (batch.size() < BATCH_SIZE && records.next()) {
      long line = records.startLine();
      ParsedRecord parsed = records.parse();
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
