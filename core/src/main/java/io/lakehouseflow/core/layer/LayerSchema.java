package io.lakehouseflow.core.layer;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.types.Types;

/**
 * The columns of one layer table, in order: the single source of their order, the table's Iceberg
 * {@link Schema}, the Flink {@link RowType} of the rows written to it, and the position of each
 * column by name. Writers and readers address columns through {@link #position(String)}, never by
 * arithmetic on counts, so adding a column to a layer changes only its declaration in {@link
 * LayerSchemas}.
 *
 * <p>Key columns are required and become the table's identifier fields (the key of upserts); all
 * other columns are optional, since any value of a kept-but-broken row may be missing.
 */
public final class LayerSchema implements Serializable {
  private static final long serialVersionUID = 1L;

  // TableIdentifier is not serializable; the layout ships to task managers inside operators.
  private final String table;
  private final List<LayerColumn> columns;
  private final Map<String, Integer> positions;

  private LayerSchema(TableIdentifier table, List<LayerColumn> columns) {
    this.table = table.toString();
    this.columns = List.copyOf(columns);
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < this.columns.size(); i++) {
      String name = this.columns.get(i).name();
      if (byName.put(name, i) != null) {
        throw new IllegalArgumentException(
            "Invalid layout of "
                + table
                + ": column '"
                + name
                + "' appears twice (columns: "
                + names(this.columns)
                + ")");
      }
    }
    this.positions = Map.copyOf(byName);
  }

  /** The layout of {@code table}: {@code columns} in order. */
  public static LayerSchema of(TableIdentifier table, List<LayerColumn> columns) {
    Objects.requireNonNull(table, "table");
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("Invalid layout of " + table + ": no columns");
    }
    return new LayerSchema(table, columns);
  }

  public TableIdentifier table() {
    return TableIdentifier.parse(table);
  }

  public List<LayerColumn> columns() {
    return columns;
  }

  /** Every column name, in order. */
  public List<String> columnNames() {
    return names(columns);
  }

  /** The names of the columns of {@code role}, in order. */
  public List<String> columnNames(LayerColumn.Role role) {
    return names(columns.stream().filter(c -> c.role() == role).toList());
  }

  /** Number of columns, the arity of a row of this table. */
  public int arity() {
    return columns.size();
  }

  public boolean contains(String column) {
    return positions.containsKey(column);
  }

  /**
   * The 0-based position of {@code column} in a row of this table.
   *
   * @throws IllegalArgumentException naming the table's columns when it has no such column
   */
  public int position(String column) {
    Integer position = positions.get(column);
    if (position == null) {
      throw new IllegalArgumentException(
          "Cannot find column '" + column + "' in " + table + " (columns: " + columnNames() + ")");
    }
    return position;
  }

  /** The column named {@code column}; see {@link #position}. */
  public LayerColumn column(String column) {
    return columns.get(position(column));
  }

  /** The Iceberg schema: field ids 1..n in column order, key columns as identifier fields. */
  public Schema icebergSchema() {
    List<Types.NestedField> fields = new ArrayList<>();
    for (LayerColumn c : columns) {
      int id = fields.size() + 1;
      fields.add(
          c.role() == LayerColumn.Role.KEY
              ? Types.NestedField.required(id, c.name(), c.type(), c.doc())
              : Types.NestedField.optional(id, c.name(), c.type(), c.doc()));
    }
    Set<Integer> identifiers =
        fields.stream()
            .filter(f -> f.isRequired())
            .map(Types.NestedField::fieldId)
            .collect(Collectors.toSet());
    return new Schema(fields, identifiers);
  }

  /** The Flink row type of the rows of this table. */
  public RowType rowType() {
    return FlinkSchemaUtil.convert(icebergSchema());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LayerSchema other
        && table.equals(other.table)
        && columns.equals(other.columns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, columns);
  }

  @Override
  public String toString() {
    return table + columns.stream().map(c -> c.name() + " " + c.type()).toList().toString();
  }

  private static List<String> names(List<LayerColumn> columns) {
    return columns.stream().map(LayerColumn::name).toList();
  }
}
