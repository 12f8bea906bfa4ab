package io.lakehouseflow.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.JobEnvironment;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.sampledata.flights.FlightsSample;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRunTest {
  @TempDir Path dataDir;

  @Test
  void theCliRestoresItsJobsWhereARunForAClusterLeavesItToTheCluster() throws Exception {
    PipelineSpec spec = FlightsSample.spec();
    DataLayout layout = new DataLayout(dataDir);
    Path chk = dataDir.resolve("checkpoints/bronze/5f1c0a/chk-3");
    Files.createDirectories(chk);
    Files.writeString(chk.resolve("_metadata"), "x");

    PipelineRun cli = EmbeddedRun.of(spec, layout, RunMode.CONTINUOUS);
    PipelineRun cluster = PipelineRun.of(spec, layout, RunMode.CONTINUOUS);

    assertThat(
            JobEnvironment.configuration(cli, "bronze", RuntimeExecutionMode.STREAMING)
                .get(StateRecoveryOptions.SAVEPOINT_PATH))
        .isEqualTo("file:" + chk);
    assertThat(
            JobEnvironment.configuration(cluster, "bronze", RuntimeExecutionMode.STREAMING)
                .contains(StateRecoveryOptions.SAVEPOINT_PATH))
        .isFalse();
  }
}
