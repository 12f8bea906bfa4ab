package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.spec.CatalogSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.deploy.query.ResultFormat;
import io.lakehouseflow.deploy.query.SqlQuery;
import java.nio.file.Path;
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

  @Option(
      names = "--pipeline",
      paramLabel = "FILE",
      description =
          "Take the catalog from this spec (default: a hadoop catalog in <data-dir>/warehouse).")
  Path pipeline;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table or csv (default: ${DEFAULT-VALUE}).")
  ResultFormat format;

  @Override
  public Integer call() throws Exception {
    LakehouseCatalog catalog =
        pipeline == null
            ? LakehouseCatalog.of(CatalogSpec.DEFAULT, data.layout())
            : LakehouseCatalog.of(PipelineSpecLoader.load(pipeline).catalog(), data.layout())
                .forPipeline(pipeline.toString());
    SqlQuery.Result result = SqlQuery.over(catalog).execute(sql);
    format.print(result, System.out);
    return 0;
  }
}
