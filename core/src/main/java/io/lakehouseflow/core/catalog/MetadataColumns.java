package io.lakehouseflow.core.catalog;

import java.util.Map;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Names of the columns the pipeline adds beside the data columns. A leading underscore keeps them
 * apart from source columns.
 */
public final class MetadataColumns {
  /** Landing file the record came from (bronze, silver, quarantine). */
  public static final String SOURCE_FILE = "_source_file";

  /** 1-based line of the record in its landing file (bronze, silver, quarantine). */
  public static final String RECORD_NUMBER = "_record_number";

  /** Modification time of the landing file (bronze). */
  public static final String FILE_MODIFICATION_TIME = "_file_modification_time";

  /** Size in bytes of the landing file (bronze). */
  public static final String FILE_SIZE = "_file_size";

  /** When the record was appended to bronze (bronze, silver, quarantine). */
  public static final String INGESTED_AT = "_ingested_at";

  /**
   * The raw text of a record that did not parse; NULL for records that did (bronze, quarantine).
   */
  public static final String CORRUPT_RECORD = "_corrupt_record";

  /** Why the record did not parse: file, line, field and value (bronze, quarantine). */
  public static final String PARSE_ERROR = "_parse_error";

  /** Comma-separated names of the expectations a quarantined row failed (quarantine). */
  public static final String FAILED_EXPECTATIONS = "_failed_expectations";

  /** When the row was quarantined (quarantine). */
  public static final String QUARANTINED_AT = "_quarantined_at";

  /** The built-in rule name recorded for bronze records that did not parse. */
  public static final String CORRUPT_RECORD_RULE = "corrupt_record";

  private static final Map<String, Type> TYPES =
      Map.of(
          SOURCE_FILE, Types.StringType.get(),
          RECORD_NUMBER, Types.LongType.get(),
          FILE_MODIFICATION_TIME, Types.TimestampType.withZone(),
          FILE_SIZE, Types.LongType.get(),
          INGESTED_AT, Types.TimestampType.withZone(),
          CORRUPT_RECORD, Types.StringType.get(),
          PARSE_ERROR, Types.StringType.get(),
          FAILED_EXPECTATIONS, Types.StringType.get(),
          QUARANTINED_AT, Types.TimestampType.withZone());

  private MetadataColumns() {}

  /**
   * The Iceberg type of a metadata column, declared once so every layer that carries it (bronze,
   * silver, quarantine) stores the same type.
   */
  public static Type type(String column) {
    Type type = TYPES.get(column);
    if (type == null) {
      throw new IllegalArgumentException(
          "Cannot find metadata column '" + column + "' (declared: " + TYPES.keySet() + ")");
    }
    return type;
  }
}
