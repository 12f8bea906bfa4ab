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
public final class AvroRecordFormat implements RecordFormat {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(AvroRecordFormat.class);

  private final SchemaColumns columns;
  private final Duration settle;

  private AvroRecordFormat(SourceSpec source) {
    this.columns = new SchemaColumns(source);
    this.settle = source.settle();
  }

  /** A format for the Avro container files of {@code source}, with its {@code avro:} options. */
  public static AvroRecordFormat of(SourceSpec source) {
    return new AvroRecordFormat(source);
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
            "{} is Avro and has not settled: it is read once it has been unmodified for {}",
            sourceFile,
            settle);
      }
      return SchemaFileRecords.none();
    }
    return AvroFileRecords.open(columns, file, sourceFile, lastEmittedLine, parse);
  }

  /** An Avro file's schema names and types its columns; it can never be data. */
  @Override
  public boolean readsAsHeader(List<String> header, List<String> columns) {
    return true;
  }

  /**
   * The fields of {@code file}'s record schema, typed by {@link AvroFields#typeOf} (records,
   * arrays, maps as strings: they are kept as JSON text); empty until it has settled, and for a
   * file that is not Avro (its reader keeps it as a corrupt row).
   */
  @Override
  public List<ColumnSpec> header(LandingFile file, Instant judgedAt) throws IOException {
    if (!isReadable(file, judgedAt) || file.isPipe()) {
      // A pipe is read once, by the job.
      return List.of();
    }
    try {
      return AvroFileRecords.fields(file).stream()
          .map(f -> new ColumnSpec(f.name(), f.type()))
          .toList();
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "{} is not readable as Avro ({}); its schema names no column, and bronze keeps the file"
              + " as a corrupt row",
          file.path(),
          e.toString());
      return List.of();
    }
  }

  /** Whether {@code file} is whole and settled (or a pipe its writer closed). */
  private boolean isReadable(LandingFile file, Instant judgedAt) {
    return file.isPipe() || (file.isComplete() && file.isSettled(settle, judgedAt));
  }
}
