package io.lakehouseflow.core.catalog;

import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.ResetCommandLine;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.spec.CatalogSpec;
import io.lakehouseflow.core.spec.CatalogType;
import java.io.Closeable;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkCatalog;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.types.Types;
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
  private final DataLayout layout;
  // The spec's file, for the reset command a refusal suggests; null when the catalog has no spec.
  private final String pipelineLocation;
  private transient Catalog catalog;

  private LakehouseCatalog(
      Map<String, String> properties, DataLayout layout, String pipelineLocation) {
    this.properties = Map.copyOf(properties);
    this.layout = layout;
    this.pipelineLocation = pipelineLocation;
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
    return new LakehouseCatalog(ObjectStore.withS3Defaults(props), layout, null);
  }

  /**
   * This catalog, known to belong to the pipeline read from {@code pipelineLocation}: its messages
   * then suggest the complete {@code ./lakehouse reset} command.
   */
  public LakehouseCatalog forPipeline(String pipelineLocation) {
    return new LakehouseCatalog(properties, layout, pipelineLocation);
  }

  /** The data directory relative locations resolve against. */
  public DataLayout layout() {
    return layout;
  }

  /** The spec's file this catalog was declared in, when known. */
  public java.util.Optional<String> pipelineLocation() {
    return java.util.Optional.ofNullable(pipelineLocation);
  }

  /** The warehouse location, resolved against the data directory. */
  public String warehouse() {
    return properties.get(CatalogProperties.WAREHOUSE_LOCATION);
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

  /**
   * Registers this catalog in {@code tableEnv} as {@value #NAME} and makes it current.
   *
   * <p>The Flink catalog is created here, not by {@code CREATE CATALOG}: Flink's factory discovery
   * can find Iceberg's factory through a class loader of the Flink CLI other than the job's, where
   * the Hadoop classes an application jar bundles are not visible ({@code NoClassDefFoundError:
   * org/apache/hadoop/conf/Configuration} under {@code flink run}). Built from this class, the
   * catalog and Hadoop come from the same loader as the job's code.
   */
  public void registerIn(TableEnvironment tableEnv) {
    if (tableEnv.getCatalog(NAME).isEmpty()) {
      // As FlinkCatalogFactory builds it from the same options: default database, no base
      // namespace, Iceberg's table cache on without expiry.
      tableEnv.registerCatalog(
          NAME,
          new FlinkCatalog(
              NAME, "default", Namespace.empty(), loader(), flinkCatalogOptions(), true, -1));
    }
    tableEnv.useCatalog(NAME);
  }

  /**
   * Every table in the catalog, bronze first, then silver, then gold, then any other namespace,
   * each by name; empty when the warehouse holds none yet (or does not exist yet).
   */
  public List<TableIdentifier> tables() {
    Catalog c = catalog();
    List<Namespace> namespaces = new ArrayList<>();
    if (c instanceof SupportsNamespaces withNamespaces) {
      try {
        namespaces.addAll(withNamespaces.listNamespaces());
      } catch (NoSuchNamespaceException | RuntimeIOException e) {
        return List.of(); // a Hadoop warehouse directory not created yet
      }
    } else {
      List.of(TableNames.BRONZE, TableNames.SILVER, TableNames.GOLD)
          .forEach(ns -> namespaces.add(Namespace.of(ns)));
    }
    List<TableIdentifier> tables = new ArrayList<>();
    for (Namespace ns : namespaces) {
      try {
        tables.addAll(c.listTables(ns));
      } catch (NoSuchNamespaceException e) {
        // removed meanwhile, or never created in a catalog without namespaces
      }
    }
    List<String> layers = List.of(TableNames.BRONZE, TableNames.SILVER, TableNames.GOLD);
    tables.sort(
        Comparator.comparingInt(
                (TableIdentifier id) -> {
                  int layer = layers.indexOf(id.namespace().toString());
                  return layer < 0 ? layers.size() : layer;
                })
            .thenComparing(TableIdentifier::toString));
    return tables;
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
      return requireColumns(c.loadTable(id), id, schema);
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
      return requireColumns(c.loadTable(id), id, schema);
    }
  }

  /**
   * As {@link #createTableIfAbsent}, but an existing table that lacks some of the layout's columns
   * gains them first, each at its place in the layout, in one schema change: a bronze table whose
   * source gained a column, a silver or quarantine table whose bronze did, a table written before a
   * release added a metadata column. Existing rows read NULL there. Columns are only ever added:
   * one of another type, or one the layout does not hold, still fails.
   */
  public Table createOrExtendTable(LayerSchema layout, Map<String, String> props) {
    TableIdentifier id = layout.table();
    Catalog c = catalog();
    if (!c.tableExists(id)) {
      return createTableIfAbsent(layout, props);
    }
    Schema wanted = layout.icebergSchema();
    Table table = c.loadTable(id);
    for (int attempt = 1; ; attempt++) {
      List<Types.NestedField> missing =
          wanted.columns().stream()
              .filter(f -> table.schema().findField(f.name()) == null)
              .toList();
      if (missing.isEmpty()) {
        return requireColumns(table, id, wanted);
      }
      UpdateSchema update = table.updateSchema();
      String previous = null;
      for (Types.NestedField field : wanted.columns()) {
        if (table.schema().findField(field.name()) == null) {
          update.addColumn(field.name(), field.type(), field.doc());
          if (previous == null) {
            update.moveFirst(field.name());
          } else {
            update.moveAfter(field.name(), previous);
          }
        }
        previous = field.name();
      }
      try {
        update.commit();
        LOG.info(
            "Added columns {} to table {}",
            missing.stream().map(Types.NestedField::name).toList(),
            id);
      } catch (CommitFailedException e) {
        // Another job extended it at the same time: look again at what it holds now.
        if (attempt >= 3) {
          throw e;
        }
      }
      table.refresh();
    }
  }

  /**
   * {@code table}, when its columns have the names and types, in order, of {@code expected} (field
   * ids are not compared: a catalog may assign its own). A table written under an older spec fails
   * here, before a job would write rows into the wrong columns.
   */
  private Table requireColumns(Table table, TableIdentifier id, Schema expected) {
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
              + ". Restore the spec, or rebuild the table from its inputs: "
              + ResetCommandLine.forTable(pipelineLocation, layout, id)
              + (TableNames.BRONZE.equals(id.namespace().level(0))
                  ? " (rebuilds every layer from the landing files)."
                  : "."));
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
