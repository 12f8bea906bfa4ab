package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A gold dimension, {@code gold.dim_<name>} with surrogate key {@code <name>_sk}.
 *
 * @param name the dimension name
 * @param source the silver table holding its changes
 * @param key the natural key columns
 * @param scd the history type
 * @param attributes the columns carried into the dimension besides the key
 * @param tracked the attributes whose change starts a new version (SCD type 2); a subset of {@code
 *     attributes}
 * @param sequenceBy the column that orders changes of one key (for example {@code updated_at})
 * @param onDelete what a delete does to a type 1 member; type 2 always closes the open version
 */
public record DimensionSpec(
    String name,
    String source,
    List<String> key,
    ScdType scd,
    List<String> attributes,
    List<String> tracked,
    String sequenceBy,
    DeletePolicy onDelete)
    implements Serializable {

  public DimensionSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(scd, "scd");
    Objects.requireNonNull(sequenceBy, "sequenceBy");
    Objects.requireNonNull(onDelete, "onDelete");
    key = List.copyOf(key);
    attributes = List.copyOf(attributes);
    tracked = List.copyOf(tracked);
  }

  /** The surrogate key column, {@code <name>_sk}. */
  public String surrogateKey() {
    return name + "_sk";
  }
}
