package io.lakehouseflow.modeling.flow;

import static org.apache.flink.table.api.Expressions.$;
import static org.apache.flink.table.api.Expressions.and;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.spec.Materialization;
import io.lakehouseflow.core.spec.ModelSpec;
import io.lakehouseflow.modeling.model.SqlModel;
import io.lakehouseflow.modeling.sql.GoldTable;
import io.lakehouseflow.modeling.sql.Refresh;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the SQL models into the gold job. A silver table a model reads is the job's own read of it
 * (every row, inserts), registered under the table's name. Each gold table a model reads is the
 * changelog its operator writes to Iceberg, registered as a temporary view under the table's own
 * name ({@code gold.fact_booking}), which shadows the catalog's table: Iceberg's streaming source
 * skips the commits of upsert tables, so gold is never read back. The models are planned in the
 * order of {@link io.lakehouseflow.core.spec.ModelGraph}. A model kept as a table is written by the
 * same Iceberg sink as gold's tables, and the models after it read the changelog written to it, as
 * they read gold's; a view model is a view they plan into their own queries.
 */
final class ModelDataflow {
  private static final Logger LOG = LoggerFactory.getLogger(ModelDataflow.class);

  /** The rows of one gold table as its operator publishes them, with the table's columns. */
  record GoldStream(DataStream<Row> rows, ResolvedSchema schema) {}

  /**
   * Writes a model's rows: the gold job's sink, upserting when {@code upsert} in a streaming job;
   * in a rebuild it appends to the table {@link #prepare} emptied.
   */
  interface Sink {
    void write(DataStream<Row> rows, GoldTable table, ResolvedSchema schema, boolean upsert);
  }

  private final StreamTableEnvironment tableEnv;
  private final LakehouseCatalog catalog;
  private final Refresh refresh;
  private final Map<String, GoldStream> gold;
  private final Function<String, Table> silver;
  private final Set<String> views = new HashSet<>();
  private final Set<String> silverViews = new HashSet<>();
  private final List<SqlModel> models = new ArrayList<>();

  ModelDataflow(
      StreamTableEnvironment tableEnv,
      LakehouseCatalog catalog,
      Refresh refresh,
      Map<String, GoldStream> gold,
      Function<String, Table> silver) {
    this.tableEnv = tableEnv;
    this.catalog = catalog;
    this.refresh = refresh;
    this.gold = new HashMap<>(gold);
    this.silver = silver;
  }

  /**
   * Plans every model of {@code specs} (each after the models it reads) and writes those kept as
   * tables through {@code sink}.
   *
   * @throws IllegalArgumentException naming the model's file when its query cannot be planned
   */
  void build(List<ModelSpec> specs, Sink sink) {
    for (ModelSpec spec : specs) {
      spec.references().forEach(this::registerGold);
      spec.silverReads().forEach(this::registerSilver);
      Table query = plan(spec);
      SqlModel model = SqlModel.of(spec, query.getResolvedSchema());
      if (model.table().isPresent()) {
        // Models reading this one read the rows its table gets, as they read gold's tables,
        // rather than planning its query again with state of their own.
        gold.put(spec.name(), write(spec, model.table().get(), query, sink));
      } else {
        tableEnv.createTemporaryView(model.path(), query);
        views.add(spec.name());
      }
      models.add(model);
    }
  }

  /** The models planned by {@link #build}, in planning order. */
  List<SqlModel> models() {
    return List.copyOf(models);
  }

  private void registerGold(String name) {
    if (!views.add(name)) {
      return;
    }
    GoldStream stream = gold.get(name);
    if (stream == null) {
      // The spec loader checked every reference, and the graph orders models after their reads.
      throw new IllegalStateException("Cannot find gold." + name + " among the gold job's tables");
    }
    Schema schema =
        Schema.newBuilder().fromRowDataType(stream.schema().toPhysicalRowDataType()).build();
    // A rebuild publishes each key's final rows once, as inserts; a streaming job, an exact
    // changelog with the rows it replaces.
    Table rows =
        refresh.streaming()
            ? tableEnv.fromChangelogStream(stream.rows(), schema, ChangelogMode.all())
            : tableEnv.fromDataStream(stream.rows(), schema);
    tableEnv.createTemporaryView(TableNames.sql(TableNames.model(name)), rows);
  }

