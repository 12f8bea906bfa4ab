package io.lakehouseflow.deploy.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Flink's own command line ({@code org.apache.flink.client.cli.CliFrontend}, what {@code bin/flink}
 * runs), in a JVM of its own with Flink's jars, reading the {@code config.yaml} of a {@link
 * SessionCluster}: {@code flink run <jar> <args>}, {@code flink list}, {@code flink stop}, ...
 */
public final class FlinkCommandLine {
  private final SessionCluster cluster;
  private final FlinkDistribution flink;

  public FlinkCommandLine(SessionCluster cluster, FlinkDistribution flink) {
    this.cluster = cluster;
    this.flink = flink;
  }

  /**
   * A process running {@code flink <args>}, with its output and error written to {@code output}
   * (inherited when null). Its log goes to the cluster's {@code log/cli.log}.
   */
  public Process start(List<String> args, Path output) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(JavaProcess.java());
    command.addAll(FlinkDistribution.JAVA_17_OPTIONS);
    command.add("-Dlog.file=" + cluster.directory().resolve("log").resolve("cli.log"));
    command.add(
        "-Dlog4j.configurationFile="
            + cluster.configDirectory().resolve(ClusterConfig.LOG4J).toUri());
    command.add("-classpath");
    command.add(flink.classPath());
    command.add("org.apache.flink.client.cli.CliFrontend");
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("FLINK_CONF_DIR", cluster.configDirectory().toString());
    if (output == null) {
      builder.inheritIO();
    } else {
      builder.redirectErrorStream(true).redirectOutput(output.toFile());
    }
    return builder.start();
  }
}
