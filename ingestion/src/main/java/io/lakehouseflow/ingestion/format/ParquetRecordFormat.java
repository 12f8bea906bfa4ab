package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.Type;

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
public final class ParquetRecordFormat extends SchemaFileFormat {
  private static final long serialVersionUID = 1L;

  private ParquetRecordFormat(SourceSpec source) {
    super("Parquet", source);
  }

  /** A format for the Parquet files of {@code source}, with its {@code parquet:} options. */
  public static ParquetRecordFormat of(SourceSpec source) {
    return new ParquetRecordFormat(source);
  }

  @Override
  FileRecords open(
      SchemaColumns columns,
      LandingFile file,
      String sourceFile,
      long lastEmittedLine,
      boolean parse)
      throws IOException {
    return ParquetFileRecords.open(columns, file, sourceFile, lastEmittedLine, parse);
  }

  /** The top-level fields, typed by {@link ParquetFields#typeOf}. */
  @Override
  List<ColumnSpec> schema(LandingFile file) throws IOException {
    List<ColumnSpec> columns = new ArrayList<>();
    try (ParquetFileReader reader = ParquetFileRecords.reader(file)) {
      for (Type field : reader.getFileMetaData().getSchema().getFields()) {
        columns.add(new ColumnSpec(field.getName(), ParquetFields.typeOf(field)));
      }
    }
    return columns;
  }
}
