package io.lakehouseflow.transforms;

import static io.lakehouseflow.core.catalog.MetadataColumns.CORRUPT_RECORD;
import static io.lakehouseflow.core.catalog.MetadataColumns.FAILED_EXPECTATIONS;
import static io.lakehouseflow.core.catalog.MetadataColumns.INGESTED_AT;
import static io.lakehouseflow.core.catalog.MetadataColumns.PARSE_ERROR;
import static io.lakehouseflow.core.catalog.MetadataColumns.QUARANTINED_AT;
import static io.lakehouseflow.core.catalog.MetadataColumns.RECORD_NUMBER;
import static io.lakehouseflow.core.catalog.MetadataColumns.SOURCE_FILE;

import io.lakehouseflow.core.catalog.TableColumns;
import io.lakehouseflow.core.spec.ColumnSpec;
import java.util.List;
import org.apache.iceberg.Schema;

/**
 * The Iceberg schemas of a silver table and its quarantine table. Every column is optional: a
 * quarantined row may lack any value, and silver columns come from nullable bronze columns.
 */
public final class SilverSchemas {
  private SilverSchemas() {}

  /** Data columns, then {@code _source_file}, {@code _record_number}, {@code _ingested_at}. */
  public static Schema silver(List<ColumnSpec> dataColumns) {
    return TableColumns.of(dataColumns)
        .metadata(SOURCE_FILE)
        .metadata(RECORD_NUMBER)
        .metadata(INGESTED_AT)
        .schema();
  }

  /**
   * Data columns, then {@code _corrupt_record}, {@code _parse_error}, {@code _failed_expectations},
   * {@code _source_file}, {@code _record_number}, {@code _ingested_at}, {@code _quarantined_at}.
   */
  public static Schema quarantine(List<ColumnSpec> dataColumns) {
    return TableColumns.of(dataColumns)
        .metadata(CORRUPT_RECORD)
        .metadata(PARSE_ERROR)
        .metadata(FAILED_EXPECTATIONS)
        .metadata(SOURCE_FILE)
        .metadata(RECORD_NUMBER)
        .metadata(INGESTED_AT)
        .metadata(QUARANTINED_AT)
        .schema();
  }
}
