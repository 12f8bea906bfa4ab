package io.lakehouseflow.transforms.expectation;

import io.lakehouseflow.core.catalog.SqlQuoting;
import io.lakehouseflow.core.spec.ChangeOperation;
import io.lakehouseflow.core.spec.ExpectationAction;
import io.lakehouseflow.core.spec.ExpectationSpec;
import java.io.Serializable;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One rule a bronze row is checked against on its way to silver: a declared expectation, or the
 * built-in {@code cast_<column>} rule that a spec cast must not turn a value into NULL.
 *
 * @param name the name recorded in {@code _failed_expectations}
 * @param expression the Flink SQL the rule checks, for messages
 * @param action what a failure does; a cast rule's is its {@code on_error}, quarantine by default
 * @param specPath where the rule is declared, for example {@code silver.bookings.expectations[1]}
 */
public record Rule(String name, String expression, ExpectationAction action, String specPath)
    implements Serializable {

  /** The prefix of the built-in rule of each cast column: {@code cast_fare_amount}. */
  public static final String CAST_PREFIX = "cast_";

  public Rule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(specPath, "specPath");
  }

  /** The rule of a declared expectation, at {@code silver.<table>.expectations[index]}. */
  public static Rule expectation(String silverTable, int index, ExpectationSpec spec) {
    return new Rule(
        spec.name(),
        spec.expression(),
        spec.action(),
        "silver." + silverTable + ".expectations[" + index + "]");
  }

  /**
   * The built-in rule that {@code column} cast to {@code sqlType} keeps its non-NULL values, with
   * the cast's {@code action}.
   */
  public static Rule cast(
      String silverTable, String column, String sqlType, ExpectationAction action) {
    return new Rule(
        CAST_PREFIX + column,
        "TRY_CAST(" + column + " AS " + sqlType + ")",
        action,
        "silver." + silverTable + ".casts." + column);
  }

  /**
   * The built-in rule of a source with an operation column: the column, under its silver name
   * {@code column}, holds NULL (an upsert) or one of the operation's values.
   */
  public static Rule knownOperation(
      String silverTable, String source, String column, ChangeOperation op) {
    String values = op.values().stream().map(SqlQuoting::literal).collect(Collectors.joining(", "));
    return new Rule(
        ChangeOperation.KNOWN_OPERATION_RULE,
        SqlQuoting.identifier(column)
            + " IS NULL OR "
            + SqlQuoting.identifier(column)
            + " IN ("
            + values
            + ")",
        ExpectationAction.QUARANTINE,
        "sources." + source + ".operation");
  }

  public boolean isCast() {
    return specPath.contains(".casts.");
  }
}
