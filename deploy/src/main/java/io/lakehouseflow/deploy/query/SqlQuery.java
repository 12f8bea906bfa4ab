package io.lakehouseflow.deploy.query;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.SqlParserException;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.config.OptimizerConfigOptions;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * A batch Flink SQL query over the lakehouse catalog, so {@code gold.fact_booking} and friends
 * resolve without a catalog prefix. Batch reads see the latest snapshot of every table, including
 * gold's upserts.
 */
public final class SqlQuery {
  private final LakehouseCatalog catalog;

  private SqlQuery(LakehouseCatalog catalog) {
    this.catalog = catalog;
  }

  public static SqlQuery over(LakehouseCatalog catalog) {
    return new SqlQuery(catalog);
  }

  /** The result of one statement: its column names and rows. */
  public record Result(List<String> columns, List<Row> rows) {
    public Result {
      columns = List.copyOf(columns);
      rows = List.copyOf(rows);
    }
  }

  /**
   * Runs {@code sql} and collects its rows.
   *
   * @throws InvalidQueryException when the statement does not parse or names what does not exist
   *     (with the position, and the tables that exist), or when there are no tables yet
   */
  /**
   * The single numbers {@code scalarQueries} compute (each a query of one row and one numeric
   * column), in order, computed by one statement and so one Flink job.
   */
  public List<Long> counts(String... scalarQueries) throws Exception {
    Row row =
        execute(
                "SELECT "
                    + Arrays.stream(scalarQueries)
                        .map(q -> "(" + q + ")")
                        .collect(Collectors.joining(", ")))
            .rows()
            .get(0);
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < scalarQueries.length; i++) {
      values.add(((Number) row.getField(i)).longValue());
    }
    return values;
  }

  public Result execute(String sql) throws Exception {
    TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    // As in the silver job, so that verify decides drop rules over timestamptz casts alike.
    tableEnv.getConfig().setLocalTimeZone(ZoneOffset.UTC);
    // Flink's batch planner fuses the scans of a query into one multiple-input operator, which
    // takes at most 63 inputs: a query over more tables (or the same table scanned more often)
    // failed with "Only up to 63 inputs are supported at once". Unfused, any number runs.
    tableEnv.getConfig().set(OptimizerConfigOptions.TABLE_OPTIMIZER_MULTIPLE_INPUT_ENABLED, false);
    catalog.registerIn(tableEnv);
    TableResult result;
    try {
      result = tableEnv.executeSql(sql);
    } catch (SqlParserException e) {
      throw new QueryProblem(sql, catalog).syntax(e);
    } catch (ValidationException e) {
      throw new QueryProblem(sql, catalog).validation(e);
    }
    List<Row> rows = new ArrayList<>();
    try (CloseableIterator<Row> it = result.collect()) {
      it.forEachRemaining(rows::add);
    }
    return new Result(result.getResolvedSchema().getColumnNames(), rows);
  }
}
