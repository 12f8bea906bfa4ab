package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * A named, typed column of a source or silver table.
 *
 * @param format how a source column's text is written when not ISO-8601 (dates and timestamps
 *     only), or {@code null}; silver columns have none
 */
public record ColumnSpec(String name, ColumnType type, ColumnFormat format)
    implements Serializable {
  public ColumnSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /** A column read in the default text form of its type. */
  public ColumnSpec(String name, ColumnType type) {
    this(name, type, null);
  }

  /** The declared format, if the column's text is not in the default form of its type. */
  public Optional<ColumnFormat> declaredFormat() {
    return Optional.ofNullable(format);
  }
}
