package io.lakehouseflow.modeling;

import io.lakehouseflow.core.application.ApplicationArguments;
import io.lakehouseflow.core.application.LayerApplication;

/**
 * The main class of {@code lakehouse-modeling.jar}: the gold job of a pipeline on a Flink cluster,
 * as {@code flink run lakehouse-modeling.jar --pipeline <spec> --data-dir <dir> [--mode
 * continuous]} (see {@link ApplicationArguments}).
 */
public final class GoldApplication {
  private GoldApplication() {}

  public static void main(String[] args) throws Exception {
    LayerApplication.run("lakehouse-modeling.jar", args, GoldJob::forRun, GoldJob::writtenTables);
  }
}
