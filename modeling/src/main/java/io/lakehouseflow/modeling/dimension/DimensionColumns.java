package io.lakehouseflow.modeling.dimension;

import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.modeling.sql.SilverColumns;
import io.lakehouseflow.modeling.sql.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns a dimension reads from its silver table: natural key, attributes, tracked attributes
 * and sequence column, as the validated spec gives them.
 */
final class DimensionColumns {
  private final DimensionSpec spec;
  private final SilverColumns silver;
  private final List<String> attributes;
  private final List<String> tracked;

  private DimensionColumns(DimensionSpec spec, SilverColumns silver) {
    this.spec = spec;
    this.silver = silver;
    // The loader guarantees attributes hold neither key nor sequence columns and that an SCD2
    // dimension tracks at least one attribute (absent track means all attributes).
    this.attributes = spec.attributes();
    this.tracked = spec.tracked();
  }

  static DimensionColumns of(PipelineSpec pipeline, DimensionSpec spec) {
    return new DimensionColumns(
        spec, SilverColumns.of(pipeline, spec.source(), "gold dimension " + spec.name()));
  }

  DimensionSpec spec() {
    return spec;
  }

  List<String> key() {
    return spec.key();
  }

  List<String> attributes() {
    return attributes;
  }

  List<String> tracked() {
    return tracked;
  }

  String sequence() {
    return spec.sequenceBy();
  }

  ColumnType type(String column) {
    return silver.type(column);
  }

  /** Key, attributes, sequence: the columns of one change. */
  List<String> dataColumns() {
    List<String> columns = new ArrayList<>(key());
    columns.addAll(attributes);
    columns.add(sequence());
    return columns;
  }

  /** The name of a temporary view of this dimension: {@code dim_<name>__<step>}. */
  String view(String step) {
    return TableNames.dimension(spec.name()).name() + "__" + step;
  }

  /** The silver rows with a complete key and sequence value. */
  String completeRows() {
    return Sql.notNull(null, key()) + " AND " + Sql.quote(sequence()) + " IS NOT NULL";
  }

  /** {@code CAST(f.`x` AS <key type>), ...}: fact columns as the dimension's key types. */
  String castToKeyTypes(String alias, List<String> factColumns) {
    List<String> casts = new ArrayList<>();
    for (int i = 0; i < key().size(); i++) {
      casts.add(
          "CAST("
              + Sql.column(alias, factColumns.get(i))
              + " AS "
              + type(key().get(i)).sqlType()
              + ")");
    }
    return String.join(", ", casts);
  }
}
