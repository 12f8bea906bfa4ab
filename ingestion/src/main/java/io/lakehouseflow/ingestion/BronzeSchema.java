package io.lakehouseflow.ingestion;

import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.TableColumns;
import io.lakehouseflow.core.spec.SourceSpec;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.flink.FlinkSchemaUtil;

/**
 * The schema of {@code bronze.<source>}: the declared columns with their declared types, all
 * nullable (a line that does not parse keeps its data columns NULL), then the metadata columns
 * {@code _corrupt_record}, {@code _parse_error}, {@code _source_file}, {@code _record_number},
 * {@code _file_modification_time}, {@code _file_size} and {@code _ingested_at}. Declared once here
 * so the reader, the table and the transforms job agree.
 */
public final class BronzeSchema {

  private BronzeSchema() {}

  /** The Iceberg schema of {@code bronze.<source>}. */
  public static Schema of(SourceSpec source) {
    return TableColumns.of(source.columns())
        .metadata(
            MetadataColumns.CORRUPT_RECORD,
            "Raw text of a line that did not parse; NULL for lines that did")
        .metadata(
            MetadataColumns.PARSE_ERROR, "Why the line did not parse: file, line, field and value")
        .metadata(MetadataColumns.SOURCE_FILE, "Landing file, as <landing>/<source path>/<file>")
        .metadata(MetadataColumns.RECORD_NUMBER, "1-based physical line number in the landing file")
        .metadata(MetadataColumns.FILE_MODIFICATION_TIME)
        .metadata(MetadataColumns.FILE_SIZE)
        .metadata(MetadataColumns.INGESTED_AT)
        .schema();
  }

  /** The Flink row type of the records written to {@code bronze.<source>}. */
  public static RowType rowType(SourceSpec source) {
    return FlinkSchemaUtil.convert(of(source));
  }
}
