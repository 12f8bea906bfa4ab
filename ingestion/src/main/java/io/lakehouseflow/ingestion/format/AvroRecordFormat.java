package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import java.io.IOException;
import java.util.List;

/**
 * Reads one source's Avro container files with the Avro library Flink's Avro format is built on,
 * over Flink's file systems: the fields of each file's record schema map to the declared columns by
 * name ({@link SchemaRowParser}), each record is one row numbered by its index in the file + 1, so
 * that a resume point skips whole blocks by their record counts and then single records.
 *
 * <p>Why not Flink's {@code AvroInputFormat}: it reads into one reader schema and positions by its
 * own block offsets; bronze needs each file's own schema (to add or rescue new fields), a value
 * that does not fit kept in {@code _rescued_data} or {@code _parse_error}, and positions that are
 * row numbers.
 *
 * <p>A file is read only whole, once settled (its blocks are compressed). A file that cannot be
 * read as Avro once settled is one corrupt row naming the file and the reason, never skipped.
 */
public final class AvroRecordFormat extends SchemaFileFormat {
  private static final long serialVersionUID = 1L;

  private AvroRecordFormat(SourceSpec source) {
    super("Avro", source);
  }

  /** A format for the Avro container files of {@code source}, with its {@code avro:} options. */
  public static AvroRecordFormat of(SourceSpec source) {
    return new AvroRecordFormat(source);
  }

  @Override
  FileRecords open(
      SchemaColumns columns,
      LandingFile file,
      String sourceFile,
      long lastEmittedLine,
      boolean parse)
      throws IOException {
    return AvroFileRecords.open(columns, file, sourceFile, lastEmittedLine, parse);
  }

  /** The fields of the file's record schema, typed by {@link AvroFields#typeOf}. */
  @Override
  List<ColumnSpec> schema(LandingFile file) throws IOException {
    return AvroFileRecords.fields(file).stream()
        .map(f -> new ColumnSpec(f.name(), f.type()))
        .toList();
  }
}
