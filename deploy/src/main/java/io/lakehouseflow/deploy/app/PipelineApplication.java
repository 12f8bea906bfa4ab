package io.lakehouseflow.deploy.app;

import io.lakehouseflow.core.application.ApplicationArguments;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.deploy.run.PipelineRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main class of {@code lakehouse-pipeline.jar}: all three layers of a pipeline as one
 * application, one Flink job per layer, for the Kubernetes operator's application mode or {@code
 * flink run}. Available-now, the layers run one after the other (bronze, silver, gold), each
 * finishing before the next starts; continuous, all three are submitted and left to the cluster.
 */
public final class PipelineApplication {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineApplication.class);

  private PipelineApplication() {}

  public static void main(String[] args) throws Exception {
    PipelineRun run = ApplicationArguments.parse("lakehouse-pipeline.jar", args);
    PipelineRunner runner = PipelineRunner.allLayers(run);
    if (run.mode() == RunMode.AVAILABLE_NOW) {
      runner.runAvailableNow(layer -> LOG.info("Layer {} starts", layer.cliName()));
    } else {
      // The jobs outlive this method: the cluster runs and restores them. The writer lease is
      // released here, since no client process stays to renew it.
      runner.start().detach();
    }
  }
}
