package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.spec.CatalogSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The catalog {@code query} and {@code sql} read: the spec's, or without {@code --pipeline} the
 * default hadoop catalog under the data directory.
 */
final class QueryCatalogOption {
  @Option(
      names = "--pipeline",
      paramLabel = "FILE",
      description =
          "Take the catalog from this spec (default: a hadoop catalog in <data-dir>/warehouse).")
  Path pipeline;

  /**
   * What the catalog is, as a query server records it: {@code default}, or the spec's absolute
   * path.
   */
  String catalogName() {
    return pipeline == null ? "default" : pipeline.toAbsolutePath().normalize().toString();
  }

  LakehouseCatalog catalog(DataDirOption data) {
    return pipeline == null
        ? LakehouseCatalog.of(CatalogSpec.DEFAULT, data.layout())
        : LakehouseCatalog.of(PipelineSpecLoader.load(pipeline).catalog(), data.layout())
            .forPipeline(pipeline.toString());
  }
}
