package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.Compression;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A format whose files are text (CSV, JSON Lines): decoded in a character set, possibly compressed,
 * read up to a readable length that ends after a line break ({@link TextFiles}), each record known
 * by the line it starts on.
 */
interface TextRecordFormat extends RecordFormat {

  /** How the source says its files are compressed (AUTO: by extension). */
  Compression compression();

  /** The option that sets {@link #compression}, for error messages: {@code csv.compression}. */
  String compressionOption();

  /** The character set the files are decoded with. */
  Charset charset();

  /**
   * Whether a file names its columns before a job reads it ({@link #header}): a CSV file's first
   * record, a JSON file's fields.
   */
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

  /** The values of the first {@code maxRecords} records of {@code text}, as {@link #sample}. */
  List<Map<String, SampledValue>> sample(Reader text, boolean complete, int maxRecords)
      throws IOException;

  @Override
  default List<Map<String, SampledValue>> sample(LandingFile file, Instant judgedAt, int maxRecords)
      throws IOException {
    return TextFiles.sample(this, file, judgedAt, maxRecords);
  }

  @Override
  default FileRecords records(
      LandingFile file, String sourceFile, long lastEmittedLine, boolean parse, Instant judgedAt)
      throws IOException {
    return TextFiles.records(this, file, sourceFile, lastEmittedLine, parse, judgedAt);
  }

  /** A header names its columns without typing them: each is a string. */
  @Override
  default List<ColumnSpec> header(LandingFile file, Instant judgedAt) throws IOException {
    return TextFiles.header(this, file, judgedAt).stream()
        .map(name -> new ColumnSpec(name, ColumnType.STRING))
        .toList();
  }

  @Override
  default boolean readsAsHeader(List<String> header, List<String> columns) {
    return CsvRecordParser.isHeaderOf(header, columns);
  }
}
