package io.lakehouseflow.ingestion;

import io.lakehouseflow.core.application.ApplicationArguments;
import io.lakehouseflow.core.application.LayerApplication;

/**
 * The main class of {@code lakehouse-ingestion.jar}: the bronze job of a pipeline on a Flink
 * cluster, as {@code flink run lakehouse-ingestion.jar --pipeline <spec> --data-dir <dir> [--mode
 * continuous]} (see {@link ApplicationArguments}).
 */
public final class BronzeApplication {
  private BronzeApplication() {}

  public static void main(String[] args) throws Exception {
    LayerApplication.run(
        "lakehouse-ingestion.jar", args, BronzeJob::forRun, BronzeJob::writtenTables);
  }
}
