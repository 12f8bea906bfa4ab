package io.lakehouseflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.spec.PipelineSpecLoader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobEnvironmentTest {
  private static final String CUSTOMER = "dim customer v1";
  private static final String CUSTOMER_AND_FLIGHT = "dim customer v1, dim flight";

  @TempDir Path dataDir;

  private PipelineRun run(RunMode mode) {
    return PipelineRun.of(
        PipelineSpecLoader.parse(
            "name: shop\nsources:\n  orders:\n    columns:\n      order_id: bigint\n", "shop.yaml"),
        new DataLayout(dataDir),
        mode);
  }

  /** A run as the CLI makes it: it deploys on its own MiniCluster, so it restores itself. */
  private PipelineRun embedded(RunMode mode) {
    return run(mode).with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT);
  }

  /** A complete checkpoint as Flink lays it out: {@code <dir>/<job id>/chk-N/_metadata}. */
  private static Path checkpoint(org.apache.flink.core.fs.Path dir, String jobId, int n)
      throws Exception {
    return checkpoint(dir, jobId, n, Instant.now());
  }

  private static Path checkpoint(
      org.apache.flink.core.fs.Path dir, String jobId, int n, Instant writtenAt) throws Exception {
    Path chk = Path.of(dir.toUri()).resolve(jobId).resolve("chk-" + n);
    Files.createDirectories(chk);
    Path metadata = Files.writeString(chk.resolve("_metadata"), "x");
    Files.setLastModifiedTime(metadata, FileTime.from(writtenAt));
    return chk;
  }

  private static String fileUri(Path local) {
    return "file:" + local;
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
  void clusterRecoveryIsTheDefaultAndSetsNoRestorePathEvenWhenCheckpointsExist() throws Exception {
    PipelineRun run = run(RunMode.CONTINUOUS);
    checkpoint(run.checkpoints("bronze"), "5f1c0a", 3);

    Configuration conf =
        JobEnvironment.configuration(run, "bronze", RuntimeExecutionMode.STREAMING);

    assertThat(run.options().get(LakehouseOptions.RECOVERY)).isEqualTo(Recovery.CLUSTER);
    assertThat(conf.contains(StateRecoveryOptions.SAVEPOINT_PATH)).isFalse();
    assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo(fileUri(dataDir.resolve("checkpoints/bronze")));
  }

  @Test
  void latestRetainedRecoveryRestoresTheNewestCompleteCheckpoint() throws Exception {
    PipelineRun run = embedded(RunMode.CONTINUOUS);
    org.apache.flink.core.fs.Path dir = run.checkpoints("bronze");
    Instant now = Instant.now();
    checkpoint(dir, "job-a", 12, now.minus(Duration.ofHours(1)));
    Path newest = checkpoint(dir, "job-b", 5, now.minus(Duration.ofMinutes(1)));
    // Being written: no _metadata yet, so not a checkpoint to restore.
    Files.createDirectories(Path.of(dir.toUri()).resolve("job-b/chk-6"));

    Configuration conf =
        JobEnvironment.configuration(run, "bronze", RuntimeExecutionMode.STREAMING);

    assertThat(conf.get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo(fileUri(newest));
  }

  @Test
  void aRestorePathGivenWithTheRunIsKept() throws Exception {
    PipelineRun run =
        embedded(RunMode.CONTINUOUS)
            .with(StateRecoveryOptions.SAVEPOINT_PATH, "s3://bucket/savepoints/savepoint-1");
    checkpoint(run.checkpoints("bronze"), "5f1c0a", 3);

    Configuration conf =
        JobEnvironment.configuration(run, "bronze", RuntimeExecutionMode.STREAMING);

    assertThat(conf.get(StateRecoveryOptions.SAVEPOINT_PATH))
        .isEqualTo("s3://bucket/savepoints/savepoint-1");
  }

  @Test
  void continuousRunResumesFromTheNewestCheckpointOfTheSamePlanOnly() throws Exception {
    PipelineRun run = embedded(RunMode.CONTINUOUS);
    org.apache.flink.core.fs.Path planA = JobEnvironment.checkpointDirectory(run, "gold", CUSTOMER);
    org.apache.flink.core.fs.Path planB =
        JobEnvironment.checkpointDirectory(run, "gold", CUSTOMER_AND_FLIGHT);
    assertThat(planA).isNotEqualTo(planB);
    assertThat(planA.toString()).startsWith(fileUri(dataDir.resolve("checkpoints/gold/plan-")));
    Path chk = checkpoint(planA, "5f1c0a", 7);

    Configuration samePlan =
        JobEnvironment.configuration(run, "gold", CUSTOMER, RuntimeExecutionMode.STREAMING);
    assertThat(samePlan.get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo(fileUri(chk));
    assertThat(samePlan.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo(planA.toString());

    Configuration changedPlan =
        JobEnvironment.configuration(
            run, "gold", CUSTOMER_AND_FLIGHT, RuntimeExecutionMode.STREAMING);
    assertThat(changedPlan.contains(StateRecoveryOptions.SAVEPOINT_PATH)).isFalse();
  }

  @Test
  void availableNowRunsNeitherRestoreNorShareContinuousCheckpoints() throws Exception {
    checkpoint(embedded(RunMode.CONTINUOUS).checkpoints("bronze"), "5f1c0a", 3);
    Configuration conf =
        JobEnvironment.configuration(
            embedded(RunMode.AVAILABLE_NOW), "bronze", RuntimeExecutionMode.STREAMING);

    assertThat(conf.contains(StateRecoveryOptions.SAVEPOINT_PATH)).isFalse();
    assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo(fileUri(dataDir.resolve("checkpoints/available-now/bronze")));
  }

  @Test
  void checkpointsDirTakesAFileUriOrALocalPath() throws Exception {
    Path elsewhere = dataDir.resolve("elsewhere");
    PipelineRun run =
        embedded(RunMode.CONTINUOUS)
            .with(LakehouseOptions.CHECKPOINTS_DIR, elsewhere.toUri().toString());
    Path chk = checkpoint(run.checkpoints("bronze"), "5f1c0a", 4);

    Configuration conf =
        JobEnvironment.configuration(run, "bronze", RuntimeExecutionMode.STREAMING);

    assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo(fileUri(elsewhere.resolve("bronze")));
    assertThat(conf.get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo(fileUri(chk));
    assertThat(
            run.with(LakehouseOptions.CHECKPOINTS_DIR, "state/checkpoints")
                .checkpoints("bronze")
                .toString())
        .isEqualTo(fileUri(dataDir.resolve("state/checkpoints/bronze")));
  }

  @Test
  void s3CheckpointsDirNamesEachJobsDirectoryWithoutTouchingTheFileSystem() {
    PipelineRun run =
        run(RunMode.CONTINUOUS).with(LakehouseOptions.CHECKPOINTS_DIR, "s3://bucket/x");

    Configuration bronze =
        JobEnvironment.configuration(run, "bronze", RuntimeExecutionMode.STREAMING);
    Configuration gold =
        JobEnvironment.configuration(run, "gold", CUSTOMER, RuntimeExecutionMode.STREAMING);
    Configuration bounded =
        JobEnvironment.configuration(
            run.with(LakehouseOptions.MODE, RunMode.AVAILABLE_NOW),
            "bronze",
            RuntimeExecutionMode.STREAMING);

    assertThat(bronze.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo("s3://bucket/x/bronze");
    assertThat(bronze.contains(StateRecoveryOptions.SAVEPOINT_PATH)).isFalse();
    assertThat(gold.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .matches("s3://bucket/x/gold/plan-[0-9a-f]{12}");
    assertThat(bounded.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo("s3://bucket/x/available-now/bronze");
    // Listing s3: needs Flink's S3 plugin, which this JVM lacks: only the embedded choice lists.
    assertThatThrownBy(
            () ->
                JobEnvironment.configuration(
                    run.with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT),
                    "bronze",
                    RuntimeExecutionMode.STREAMING))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("Failed to list retained checkpoints under s3://bucket/x/bronze")
        .hasMessageContaining("lakehouse.recovery=CLUSTER");
  }

  @Test
  void invalidCheckpointsDirIsRejectedWithTheOptionAndAnExample() {
    assertThatThrownBy(
            () -> run(RunMode.CONTINUOUS).with(LakehouseOptions.CHECKPOINTS_DIR, "s3://bucket/a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid lakehouse.checkpoints-dir 's3://bucket/a b': ")
        .hasMessageContaining("Write a URI such as s3://bucket/lakehouse/checkpoints");
  }
}
