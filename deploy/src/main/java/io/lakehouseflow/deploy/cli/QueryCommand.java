package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.deploy.query.QueryClient;
import io.lakehouseflow.deploy.query.QueryServerAddress;
import io.lakehouseflow.deploy.query.ResultFormat;
import io.lakehouseflow.deploy.query.SqlQuery;
import java.util.Optional;
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

  @Option(
      names = "--local",
      description =
          "Run the statement in this process even when a query server (lakehouse serve) runs for"
              + " the data directory.")
  boolean local;

  @Override
  public Integer call() throws Exception {
    if (!local) {
      Optional<String> answered =
          QueryServerAddress.find(data.layout().root())
              .filter(server -> server.catalog().equals(source.catalogName()))
              .flatMap(server -> ask(server, sql));
      if (answered.isPresent()) {
        System.out.print(answered.get());
        return 0;
      }
    }
    LakehouseCatalog catalog = source.catalog(data);
    SqlQuery.Result result = SqlQuery.over(catalog).execute(sql);
    format.print(result, System.out);
    return 0;
  }

  private Optional<String> ask(QueryServerAddress server, String statement) {
    try {
      return QueryClient.of(server).execute(statement, format);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
