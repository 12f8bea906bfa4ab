package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How one source's files split into records and a record into the values of its declared columns:
 * the part of reading a landing file that depends on its format (CSV and JSON Lines, which are
 * {@link TextRecordFormat text}, Parquet and Avro). Building bronze rows, batching and positioning
 * them are the same for every format ({@link LandingBulkFormat}).
 *
 * <p>Serializable for shipping to task managers.
 */
public interface RecordFormat extends Serializable {

  /** The format the spec declares for {@code source}, with its options. */
  static RecordFormat of(SourceSpec source) {
    return switch (source.format()) {
      case CSV -> CsvRecordParser.of(source);
      case JSON -> JsonRecordParser.of(source);
      case PARQUET -> ParquetRecordFormat.of(source);
      case AVRO -> AvroRecordFormat.of(source);
    };
  }

  /** The declared columns, in the order of a parsed record's values. */
  String[] columnNames();

  /** How long a file must be unmodified before what it holds is final. */
  Duration settle();

  /**
   * The records of {@code file}'s readable part, after those numbered up to {@code lastEmittedLine}
   * (0: from the start); whether the file has settled is judged at {@code judgedAt}.
   *
   * @param sourceFile the file's name, for error messages
   * @param parse whether records will be parsed; when false they are only counted
   */
  FileRecords records(
      LandingFile file, String sourceFile, long lastEmittedLine, boolean parse, Instant judgedAt)
      throws IOException;

  /**
   * The columns {@code file} names before its records (a CSV header, a Parquet schema), read before
   * a job is built so that schema evolution can add the new ones first: typed as the file types
   * them, string where it does not (a CSV header). Empty when the format names none, or the file
   * cannot tell yet (it holds nothing, or is read whole and has not settled).
   */
  List<ColumnSpec> header(LandingFile file, Instant judgedAt) throws IOException;

  /**
   * The values of the first {@code maxRecords} records of {@code file}, each record keyed by the
   * column names its file writes (compared case-insensitively), nulls and empty values left out:
   * what bronze types a column it infers or adds by ({@code infer_types}). Empty for a format whose
   * files type their columns themselves, and when the file cannot tell yet (as {@link #header}).
   */
  default List<Map<String, SampledValue>> sample(LandingFile file, Instant judgedAt, int maxRecords)
      throws IOException {
    return List.of();
  }

  /**
   * Whether {@code header}, the columns a file named, is read as its header against {@code
   * columns}, so that schema evolution takes new columns from it: a CSV first record may be data
   * instead ({@link CsvRecordParser#isHeaderOf}).
   */
  boolean readsAsHeader(List<String> header, List<String> columns);
}
