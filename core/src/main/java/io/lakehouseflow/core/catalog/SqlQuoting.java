package io.lakehouseflow.core.catalog;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Quoting for the Flink SQL the jobs generate from spec names and options, so a name that is a SQL
 * keyword ({@code year}) or a value with a quote in it cannot break a statement. Every {@code WITH}
 * clause and {@code OPTIONS} hint the jobs write is built here.
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

  /**
   * {@code 'k1'='v1', 'k2'='v2'}, sorted by key so the same options always give the same SQL: the
   * body of a {@code WITH} clause.
   */
  private static String properties(Map<String, String> options) {
    return new TreeMap<>(options)
        .entrySet().stream()
            .map(e -> literal(e.getKey()) + "=" + literal(e.getValue()))
            .collect(Collectors.joining(", "));
  }

  /**
   * The dynamic table options hint, {@code OPTIONS('k'='v')} in a hint comment, to write after a
   * table reference, with a leading space; empty when there are no options.
   */
  public static String optionsHint(Map<String, String> options) {
    return options.isEmpty() ? "" : " /*+ OPTIONS(" + properties(options) + ") */";
  }
}
