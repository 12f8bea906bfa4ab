package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.spec.Compression;
import io.lakehouseflow.core.spec.SourceSpec;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;

/**
 * How the text of one source's files splits into records and a record into the values of its
 * declared columns: the part of reading a landing file that depends on its format (CSV, JSON
 * Lines). Opening, decompressing, bounding a growing file and building bronze rows are the same for
 * every format ({@link LandingBulkFormat}).
 *
 * <p>Serializable for shipping to task managers.
 */
public interface RecordFormat extends Serializable {

  /** The format the spec declares for {@code source}, with its options. */
  static RecordFormat of(SourceSpec source) {
    return switch (source.format()) {
      case CSV -> CsvRecordParser.of(source);
      case JSON -> JsonRecordParser.of(source);
    };
  }

  /** The declared columns, in the order of a parsed record's values. */
  String[] columnNames();

  /** How long a file must be unmodified before what it holds is final. */
  Duration settle();

  /** How the source says its files are compressed (AUTO: by extension). */
  Compression compression();

  /** The option that sets {@link #compression}, for error messages: {@code csv.compression}. */
  String compressionOption();

  /** The character set the files are decoded with. */
  Charset charset();

  /** Whether a file's first record names its columns, read before a job by {@link #header}. */
  boolean hasHeader();

  /**
   * The records of one file's {@code text}, after those that start on or before {@code
   * lastEmittedLine} (0: from the start).
   *
   * @param complete whether the end of {@code text} is the end of its file for good
   * @param sourceFile the file, for error messages
   * @param parse whether records will be parsed; when false they are only counted
   */
  FileRecords records(
      Reader text, boolean complete, String sourceFile, long lastEmittedLine, boolean parse)
      throws IOException;

  /** The column names the header at the start of {@code text} gives, trimmed; empty for none. */
  List<String> header(Reader text, boolean complete) throws IOException;
}
