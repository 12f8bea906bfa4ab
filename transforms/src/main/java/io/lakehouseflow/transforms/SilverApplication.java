package io.lakehouseflow.transforms;

import io.lakehouseflow.core.application.ApplicationArguments;
import io.lakehouseflow.core.application.LayerApplication;

/**
 * The main class of {@code lakehouse-transforms.jar}: the silver job of a pipeline on a Flink
 * cluster, as {@code flink run lakehouse-transforms.jar --pipeline <spec> --data-dir <dir> [--mode
 * continuous]} (see {@link ApplicationArguments}).
 */
public final class SilverApplication {
  private SilverApplication() {}

  public static void main(String[] args) throws Exception {
    LayerApplication.run(
        "lakehouse-transforms.jar", args, SilverJob::forRun, SilverJob::writtenTables);
  }
}
