package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;

/**
 * A run of the CLI, whose jobs execute on the MiniCluster embedded in its JVM. The CLI is then its
 * own deployer, and no cluster restores its jobs: a restarted {@code lakehouse run} resumes from
 * the newest checkpoint it retained ({@link Recovery#LATEST_RETAINED_CHECKPOINT}).
 */
final class EmbeddedRun {
  private EmbeddedRun() {}

  /**
   * The run of {@code spec}, with this JVM's Flink file systems set up for the object store of its
   * catalog ({@link EmbeddedFileSystems}), where the embedded cluster's checkpoints may live.
   */
  static PipelineRun of(PipelineSpec spec, DataLayout layout, RunMode mode) {
    EmbeddedFileSystems.initialize(spec.catalog());
    return PipelineRun.of(spec, layout, mode)
        .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT);
  }
}
