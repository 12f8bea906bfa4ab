package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.deploy.cluster.FlinkCommandLine;
import io.lakehouseflow.deploy.cluster.FlinkDistribution;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/**
 * {@code lakehouse flink <Flink CLI arguments>}: Flink's own command line ({@code bin/flink}),
 * against the local session cluster of {@code lakehouse cluster start}, with nothing downloaded:
 * {@code lakehouse flink run deploy/target/lakehouse-ingestion.jar --pipeline ... --data-dir ...},
 * {@code lakehouse flink list}, {@code lakehouse flink stop --savepointPath <dir> <job id>}. Every
 * argument after {@code flink} is Flink's (only {@code --cluster-dir}, first, is this command's).
 */
@Command(
    name = "flink",
    description =
        "Run Flink's own CLI (bin/flink) against the local session cluster; every argument is"
            + " passed on, e.g. run deploy/target/lakehouse-ingestion.jar --pipeline P --data-dir D.")
final class FlinkCommand implements Callable<Integer> {
  @Mixin ClusterDirOption dir;

  @Unmatched List<String> flinkArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    FlinkDistribution flink = FlinkDistribution.ofRunningCli();
    return new FlinkCommandLine(dir.cluster(flink), flink).start(flinkArgs, null).waitFor();
  }
}
