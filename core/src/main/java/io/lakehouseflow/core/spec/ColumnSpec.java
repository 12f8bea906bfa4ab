package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.Objects;

/** A named, typed column of a source or silver table. */
public record ColumnSpec(String name, ColumnType type) implements Serializable {
  public ColumnSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
