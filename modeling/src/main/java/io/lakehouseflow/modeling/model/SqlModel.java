package io.lakehouseflow.modeling.model;

import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.layer.LayerColumn;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.spec.ModelSpec;
import io.lakehouseflow.modeling.sql.GoldTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.types.Type;

/**
 * A SQL model as the planner compiled it: its spec and, unless it is a view, its gold table, whose
 * columns are the query's in order with the Iceberg type of each, the unique key as the table's key
 * and the model's column descriptions as column docs.
 */
public record SqlModel(ModelSpec spec, Optional<GoldTable> table) {

  /**
   * The model {@code spec} whose query the planner resolved to {@code columns}.
   *
   * @throws IllegalArgumentException naming the model's file, when its unique key or a documented
   *     column is not a column of the query, or a column has a type Iceberg cannot hold
   */
  public static SqlModel of(ModelSpec spec, ResolvedSchema columns) {
    List<String> names = columns.getColumnNames();
    for (String key : spec.uniqueKey()) {
      if (!names.contains(key)) {
        throw invalid(
            spec,
            "unique_key column '"
                + key
                + "' is not a column of the query (columns: "
                + names
                + "). Fix unique_key in the model's YAML, or select the column.");
      }
    }
    for (String documented : spec.columns().keySet()) {
      if (!names.contains(documented)) {
        throw invalid(
            spec,
            "the model's YAML describes column '"
                + documented
                + "', which the query does not return (columns: "
                + names
                + "). Fix the name under 'columns:'.");
      }
    }
    if (!spec.materialized().hasTable()) {
      return new SqlModel(spec, Optional.empty());
    }
    List<LayerColumn> layout = new ArrayList<>();
    for (Column column : columns.getColumns()) {
      LogicalType type = column.getDataType().getLogicalType();
      Type iceberg;
      try {
        iceberg = FlinkSchemaUtil.convert(type);
      } catch (RuntimeException e) {
        throw invalid(
            spec,
            "column '"
                + column.getName()
                + "' has type "
                + type
                + ", which an Iceberg table cannot hold ("
                + e.getMessage()
                + "). CAST it to a type of the spec (string, bigint, decimal, timestamp, ...).");
      }
      boolean key = spec.uniqueKey().contains(column.getName());
      layout.add(
          new LayerColumn(
              column.getName(),
              iceberg,
              key ? LayerColumn.Role.KEY : LayerColumn.Role.DATA,
              spec.columnDoc(column.getName()).orElse(null)));
    }
    return new SqlModel(
        spec, Optional.of(new GoldTable(LayerSchema.of(TableNames.model(spec.name()), layout))));
  }

  /** The model's rows' gold table or view, in Flink SQL: {@code `gold`.`name`}. */
  public String path() {
    return TableNames.sql(TableNames.model(spec.name()));
  }

  /**
   * The failure of Flink's planner on {@code spec}'s query, naming the model's file: the first line
   * of Flink's message, which says where; the parser's further lines list every token it would have
   * accepted.
   */
  public static IllegalArgumentException unplannable(ModelSpec spec, RuntimeException failure) {
    String message = String.valueOf(failure.getMessage()).lines().findFirst().orElse("").strip();
    return invalid(
        spec,
        "Flink cannot plan its query: "
            + (message.endsWith(".") ? message : message + ".")
            + " Fix the SELECT; it reads gold tables and models as gold.<name>.");
  }

  /** A failure of this model's query, naming its file. */
  public static IllegalArgumentException invalid(ModelSpec spec, String message) {
    return new IllegalArgumentException("Invalid model " + spec.file() + ": " + message);
  }
}
