package io.lakehouseflow.core.catalog;

import io.lakehouseflow.core.layer.LayerColumn;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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

  /**
   * What a record held that its bronze columns could not: a JSON object from column name to the
   * text as written, for columns the source does not declare ({@code schema_evolution: rescue}) and
   * values that do not fit their column's type; NULL when nothing was rescued (bronze).
   */
  public static final String RESCUED_DATA = "_rescued_data";

  /** Comma-separated names of the expectations a quarantined row failed (quarantine). */
  public static final String FAILED_EXPECTATIONS = "_failed_expectations";

  /** When the row was quarantined (quarantine). */
  public static final String QUARANTINED_AT = "_quarantined_at";

  /**
   * Start of an SCD2 dimension version: the sequence value of the change that opened it (gold).
   * Gold's history columns keep the names analysts expect, without an underscore.
   */
  public static final String VALID_FROM = "valid_from";

  /** End of an SCD2 version: the next version's {@code valid_from}, NULL while current (gold). */
  public static final String VALID_TO = "valid_to";

  /** Whether an SCD2 version is the current one (gold). */
  public static final String IS_CURRENT = "is_current";

  /**
   * Whether an SCD2 version was closed by a delete, or a type 1 member is marked deleted (gold).
   */
  public static final String IS_DELETED = "is_deleted";

  /**
   * A fact's date key: its event date as {@code yyyymmdd}, the key of {@code gold.dim_date}; {@code
   * -1} when the event time is NULL (gold).
   */
  public static final String DATE_SK = "date_sk";

  /** The built-in rule name recorded for bronze records that did not parse. */
  public static final String CORRUPT_RECORD_RULE = "corrupt_record";

  private static final Map<String, LayerColumn> COLUMNS =
      Stream.of(
              declare(SOURCE_FILE, Types.StringType.get(), "Landing file: <landing>/<path>/<file>"),
              declare(RECORD_NUMBER, Types.LongType.get(), "1-based line in the landing file"),
              declare(FILE_MODIFICATION_TIME, Types.TimestampType.withZone(), null),
              declare(FILE_SIZE, Types.LongType.get(), null),
              declare(INGESTED_AT, Types.TimestampType.withZone(), null),
              declare(
                  CORRUPT_RECORD,
                  Types.StringType.get(),
                  "Raw text of a line that did not parse; NULL for lines that did"),
              declare(
                  PARSE_ERROR,
                  Types.StringType.get(),
                  "Why the line did not parse: file, line, field and value"),
              declare(
                  RESCUED_DATA,
                  Types.StringType.get(),
                  "JSON {column: text} of values no column could hold; NULL when none"),
              declare(FAILED_EXPECTATIONS, Types.StringType.get(), null),
              declare(QUARANTINED_AT, Types.TimestampType.withZone(), null),
              declare(VALID_FROM, Types.TimestampType.withoutZone(), null),
              declare(VALID_TO, Types.TimestampType.withoutZone(), null),
              declare(IS_CURRENT, Types.BooleanType.get(), null),
              declare(
                  IS_DELETED,
                  Types.BooleanType.get(),
                  "Closed by a delete (SCD2) or marked deleted (SCD1)"),
              declare(DATE_SK, Types.IntegerType.get(), "Event date as yyyymmdd; -1 when unknown"))
          .collect(Collectors.toUnmodifiableMap(LayerColumn::name, c -> c));

  private MetadataColumns() {}

  /**
   * A metadata column with its type and description, declared once so every layer that carries it
   * (bronze, silver, quarantine, gold) stores the same type.
   */
  public static LayerColumn column(String name) {
    LayerColumn column = COLUMNS.get(name);
    if (column == null) {
      throw new IllegalArgumentException(
          "Cannot find metadata column '" + name + "' (declared: " + COLUMNS.keySet() + ")");
    }
    return column;
  }

  /** The Iceberg type of metadata column {@code name}. */
  public static Type type(String name) {
    return column(name).type();
  }

  private static LayerColumn declare(String name, Type type, String doc) {
    return LayerColumn.metadata(name, type, doc);
  }
}
