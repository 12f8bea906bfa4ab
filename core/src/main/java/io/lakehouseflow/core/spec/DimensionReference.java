package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A fact's reference to a dimension: the fact columns that hold the dimension's natural key, in the
 * order of the dimension's {@code key}.
 */
public record DimensionReference(String dimension, List<String> columns) implements Serializable {
  public DimensionReference {
    Objects.requireNonNull(dimension, "dimension");
    columns = List.copyOf(columns);
  }
}
