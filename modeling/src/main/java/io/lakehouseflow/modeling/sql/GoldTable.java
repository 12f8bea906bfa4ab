package io.lakehouseflow.modeling.sql;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.layer.LayerColumn;
import io.lakehouseflow.core.layer.LayerSchema;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * A gold table: its layout (from {@code LayerSchemas}) with the primary key as identifier fields,
 * and upserts on, so streaming retractions become equality deletes.
 */
public record GoldTable(LayerSchema layout) {

  /** Table properties of every gold table (format v2 is the catalog's default for all tables). */
  public static final Map<String, String> PROPERTIES =
      Map.of(TableProperties.UPSERT_ENABLED, "true");

  public GoldTable {
    Objects.requireNonNull(layout, "layout");
  }

  public TableIdentifier id() {
    return layout.table();
  }

  /** The primary-key columns, in order. */
  public List<String> primaryKey() {
    return layout.columnNames(LayerColumn.Role.KEY);
  }

  /** The Iceberg schema, with the primary key as identifier fields. */
  public Schema schema() {
    return layout.icebergSchema();
  }

  /** The column names, in order. */
  public List<String> columnNames() {
    return layout.columnNames();
  }

  /** Creates the table unless it exists; an existing table must have this layout's columns. */
  public void createIfAbsent(LakehouseCatalog catalog) {
    catalog.createTableIfAbsent(layout, PROPERTIES);
  }
}
