package io.lakehouseflow.core.catalog;

/**
 * Quoting for the Flink SQL the jobs generate from spec names, so a name that is a SQL keyword
 * ({@code year}) or a value with a quote in it cannot break a statement.
 */
public final class SqlQuoting {
  private SqlQuoting() {}

  /** A back-quoted identifier: {@code `year`}. */
  public static String identifier(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** A single-quoted string literal: {@code 'it''s'}. */
  public static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
