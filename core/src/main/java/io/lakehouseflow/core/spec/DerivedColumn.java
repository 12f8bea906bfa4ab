package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * A silver column computed from the row: a Flink SQL expression over the silver columns before it
 * (renamed, standardised, cast, defaulted, and the derived columns declared earlier).
 *
 * @param name the column's name
 * @param expression the Flink SQL expression
 * @param type the column's type: declared, or the expression's own type, as Flink's planner infers
 *     it when the spec is loaded
 */
public record DerivedColumn(String name, String expression, ColumnType type)
    implements Serializable {

  public DerivedColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(type, "type");
  }
}