  /**
   * Registers the rows of silver table {@code name} as the gold job reads them under the table's
   * own name, once for every model that reads it: the catalog's table would be read in batch by a
   * streaming job, and not counted for an available-now run's end.
   */
  private void registerSilver(String name) {
    if (silverViews.add(name)) {
      tableEnv.createTemporaryView(TableNames.sql(TableNames.silver(name)), silver.apply(name));
    }
  }

  private Table plan(ModelSpec spec) {
    try {
      return tableEnv.sqlQuery(spec.sql());
    } catch (RuntimeException e) {
      throw SqlModel.unplannable(spec, e);
    }
  }

  /**
   * Writes the model's rows to its table, in the table's column types, and returns them; rows whose
   * unique key holds NULL are left out, as a key identifies a row.
   */
  private GoldStream write(ModelSpec spec, GoldTable table, Table query, Sink sink) {
    prepare(table);
    RowType columns = FlinkSchemaUtil.convert(table.schema());
    List<Expression> keyed = new ArrayList<>();
    for (String key : spec.uniqueKey()) {
      keyed.add($(key).isNotNull());
    }
    Table kept =
        query.filter(
            keyed.size() == 1
                ? keyed.get(0)
                : and(
                    keyed.get(0),
                    keyed.get(1),
                    keyed.subList(2, keyed.size()).toArray(new Expression[0])));
    List<Expression> typed = new ArrayList<>();
    for (RowType.RowField field : columns.getFields()) {
      typed.add(
          $(field.getName())
              .cast(TypeConversions.fromLogicalToDataType(field.getType().copy(true)))
              .as(field.getName()));
    }
    Table written = kept.select(typed.toArray(new Expression[0]));
    DataStream<Row> rows = tableEnv.toChangelogStream(written);
    sink.write(
        rows,
        table,
        FlinkSchemaUtil.toResolvedSchema(columns),
        spec.materialized() == Materialization.INCREMENTAL);
    return new GoldStream(rows, written.getResolvedSchema());
  }

  /**
   * Creates the model's table, replacing one of other columns or key: its rows are derived, and a
   * changed query also changes the job's plan, so the job recomputes them (see {@code
   * GoldJob.fingerprint}). A rebuild empties the table first: Iceberg cannot replace a table by no
   * rows, which a model's query may well give.
   */
  private void prepare(GoldTable table) {
    TableIdentifier id = table.id();
    if (catalog.tableExists(id)) {
      org.apache.iceberg.Schema existing = catalog.loadTable(id).schema();
      if (!columns(existing).equals(columns(table.schema()))
          || !existing.identifierFieldNames().equals(table.schema().identifierFieldNames())) {
        catalog.catalog().dropTable(id, true);
        LOG.info("Replaced model table {}: its query's columns or unique key changed", id);
      }
    }
    table.createIfAbsent(catalog);
    org.apache.iceberg.Table written = catalog.loadTable(id);
    if (!refresh.streaming() && written.currentSnapshot() != null) {
      written.newDelete().deleteFromRowFilter(Expressions.alwaysTrue()).commit();
      LOG.info("Emptied model table {}: the rebuild writes it again", id);
    }
    if (refresh.streaming()) {
      table.commitEveryCheckpoint(catalog, refresh.kind() == Refresh.Kind.INCREMENTAL);
    }
  }

  private static List<String> columns(org.apache.iceberg.Schema schema) {
    return schema.columns().stream().map(f -> f.name() + " " + f.type()).toList();
  }
}
