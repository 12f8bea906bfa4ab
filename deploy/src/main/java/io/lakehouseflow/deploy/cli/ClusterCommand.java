package io.lakehouseflow.deploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakehouseflow.deploy.cluster.FlinkDistribution;
import io.lakehouseflow.deploy.cluster.SessionCluster;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code lakehouse cluster start|stop|status}: a real Flink standalone session cluster on this
 * machine (a JobManager and a TaskManager JVM), built from the Flink jars the CLI ships, for {@code
 * lakehouse flink run <application jar> ...}.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "Start, stop or show a local Flink session cluster (JobManager + TaskManager).",
    subcommands = {
      ClusterCommand.Start.class,
      ClusterCommand.Stop.class,
      ClusterCommand.Status.class
    })
final class ClusterCommand {
  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the cluster.")
  static final class Start implements Callable<Integer> {
    @Mixin ClusterDirOption dir;

    @Override
    public Integer call() throws Exception {
      SessionCluster cluster = dir.cluster(FlinkDistribution.ofRunningCli());
      cluster.start();
      System.out.printf(
          "Flink session cluster started: JobManager and TaskManager PIDs %s, web UI and REST API"
              + " at %s, configuration in %s.%nSubmit a job with: ./lakehouse flink run"
              + " deploy/target/lakehouse-ingestion.jar --pipeline <spec> --data-dir <dir>%n",
          cluster.runningProcesses(), cluster.restAddress(), cluster.configDirectory());
      return 0;
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the cluster.")
  static final class Stop implements Callable<Integer> {
    @Mixin ClusterDirOption dir;

    @Override
    public Integer call() throws IOException {
      SessionCluster cluster = dir.cluster(FlinkDistribution.ofRunningCli());
      boolean running = !cluster.runningProcesses().isEmpty();
      cluster.stop();
      System.out.println(
          running
              ? "Flink session cluster in " + cluster.directory() + " stopped."
              : "No Flink session cluster runs from " + cluster.directory() + ".");
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show the cluster's processes, slots and jobs; exit 1 when it is not running.")
  static final class Status implements Callable<Integer> {
    @Mixin ClusterDirOption dir;

    @Override
    public Integer call() throws Exception {
      SessionCluster cluster = dir.cluster(FlinkDistribution.ofRunningCli());
      if (cluster.runningProcesses().isEmpty()) {
        System.out.println("No Flink session cluster runs from " + cluster.directory() + ".");
        return 1;
      }
      JsonNode overview = cluster.overview();
      System.out.printf(
          "Flink %s session cluster at %s (PIDs %s): %d TaskManager(s), %d of %d slots free;"
              + " jobs running %d, finished %d, cancelled %d, failed %d.%n",
          overview.path("flink-version").asText(),
          cluster.restAddress(),
          cluster.runningProcesses(),
          overview.path("taskmanagers").asInt(),
          overview.path("slots-available").asInt(),
          overview.path("slots-total").asInt(),
          overview.path("jobs-running").asInt(),
          overview.path("jobs-finished").asInt(),
          overview.path("jobs-cancelled").asInt(),
          overview.path("jobs-failed").asInt());
      return 0;
    }
  }
}
