package io.lakehouseflow.modeling.sql;

import static io.lakehouseflow.core.catalog.CommitterProperties.MAX_CONTINUOUS_EMPTY_COMMITS;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.layer.LayerColumn;
import io.lakehouseflow.core.layer.LayerSchema;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
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

  /**
   * Whether the job about to write this table commits every checkpoint, changes or not. An
   * incremental run does, as it waits for each table's commit of the checkpoint it ends on, and a
   * table without changes would otherwise commit nothing; a continuous run does not, as a commit
   * per checkpoint and table would add a snapshot every interval to tables nothing changed. The
   * committer reads the property when its job starts, so this is set before submission.
   */
  public void commitEveryCheckpoint(LakehouseCatalog catalog, boolean every) {
    Table table = catalog.loadTable(id());
    boolean set = "1".equals(table.properties().get(MAX_CONTINUOUS_EMPTY_COMMITS));
    if (every && !set) {
      table.updateProperties().set(MAX_CONTINUOUS_EMPTY_COMMITS, "1").commit();
    } else if (!every && set) {
      table.updateProperties().remove(MAX_CONTINUOUS_EMPTY_COMMITS).commit();
    }
  }
}
