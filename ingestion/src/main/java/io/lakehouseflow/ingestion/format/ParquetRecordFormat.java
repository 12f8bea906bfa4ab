package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one source's Parquet files with parquet-hadoop over Flink's file systems (Flink's {@code
 * ParquetInputFile}): top-level fields map to the declared columns by name, case-insensitively as
 * CSV headers do, each row is one record numbered by its index in the file + 1, so that a resume
 * point skips whole row groups by their row counts and then single rows.
 *
 * <p>Why not Flink's {@code ParquetColumnarRowInputFormat}: it reads a fixed row type and fails the
 * whole file on a field whose type differs from it, and it positions by its own batches; bronze
 * needs a value that does not fit to land in {@code _rescued_data} or {@code _parse_error} and the
 * row kept, a new field to trigger schema evolution, and positions that are row numbers.
 *
 * <p>A file is read only whole, once settled (its footer, which says where the rows are, is written
 * last). A file that cannot be read as Parquet once settled is one corrupt row naming the file and
 * the reason, never skipped.
 */
public final class ParquetRecordFormat implements RecordFormat {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ParquetRecordFormat.class);

  private final SchemaColumns columns;
  private final Duration settle;

  private ParquetRecordFormat(SourceSpec source) {
    this.columns = new SchemaColumns(source);
    this.settle = source.settle();
  }

  /** A format for the Parquet files of {@code source}, with its {@code parquet:} options. */
  public static ParquetRecordFormat of(SourceSpec source) {
    return new ParquetRecordFormat(source);
  }

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
            "{} is Parquet and has not settled: it is read once it has been unmodified for {}",
            sourceFile,
            settle);
      }
      return SchemaFileRecords.none();
    }
    return ParquetFileRecords.open(columns, file, sourceFile, lastEmittedLine, parse);
  }

  /** A Parquet file's schema names and types its columns; it can never be data. */
  @Override
  public boolean readsAsHeader(List<String> header, List<String> columns) {
    return true;
  }

  /**
   * The top-level fields of {@code file}'s schema, typed by {@link ParquetFields#typeOf} (groups,
   * lists and maps as strings: they are kept as JSON text); empty until it has settled, and for a
   * file that is not Parquet (its reader keeps it as a corrupt row).
   */
  @Override
  public List<ColumnSpec> header(LandingFile file, Instant judgedAt) throws IOException {
    if (!isReadable(file, judgedAt) || file.isPipe()) {
      return List.of();
    }
    List<ColumnSpec> columns = new ArrayList<>();
    try (ParquetFileReader reader = ParquetFileRecords.reader(file)) {
      for (Type field : reader.getFileMetaData().getSchema().getFields()) {
        columns.add(new ColumnSpec(field.getName(), ParquetFields.typeOf(field)));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "{} is not readable as Parquet ({}); its schema names no column, and bronze keeps the"
              + " file as a corrupt row",
          file.path(),
          e.toString());
      return List.of();
    }
    return columns;
  }

  /** Whether {@code file} is whole and settled, so its footer is there and final. */
  private boolean isReadable(LandingFile file, Instant judgedAt) {
    return file.isPipe() || (file.isComplete() && file.isSettled(settle, judgedAt));
  }
}
