package io.lakehouseflow.ingestion;

import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.types.Types;

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
    List<Types.NestedField> fields = new ArrayList<>();
    int id = 1;
    for (ColumnSpec column : source.columns()) {
      fields.add(Types.NestedField.optional(id++, column.name(), column.type().icebergType()));
    }
    fields.add(
        Types.NestedField.optional(
            id++,
            MetadataColumns.CORRUPT_RECORD,
            Types.StringType.get(),
            "Raw text of a line that did not parse; NULL for lines that did"));
    fields.add(
        Types.NestedField.optional(
            id++,
            MetadataColumns.PARSE_ERROR,
            Types.StringType.get(),
            "Why the line did not parse: file, line, field and value"));
    fields.add(
        Types.NestedField.optional(
            id++,
            MetadataColumns.SOURCE_FILE,
            Types.StringType.get(),
            "Landing file, as <landing>/<source path>/<file>"));
    fields.add(
        Types.NestedField.optional(
            id++,
            MetadataColumns.RECORD_NUMBER,
            Types.LongType.get(),
            "1-based physical line number in the landing file"));
    fields.add(
        Types.NestedField.optional(
            id++, MetadataColumns.FILE_MODIFICATION_TIME, Types.TimestampType.withZone()));
    fields.add(Types.NestedField.optional(id++, MetadataColumns.FILE_SIZE, Types.LongType.get()));
    fields.add(
        Types.NestedField.optional(
            id, MetadataColumns.INGESTED_AT, Types.TimestampType.withZone()));
    return new Schema(fields);
  }

  /** The Flink row type of the records written to {@code bronze.<source>}. */
  public static RowType rowType(SourceSpec source) {
    return FlinkSchemaUtil.convert(of(source));
  }
}
