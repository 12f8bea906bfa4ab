package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A format whose files carry their own schema and are read only whole, once settled (Parquet's
 * footer is written last, Avro's blocks are compressed): the fields of each file map to the
 * declared columns by name ({@link SchemaColumns}), each row is one record numbered by its index in
 * the file + 1. A subclass opens a file's rows and reads its schema; a file that cannot be read as
 * the format once settled is one corrupt row naming the file and the reason, never skipped.
 */
abstract class SchemaFileFormat implements RecordFormat {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SchemaFileFormat.class);

  private final String formatName;
  private final SchemaColumns columns;
  private final Duration settle;

  /**
   * @param formatName how messages name the format: {@code Parquet}, {@code Avro}
   */
  SchemaFileFormat(String formatName, SourceSpec source) {
    this.formatName = formatName;
    this.columns = new SchemaColumns(source);
    this.settle = source.settle();
  }

  /** The rows of a readable {@code file}, after {@code lastEmittedLine}. */
  abstract FileRecords open(
      SchemaColumns columns,
      LandingFile file,
      String sourceFile,
      long lastEmittedLine,
      boolean parse)
      throws IOException;

  /** The top-level fields of a readable {@code file}'s schema, typed as bronze reads them. */
  abstract List<ColumnSpec> schema(LandingFile file) throws IOException;

  @Override
  public String[] columnNames() {
    return columns.columnNames();
  }

  @Override
  public Duration settle() {
    return settle;
  }

  @Override
  public FileRecords records(
      LandingFile file, String sourceFile, long lastEmittedLine, boolean parse, Instant judgedAt)
      throws IOException {
    if (!isReadable(file, judgedAt)) {
      if (parse) {
        LOG.info(
            "{} is {} and has not settled: it is read once it has been unmodified for {}",
            sourceFile,
            formatName,
            settle);
      }
      return SchemaFileRecords.none();
    }
    return open(columns, file, sourceFile, lastEmittedLine, parse);
  }

  /** A file's schema names and types its columns; it can never be data. */
  @Override
  public boolean readsAsHeader(List<String> header, List<String> columns) {
    return true;
  }

  /**
   * The fields of {@code file}'s schema ({@link #schema}; nested ones as strings: they are kept as
   * JSON text); empty until it has settled, for a pipe (read once, by the job), and for a file that
   * is not of this format (its reader keeps it as a corrupt row).
   */
  @Override
  public List<ColumnSpec> header(LandingFile file, Instant judgedAt) throws IOException {
    if (!isReadable(file, judgedAt) || file.isPipe()) {
      return List.of();
    }
    try {
      return schema(file);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "{} is not readable as {} ({}); its schema names no column, and bronze keeps the file"
              + " as a corrupt row",
          file.path(),
          formatName,
          e.toString());
      return List.of();
    }
  }

  /** Whether {@code file} is whole and settled (or a pipe its writer closed). */
  private boolean isReadable(LandingFile file, Instant judgedAt) {
    return file.isPipe() || (file.isComplete() && file.isSettled(settle, judgedAt));
  }
}
