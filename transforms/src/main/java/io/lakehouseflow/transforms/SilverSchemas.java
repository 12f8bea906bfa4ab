package io.lakehouseflow.transforms;

import static io.lakehouseflow.core.catalog.MetadataColumns.CORRUPT_RECORD;
import static io.lakehouseflow.core.catalog.MetadataColumns.FAILED_EXPECTATIONS;
import static io.lakehouseflow.core.catalog.MetadataColumns.INGESTED_AT;
import static io.lakehouseflow.core.catalog.MetadataColumns.PARSE_ERROR;
import static io.lakehouseflow.core.catalog.MetadataColumns.QUARANTINED_AT;
import static io.lakehouseflow.core.catalog.MetadataColumns.RECORD_NUMBER;
import static io.lakehouseflow.core.catalog.MetadataColumns.SOURCE_FILE;

import io.lakehouseflow.core.spec.ColumnSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The Iceberg schemas of a silver table and its quarantine table. Every column is optional: a
 * quarantined row may lack any value, and silver columns come from nullable bronze columns.
 */
public final class SilverSchemas {
  private SilverSchemas() {}

  /** Data columns, then {@code _source_file}, {@code _record_number}, {@code _ingested_at}. */
  public static Schema silver(List<ColumnSpec> dataColumns) {
    Columns columns = new Columns();
    dataColumns.forEach(c -> columns.add(c.name(), c.type().icebergType()));
    columns.add(SOURCE_FILE, Types.StringType.get());
    columns.add(RECORD_NUMBER, Types.LongType.get());
    columns.add(INGESTED_AT, Types.TimestampType.withZone());
    return columns.schema();
  }

  /**
   * Data columns, then {@code _corrupt_record}, {@code _parse_error}, {@code _failed_expectations},
   * {@code _source_file}, {@code _record_number}, {@code _ingested_at}, {@code _quarantined_at}.
   */
  public static Schema quarantine(List<ColumnSpec> dataColumns) {
    Columns columns = new Columns();
    dataColumns.forEach(c -> columns.add(c.name(), c.type().icebergType()));
    columns.add(CORRUPT_RECORD, Types.StringType.get());
    columns.add(PARSE_ERROR, Types.StringType.get());
    columns.add(FAILED_EXPECTATIONS, Types.StringType.get());
    columns.add(SOURCE_FILE, Types.StringType.get());
    columns.add(RECORD_NUMBER, Types.LongType.get());
    columns.add(INGESTED_AT, Types.TimestampType.withZone());
    columns.add(QUARANTINED_AT, Types.TimestampType.withZone());
    return columns.schema();
  }

  private static final class Columns {
    private final List<Types.NestedField> fields = new ArrayList<>();

    void add(String name, Type type) {
      fields.add(Types.NestedField.optional(fields.size() + 1, name, type));
    }

    Schema schema() {
      return new Schema(fields);
    }
  }
}
