package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.application.DurationConverter;
import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.deploy.query.QueryClient;
import io.lakehouseflow.deploy.query.QueryServerAddress;
import io.lakehouseflow.deploy.query.ResultFormat;
import io.lakehouseflow.deploy.query.SqlQuery;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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

  @Option(
      names = "--keep-warm",
      paramLabel = "DURATION",
      arity = "0..1",
      fallbackValue = "15min",
      defaultValue = "${env:LAKEHOUSE_KEEP_WARM}",
      converter = DurationConverter.class,
      description =
          "When no query server runs for the data directory, start one (lakehouse serve) in the"
              + " background and leave it running until no query came for DURATION (default"
              + " 15min): later queries answer in about a second. LAKEHOUSE_KEEP_WARM=15min sets"
              + " it for every query.")
  Duration keepWarm;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!local) {
      Optional<QueryServerAddress> server =
          QueryServerAddress.find(data.layout().root())
              .filter(running -> running.catalog().equals(source.catalogName()));
      if (server.isEmpty() && keepWarm != null && !keepWarm.isZero()) {
        server = BackgroundQueryServer.start(data, source, keepWarm, spec.commandLine().getErr());
      }
      Optional<String> answered = server.flatMap(running -> ask(running, sql));
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
