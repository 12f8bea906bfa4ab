package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.deploy.cluster.FlinkDistribution;
import io.lakehouseflow.deploy.cluster.SessionCluster;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --cluster-dir} option of the commands that start or use a local session cluster. */
final class ClusterDirOption {
  @Option(
      names = "--cluster-dir",
      paramLabel = "DIR",
      defaultValue = "lakehouse-data/cluster",
      description =
          "Directory of the local Flink session cluster: its config.yaml, logs and PID files"
              + " (default: ${DEFAULT-VALUE}).")
  Path clusterDir;

  SessionCluster cluster(FlinkDistribution flink) {
    return SessionCluster.in(clusterDir, flink);
  }
}
