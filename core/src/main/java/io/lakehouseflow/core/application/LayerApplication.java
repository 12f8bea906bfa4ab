package io.lakehouseflow.core.application;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.WriterLease;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineJob;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.core.execution.JobClient;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the main class of one layer's application jar does: reads its {@link ApplicationArguments},
 * then, available-now, runs the layer's job to completion under the writer lease of the tables it
 * writes (so two runs never append the same rows), or, continuous, submits it and returns, leaving
 * it to the cluster.
 */
public final class LayerApplication {
  private static final Logger LOG = LoggerFactory.getLogger(LayerApplication.class);

  private LayerApplication() {}

  /**
   * @param jar the jar's file name, for usage and messages
   * @param args the program arguments
   * @param job the layer's job of a run
   * @param writes the tables the layer's job writes
   */
  public static void run(
      String jar,
      String[] args,
      Function<PipelineRun, PipelineJob> job,
      Function<PipelineSpec, List<TableIdentifier>> writes)
      throws Exception {
    PipelineRun run = ApplicationArguments.parse(jar, args);
    PipelineJob layer = job.apply(run);
    if (run.mode() == RunMode.CONTINUOUS) {
      JobClient client = layer.submit();
      LOG.info(
          "Submitted continuous {} job {} of pipeline {}",
          layer.name(),
          client.getJobID(),
          run.spec().name());
      return;
    }
    try (LakehouseCatalog catalog = run.catalog();
        WriterLease lease =
            WriterLease.acquire(
                catalog,
                jar + " (" + layer.name() + ", available-now) in " + run.layout().root(),
                writes.apply(run.spec()),
                run.options().get(LakehouseOptions.WRITER_LEASE_TIMEOUT))) {
      long startedAt = System.currentTimeMillis();
      layer.runToCompletion();
      LOG.info(
          "Layer {} of pipeline {} finished in {} ms",
          layer.name(),
          run.spec().name(),
          System.currentTimeMillis() - startedAt);
    }
  }
}
