package io.lakehouseflow.ingestion.format;

import com.github.luben.zstd.ZstdInputStream;
import io.lakehouseflow.core.spec.Compression;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the text of one landing file of a {@link TextRecordFormat}, in the source's encoding and
 * compression, up to its readable length, which ends after a line break unless the file has
 * settled, so a file that grows while it is read never yields a half line. A record cut by that
 * length (a CSV quote still open at the end of a file that has not settled) is not emitted: the
 * next read, of the file grown or settled, emits it. A compressed file is read only whole, once it
 * has settled; until then it yields nothing.
 */
final class TextFiles {
  private static final Logger LOG = LoggerFactory.getLogger(TextFiles.class);
  private static final int READ_BUFFER = 1 << 16;

  private TextFiles() {}

  /**
   * The records of {@code file} after those that start on or before {@code lastEmittedLine} (0 to
   * read from the start), its header read first if the format has one. Whether the file has
   * settled, and so what it holds is final, is judged at {@code judgedAt}.
   */
  static FileRecords records(
      TextRecordFormat format,
      LandingFile file,
      String sourceFile,
      long lastEmittedLine,
      boolean parse,
      Instant judgedAt)
      throws IOException {
    Compression compression = format.compression().forFile(file.path().getName());
    boolean complete = isFinal(file, compression, format.settle(), judgedAt);
    Reader text;
    if (compression != Compression.NONE && !complete) {
      // A compressed stream cannot be cut at a line break: it waits until it has settled.
      if (parse) {
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
    try {
      return format.records(text, complete, sourceFile, lastEmittedLine, parse);
    } catch (IOException | RuntimeException e) {
      text.close();
      throw e;
    }
  }

  /**
   * The names {@code file}'s header gives its columns, trimmed; empty when the format has no
   * header, the file holds no record yet, or it is compressed and has not settled (it is looked at
   * again by the run that reads it).
   */
  static List<String> header(TextRecordFormat format, LandingFile file, Instant judgedAt)
      throws IOException {
    return readBeforeJob(format, file, judgedAt, format::header, List.of());
  }

  /**
   * The values of the first {@code maxRecords} records of {@code file} ({@link
   * TextRecordFormat#sample}), when its header can be read ({@link #header}); empty otherwise.
   */
  static List<Map<String, SampledValue>> sample(
      TextRecordFormat format, LandingFile file, Instant judgedAt, int maxRecords)
      throws IOException {
    return readBeforeJob(
        format,
        file,
        judgedAt,
        (text, complete) -> format.sample(text, complete, maxRecords),
        List.of());
  }

  /**
   * What {@code reading} gives of {@code file}'s text, read by the client before a job: {@code
   * none} when the format names no columns before its records, for a pipe (the job reads it once),
   * and for a compressed file that has not settled (the run that reads it looks again).
   */
  private static <T> T readBeforeJob(
      TextRecordFormat format, LandingFile file, Instant judgedAt, TextReading<T> reading, T none)
      throws IOException {
    Compression compression = format.compression().forFile(file.path().getName());
    boolean complete = isFinal(file, compression, format.settle(), judgedAt);
    if (!format.hasHeader() || file.isPipe() || (compression != Compression.NONE && !complete)) {
      return none;
    }
    return reading.read(
        new InputStreamReader(open(file, compression, format), format.charset()), complete);
  }

  private interface TextReading<T> {
    T read(Reader text, boolean complete) throws IOException;
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

  private static InputStream open(
      LandingFile file, Compression compression, TextRecordFormat format) throws IOException {
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
}
