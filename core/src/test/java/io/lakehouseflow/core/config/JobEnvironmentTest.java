package io.lakehouseflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.spec.PipelineSpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobEnvironmentTest {
  @TempDir Path dataDir;

  private PipelineRun run(RunMode mode) {
    return PipelineRun.of(
        PipelineSpecLoader.parse(
            "name: shop\nsources:\n  orders:\n    columns:\n      order_id: bigint\n", "shop.yaml"),
        new DataLayout(dataDir),
        mode);
  }

  /** A complete checkpoint as Flink lays it out: {@code <dir>/<job id>/chk-N/_metadata}. */
  private static Path checkpoint(Path dir, int n) throws Exception {
    Path chk = dir.resolve("5f1c0a").resolve("chk-" + n);
    Files.createDirectories(chk);
    Files.writeString(chk.resolve("_metadata"), "x");
    return chk;
  }

  @Test
  void serializesIcebergWriteResultsWithJavaSerializationAndKeepsUserEntries() {
    Configuration conf = new Configuration();
    String user = "org.example.Money: {type: kryo, kryo-type: registered, class: org.example.S}";
    conf.set(PipelineOptions.SERIALIZATION_CONFIG, List.of(user));

    assertThat(JobEnvironment.serializationConfig(conf))
        .containsExactly(
            user,
            "org.apache.iceberg.flink.sink.FlinkWriteResult: {type: kryo, kryo-type: default,"
                + " class: com.esotericsoftware.kryo.serializers.JavaSerializer}");
  }

  @Test
  void continuousRunResumesFromTheNewestCheckpointOfTheSamePlanOnly() throws Exception {
    PipelineRun run = run(RunMode.CONTINUOUS);
    Path planA = JobEnvironment.checkpointDirectory(run, "gold", "dim customer v1");
    Path planB = JobEnvironment.checkpointDirectory(run, "gold", "dim customer v1, dim flight");
    assertThat(planA).isNotEqualTo(planB).startsWithRaw(dataDir.resolve("checkpoints/gold"));
    Path chk = checkpoint(planA, 7);

    Configuration samePlan =
        JobEnvironment.configuration(
            run, "gold", "dim customer v1", RuntimeExecutionMode.STREAMING);
    assertThat(samePlan.get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo(chk.toUri().toString());
    assertThat(samePlan.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo(planA.toUri().toString());

    Configuration changedPlan =
        JobEnvironment.configuration(
            run, "gold", "dim customer v1, dim flight", RuntimeExecutionMode.STREAMING);
    assertThat(changedPlan.contains(StateRecoveryOptions.SAVEPOINT_PATH)).isFalse();
  }

  @Test
  void availableNowRunsNeitherRestoreNorShareContinuousCheckpoints() throws Exception {
    checkpoint(run(RunMode.CONTINUOUS).checkpoints("bronze"), 3);
    Configuration conf =
        JobEnvironment.configuration(
            run(RunMode.AVAILABLE_NOW), "bronze", RuntimeExecutionMode.STREAMING);

    assertThat(conf.contains(StateRecoveryOptions.SAVEPOINT_PATH)).isFalse();
    assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo(dataDir.resolve("checkpoints/available-now/bronze").toUri().toString());
  }
}
