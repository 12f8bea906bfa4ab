package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * A data-quality rule on a silver table.
 *
 * @param name the rule name, recorded on quarantined rows
 * @param expression a Flink SQL boolean expression over the silver table's columns; a row passes
 *     when it is TRUE (FALSE and NULL fail)
 * @param action what to do with a failing row
 */
public record ExpectationSpec(String name, String expression, ExpectationAction action)
    implements Serializable {
  public ExpectationSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(action, "action");
  }
}
