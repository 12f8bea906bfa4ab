package io.lakehouseflow.deploy.lineage;

import java.util.Objects;

/**
 * Where one column's values come from: column {@code toColumn} of node {@code toTable} is computed
 * from column {@code fromColumn} of node {@code fromTable}, as {@code how} says.
 *
 * @param how the rule in words: {@code copied}, {@code renamed from full_name}, {@code cast to
 *     decimal(10,2)}, {@code derived: base_fare + surge_fee}, ...
 */
public record ColumnLineage(
    String fromTable, String fromColumn, String toTable, String toColumn, String how) {

  public ColumnLineage {
    Objects.requireNonNull(fromTable, "fromTable");
    Objects.requireNonNull(fromColumn, "fromColumn");
    Objects.requireNonNull(toTable, "toTable");
    Objects.requireNonNull(toColumn, "toColumn");
    Objects.requireNonNull(how, "how");
  }
}
