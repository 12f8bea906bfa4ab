package io.lakehouseflow.core.spec;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.SqlParserException;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

/**
 * Checks a Flink SQL expression from the spec on its own, as Flink's planner parses the expression
 * of a computed column: it must be exactly one expression (so {@code a) OR (b} cannot escape the
 * parentheses it is later placed in), name only columns in scope, and be BOOLEAN. The planner is
 * started on first use only, so specs without expressions load without it.
 */
final class ExpressionScope {
  private TableEnvironment planner;

  /**
   * What is wrong with {@code expression} as a condition over {@code columns}, or empty when it is
   * one valid BOOLEAN expression.
   */
  Optional<String> booleanProblem(String expression, RowType columns) {
    Typed typed = type(expression, columns);
    if (typed.problem().isPresent()) {
      return typed.problem();
    }
    LogicalTypeRoot type = typed.type().orElseThrow().getTypeRoot();
    if (type != LogicalTypeRoot.BOOLEAN) {
      return Optional.of("'" + expression + "' is of type " + type + ", not BOOLEAN");
    }
    return Optional.empty();
  }

  /** An expression's type as Flink's planner resolves it, or what is wrong with the expression. */
  record Typed(Optional<LogicalType> type, Optional<String> problem) {}

  /** The type of {@code expression} over {@code columns}, or why it has none. */
  Typed type(String expression, RowType columns) {
    try {
      ResolvedExpression resolved = parser().parseSqlExpression(expression, columns, null);
      return new Typed(
          Optional.of(resolved.getOutputDataType().getLogicalType()), Optional.empty());
    } catch (SqlParserException | ValidationException e) {
      String problem =
          isParseFailure(e)
              ? "'" + expression + "' is not one SQL expression (" + firstLine(e) + ")"
              : "'"
                  + expression
                  + "' is not valid over the columns in scope ("
                  + firstLine(e)
                  + "; columns: "
                  + columnNames(columns)
                  + ")";
      return new Typed(Optional.empty(), Optional.of(problem));
    }
  }

  /**
   * Whether the planner failed to parse rather than to resolve: it reports both as a {@code
   * ValidationException}, with Calcite's {@code SqlParseException} (not visible to user code under
   * Flink's planner loader, so matched by name) underneath a parse failure.
   */
  private static boolean isParseFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SqlParserException
          || t.getClass().getSimpleName().equals("SqlParseException")) {
        return true;
      }
    }
    return false;
  }

  private org.apache.flink.table.delegation.Parser parser() {
    if (planner == null) {
      planner = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    }
    return ((TableEnvironmentInternal) planner).getParser();
  }

  private static String columnNames(RowType columns) {
    return columns.getFieldNames().stream().collect(Collectors.joining(", "));
  }

  /** The innermost message's first line: Flink's planner wraps the parser's words twice. */
  private static String firstLine(Throwable e) {
    String message = e.getMessage();
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    List<String> lines = message == null ? List.of() : message.strip().lines().toList();
    return lines.isEmpty() ? e.getClass().getSimpleName() : lines.get(0);
  }
}
