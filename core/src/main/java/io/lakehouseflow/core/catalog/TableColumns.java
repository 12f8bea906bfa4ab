package io.lakehouseflow.core.catalog;

import io.lakehouseflow.core.spec.ColumnSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * Builds the Iceberg schema of an append-only layer table (bronze, silver, quarantine): declared
 * data columns, then metadata columns with the types {@link MetadataColumns} declares, numbered in
 * order and all optional, since any value of a kept-but-broken row may be missing.
 */
public final class TableColumns {
  private final List<Types.NestedField> fields = new ArrayList<>();

  private TableColumns() {}

  /** A schema starting with {@code dataColumns}, in order. */
  public static TableColumns of(List<ColumnSpec> dataColumns) {
    TableColumns columns = new TableColumns();
    dataColumns.forEach(c -> columns.add(c.name(), c.type().icebergType(), null));
    return columns;
  }

  /** Adds metadata column {@code name}. */
  public TableColumns metadata(String name) {
    return add(name, MetadataColumns.type(name), null);
  }

  /** Adds metadata column {@code name} with a description kept in the table's schema. */
  public TableColumns metadata(String name, String doc) {
    return add(name, MetadataColumns.type(name), doc);
  }

  public Schema schema() {
    return new Schema(fields);
  }

  private TableColumns add(String name, org.apache.iceberg.types.Type type, String doc) {
    fields.add(Types.NestedField.optional(fields.size() + 1, name, type, doc));
    return this;
  }
}
