package io.lakehouseflow.deploy.lineage;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.spec.ModelSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.modeling.GoldPlan;
import io.lakehouseflow.modeling.sql.GoldTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.planner.operations.PlannerQueryOperation;
import org.apache.flink.table.types.utils.TypeConversions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which columns of the tables a SQL model reads each of its columns comes from, as Flink's planner
 * derives them: every model is planned, in planning order, over tables of the gold layer's columns
 * (no data, no catalog), and Calcite's column origins of its query name, per output column, the
 * input columns it is copied or computed from. A model another reads is registered with its own
 * output columns, so lineage stops at the nearest model, as it does table by table.
 *
 * <p>Derivable is what the planner traces through projections, filters, joins and aggregates; a
 * column computed from no input column (a literal, {@code COUNT(*)}) has no origin and no entry. A
 * model the planner cannot plan here contributes nothing; its table-level edges stay.
 */
final class ModelColumns {
  private static final Logger LOG = LoggerFactory.getLogger(ModelColumns.class);

  // Only for planning: a source connector that needs no options. Nothing is ever read.
  private static final String CONNECTOR = "datagen";

  private ModelColumns() {}

  /** The column lineage of every model of {@code spec}; empty when it has none. */
  static List<ColumnLineage> of(PipelineSpec spec) {
    if (spec.models().isEmpty()) {
      return List.of();
    }
    TableEnvironment env =
        TableEnvironment.create(
            EnvironmentSettings.newInstance()
                .inBatchMode()
                .withBuiltInCatalogName(LakehouseCatalog.NAME)
                .withBuiltInDatabaseName(TableNames.GOLD)
                .build());
    for (GoldTable table : GoldPlan.of(spec).tables()) {
      register(env, table.id().name(), schema(table.layout()));
    }
    List<ColumnLineage> out = new ArrayList<>();
    for (ModelSpec model : spec.models().values()) {
      try {
        Table query = env.sqlQuery(model.sql());
        out.addAll(lineage(model, query));
        register(env, model.name(), query.getResolvedSchema());
      } catch (RuntimeException e) {
        LOG.debug("No column lineage for model {}: {}", model.name(), e.toString());
      }
    }
    return out;
  }

  private static List<ColumnLineage> lineage(ModelSpec model, Table query) {
    QueryOperation operation = query.getQueryOperation();
    if (!(operation instanceof PlannerQueryOperation planned)) {
      return List.of();
    }
    RelNode rel = planned.getCalciteTree();
    RelMetadataQuery metadata = rel.getCluster().getMetadataQuery();
    String to = TableNames.model(model.name()).toString();
    List<String> columns = query.getResolvedSchema().getColumnNames();
    List<ColumnLineage> out = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      Set<RelColumnOrigin> origins = metadata.getColumnOrigins(rel, i);
      if (origins == null) {
        continue;
      }
      Set<String> sorted = new TreeSet<>();
      for (RelColumnOrigin origin : origins) {
        List<String> name = origin.getOriginTable().getQualifiedName();
        String table = TableNames.GOLD + "." + name.get(name.size() - 1);
        String column =
            origin
                .getOriginTable()
                .getRowType()
                .getFieldNames()
                .get(origin.getOriginColumnOrdinal());
        String how = origin.isDerived() ? "computed by the model's query" : "copied";
        sorted.add(table + "\u0000" + column + "\u0000" + how);
      }
      for (String origin : sorted) {
        String[] parts = origin.split("\u0000");
        out.add(new ColumnLineage(parts[0], parts[1], to, columns.get(i), parts[2]));
      }
    }
    return out;
  }

  private static Schema schema(LayerSchema layout) {
    return Schema.newBuilder()
        .fromRowDataType(TypeConversions.fromLogicalToDataType(layout.rowType()))
        .build();
  }

  private static void register(TableEnvironment env, String name, Schema schema) {
    // Bounded, as a batch plan requires.
    env.createTemporaryTable(
        name,
        TableDescriptor.forConnector(CONNECTOR)
            .schema(schema)
            .option("number-of-rows", "1")
            .build());
  }

  private static void register(TableEnvironment env, String name, ResolvedSchema schema) {
    register(env, name, Schema.newBuilder().fromResolvedSchema(schema).build());
  }
}
