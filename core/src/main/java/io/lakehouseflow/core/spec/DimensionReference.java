package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A fact's reference to a dimension: the fact columns that hold the dimension's natural key, in the
 * order of the dimension's {@code key}, under a role name. The role names the surrogate key column
 * ({@code <role>_sk}), so one fact can reference a dimension several times (an origin and a
 * destination airport); it defaults to the dimension's name.
 */
public record DimensionReference(String dimension, List<String> columns, String role)
    implements Serializable {
  public DimensionReference {
    Objects.requireNonNull(dimension, "dimension");
    columns = List.copyOf(columns);
    Objects.requireNonNull(role, "role");
  }

  /** A reference under the dimension's own name. */
  public DimensionReference(String dimension, List<String> columns) {
    this(dimension, columns, dimension);
  }

  /** The fact column holding the referenced row's surrogate key, {@code <role>_sk}. */
  public String surrogateKey() {
    return role + "_sk";
  }
}
