package io.lakehouseflow.modeling.sql;

import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.SqlQuoting;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Flink SQL text fragments shared by the gold statement generators. */
public final class Sql {
  /**
   * Orders copies of one silver row last landed first: by landing file name, then line, both
   * descending. The order is total and comes from the data alone, never from when a row was read
   * ({@code _ingested_at} is the wall clock of a read batch), so every arrival order of the same
   * landing files, batch or streaming, picks the same copy.
   */
  public static final String LAST_IN_LANDING_ORDER =
      quote(MetadataColumns.SOURCE_FILE)
          + " DESC, "
          + quote(MetadataColumns.RECORD_NUMBER)
          + " DESC";

  private Sql() {}

  /** A back-quoted identifier, so spec names that are SQL keywords ({@code year}) still work. */
  public static String quote(String identifier) {
    return SqlQuoting.identifier(identifier);
  }

  /** {@code a.`x`, a.`y`}; without alias when {@code alias} is null. */
  public static String columns(String alias, List<String> columns) {
    return columns.stream().map(c -> column(alias, c)).collect(Collectors.joining(", "));
  }

  /** {@code a.`x`}, or {@code `x`} without alias. */
  public static String column(String alias, String column) {
    return alias == null ? quote(column) : alias + "." + quote(column);
  }

  /** {@code l.`a` = r.`b` AND ...}, pairing the two lists by position. */
  public static String equal(
      String left, List<String> leftColumns, String right, List<String> rightColumns) {
    return IntStream.range(0, leftColumns.size())
        .mapToObj(
            i -> column(left, leftColumns.get(i)) + " = " + column(right, rightColumns.get(i)))
        .collect(Collectors.joining(" AND "));
  }

  /** {@code a.`x` IS NOT NULL AND ...}. */
  public static String notNull(String alias, List<String> columns) {
    return columns.stream()
        .map(c -> column(alias, c) + " IS NOT NULL")
        .collect(Collectors.joining(" AND "));
  }

  /** A single-quoted string literal. */
  public static String literal(String value) {
    return SqlQuoting.literal(value);
  }

  /**
   * Top-1 per partition: the rows of {@code from} (filtered by {@code where}) that rank first by
   * {@code orderBy} within their {@code partitionBy} group. Flink runs this as a streaming Top-N
   * that retracts a row when a better one arrives, and as a plain sort in batch.
   */
  public static String firstPerGroup(
      List<String> select, String from, String where, List<String> partitionBy, String orderBy) {
    return "SELECT "
        + columns(null, select)
        + "\nFROM (\n  SELECT "
        + columns(null, select)
        + ",\n    ROW_NUMBER() OVER (PARTITION BY "
        + columns(null, partitionBy)
        + " ORDER BY "
        + orderBy
        + ") AS `_rank`\n  FROM "
        + from
        + "\n  WHERE "
        + where
        + "\n)\nWHERE `_rank` = 1";
  }

  /** {@code CREATE TEMPORARY VIEW `name` AS query}. */
  public static String createView(String name, String query) {
    return "CREATE TEMPORARY VIEW " + quote(name) + " AS\n" + query;
  }
}
