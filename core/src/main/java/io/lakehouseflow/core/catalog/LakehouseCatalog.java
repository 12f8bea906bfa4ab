package io.lakehouseflow.core.catalog;

import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.spec.CatalogSpec;
import io.lakehouseflow.core.spec.CatalogType;
import java.io.Closeable;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.TableLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's Iceberg catalog, seen three ways: a serializable {@link CatalogLoader} for
 * DataStream sources and sinks, a Flink SQL catalog named {@value #NAME}, and an Iceberg {@link
 * Catalog} for creating tables. Relative warehouse paths resolve against the data directory.
 */
public final class LakehouseCatalog implements Serializable, Closeable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(LakehouseCatalog.class);

  /** The catalog's name in Flink SQL; {@code USE CATALOG} makes {@code silver.bookings} resolve. */
  public static final String NAME = "lakehouse";

  private final Map<String, String> properties;
  private transient Catalog catalog;

  private LakehouseCatalog(Map<String, String> properties) {
    this.properties = Map.copyOf(properties);
  }

  /** The catalog a spec declares, with its warehouse resolved against {@code layout}. */
  public static LakehouseCatalog of(CatalogSpec spec, DataLayout layout) {
    Map<String, String> props = new LinkedHashMap<>(spec.properties());
    props.put(CatalogProperties.WAREHOUSE_LOCATION, layout.location(spec.warehouse()));
    if (spec.type() == CatalogType.JDBC) {
      props.putIfAbsent(CatalogProperties.CATALOG_IMPL, "org.apache.iceberg.jdbc.JdbcCatalog");
    } else {
      props.put("catalog-type", spec.type().name().toLowerCase(java.util.Locale.ROOT));
    }
    return new LakehouseCatalog(props);
  }

  /** A serializable loader, for DataStream sources and sinks shipped to task managers. */
  public CatalogLoader loader() {
    Map<String, String> props = new LinkedHashMap<>(properties);
    org.apache.hadoop.conf.Configuration hadoopConf = new org.apache.hadoop.conf.Configuration();
    String type = props.remove("catalog-type");
    if (props.containsKey(CatalogProperties.CATALOG_IMPL)) {
      return CatalogLoader.custom(
          NAME, props, hadoopConf, props.get(CatalogProperties.CATALOG_IMPL));
    }
    return "rest".equals(type)
        ? CatalogLoader.rest(NAME, hadoopConf, props)
        : CatalogLoader.hadoop(NAME, hadoopConf, props);
  }

  public TableLoader tableLoader(TableIdentifier id) {
    return TableLoader.fromCatalog(loader(), id);
  }

  /** The Iceberg catalog, loaded once per JVM instance of this object. */
  public synchronized Catalog catalog() {
    if (catalog == null) {
      catalog = loader().loadCatalog();
    }
    return catalog;
  }

  /** The options of {@code CREATE CATALOG lakehouse WITH (...)}. */
  public Map<String, String> flinkCatalogOptions() {
    Map<String, String> options = new LinkedHashMap<>(properties);
    options.put("type", "iceberg");
    return options;
  }

  /** Registers this catalog in {@code tableEnv} as {@value #NAME} and makes it current. */
  public void registerIn(TableEnvironment tableEnv) {
    tableEnv.executeSql(
        "CREATE CATALOG IF NOT EXISTS "
            + NAME
            + " WITH ("
            + SqlQuoting.properties(flinkCatalogOptions())
            + ")");
    tableEnv.useCatalog(NAME);
  }

  public boolean tableExists(TableIdentifier id) {
    return catalog().tableExists(id);
  }

  public Table loadTable(TableIdentifier id) {
    return catalog().loadTable(id);
  }

  /**
   * Loads the table {@code layout} describes, creating it first (with its namespace) when absent.
   * Tables are Iceberg format v2; the layout's key columns become the table's identifier fields,
   * the key of upsert writes. An existing table must have the layout's columns.
   */
  public Table createTableIfAbsent(LayerSchema layout, Map<String, String> props) {
    TableIdentifier id = layout.table();
    Schema schema = layout.icebergSchema();
    Catalog c = catalog();
    if (c.tableExists(id)) {
      return requireColumns(c.loadTable(id), schema);
    }
    if (c instanceof SupportsNamespaces namespaces) {
      Namespace ns = id.namespace();
      if (!namespaces.namespaceExists(ns)) {
        try {
          namespaces.createNamespace(ns);
        } catch (AlreadyExistsException e) {
          // another job created it concurrently
        }
      }
    }
    Map<String, String> tableProps = new LinkedHashMap<>(props);
    tableProps.putIfAbsent(TableProperties.FORMAT_VERSION, "2");
    try {
      Table table = c.createTable(id, schema, PartitionSpec.unpartitioned(), tableProps);
      LOG.info("Created table {} with {} columns", id, schema.columns().size());
      return table;
    } catch (AlreadyExistsException e) {
      return requireColumns(c.loadTable(id), schema);
    }
  }

  /**
   * {@code table}, when its columns have the names and types, in order, of {@code expected} (field
   * ids are not compared: a catalog may assign its own). A table written under an older spec fails
   * here, before a job would write rows into the wrong columns.
   */
  static Table requireColumns(Table table, Schema expected) {
    List<String> actual = describe(table.schema());
    List<String> wanted = describe(expected);
    if (!actual.equals(wanted)) {
      throw new IllegalStateException(
          "Cannot write "
              + table.name()
              + ": its columns "
              + actual
              + " differ from the columns the pipeline spec gives it "
              + wanted
              + ". Restore the spec, or drop the table to rebuild it from its inputs"
              + " (./lakehouse query \"DROP TABLE "
              + table.name().substring(table.name().indexOf('.') + 1)
              + "\").");
    }
    return table;
  }

  private static List<String> describe(Schema schema) {
    return schema.columns().stream().map(f -> f.name() + " " + f.type()).toList();
  }

  @Override
  public synchronized void close() {
    if (catalog instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to close Iceberg catalog " + NAME, e);
      }
    }
    catalog = null;
  }
}
