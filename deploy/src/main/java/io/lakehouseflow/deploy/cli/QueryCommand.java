package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.deploy.query.ResultFormat;
import io.lakehouseflow.deploy.query.SqlQuery;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lakehouse query}: one batch Flink SQL statement over the pipeline's catalog. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Run a batch Flink SQL statement over the lakehouse catalog.",
      "Tables are layer.table: bronze.bookings, silver.bookings_quarantine, gold.dim_customer, gold.fact_booking."
    })
final class QueryCommand implements Callable<Integer> {
  @Mixin DataDirOption data;

  @Parameters(
      index = "0",
      paramLabel = "SQL",
      description = "The statement, for example \"SELECT COUNT(*) FROM gold.fact_booking\".")
  String sql;

  @Mixin QueryCatalogOption source;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table or csv (default: ${DEFAULT-VALUE}).")
  ResultFormat format;

  @Override
  public Integer call() throws Exception {
    LakehouseCatalog catalog = source.catalog(data);
    SqlQuery.Result result = SqlQuery.over(catalog).execute(sql);
    format.print(result, System.out);
    return 0;
  }
}
