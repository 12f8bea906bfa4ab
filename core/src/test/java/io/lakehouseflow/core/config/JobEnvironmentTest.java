package io.lakehouseflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.spec.PipelineSpecLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobEnvironmentTest {
  private static final PlanFingerprint CUSTOMER =
      PlanFingerprint.builder().sql("SELECT customer_id FROM `silver`.`customers`").build();
  private static final PlanFingerprint CUSTOMER_AND_FLIGHT =
      PlanFingerprint.builder()
          .sql("SELECT customer_id FROM `silver`.`customers`")
          .sql("SELECT flight_id FROM `silver`.`flights`")
          .build();

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

  /**
   * A resuming available-now job claims the checkpoint it restores, so its incremental checkpoints
   * build on it, and checkpoints periodically no more than once a minute: it ends on a checkpoint
   * of its own, and each periodic one is a commit of every table it writes.
   */
  @Test
  void aResumingJobClaimsItsCheckpointAndCheckpointsRarely() throws Exception {
    PipelineRun run = embedded(RunMode.AVAILABLE_NOW);
    org.apache.flink.core.fs.Path dir = JobEnvironment.checkpointDirectory(run, "gold", CUSTOMER);
    Path chk = checkpoint(dir, "job-a", 4);

    Configuration conf = JobEnvironment.resumingConfiguration(run, "gold", CUSTOMER);

    assertThat(conf.get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo(fileUri(chk));
    assertThat(conf.get(StateRecoveryOptions.RESTORE_MODE))
        .isEqualTo(org.apache.flink.core.execution.RecoveryClaimMode.CLAIM);
    assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
        .isEqualTo(JobEnvironment.RESUMING_CHECKPOINT_INTERVAL);
    assertThat(
            JobEnvironment.resumingConfiguration(
                    run.with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofMinutes(5)),
                    "gold",
                    CUSTOMER)
                .get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
        .as("a longer interval of the run's is kept")
        .isEqualTo(Duration.ofMinutes(5));
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
    assertThat(planA.toString())
        .isEqualTo(fileUri(dataDir.resolve("checkpoints/gold/plan-" + CUSTOMER.hex())));
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
        .isEqualTo("s3://bucket/x/gold/plan-" + CUSTOMER.hex());
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

  @Test
  void changedPlanSaysOnTheConsoleAndInTheLogThatItRecomputesAndHowOldTheStateWas()
      throws Exception {
    PipelineRun run = embedded(RunMode.CONTINUOUS);
    org.apache.flink.core.fs.Path planA = JobEnvironment.checkpointDirectory(run, "gold", CUSTOMER);
    Instant now = Instant.now();
    checkpoint(planA, "job-a", 40, now.minus(Duration.ofDays(2)));
    Path newest = checkpoint(planA, "job-b", 42, now.minus(Duration.ofHours(3)));

    Output changed =
        Output.of(
            () ->
                JobEnvironment.configuration(
                    run, "gold", CUSTOMER_AND_FLIGHT, RuntimeExecutionMode.STREAMING));

    assertThat(changed.value().contains(StateRecoveryOptions.SAVEPOINT_PATH)).isFalse();
    assertThat(changed.console())
        .startsWith("WARNING: Job gold of pipeline shop recomputes from its input, without state")
        .contains("its operators changed (plan " + CUSTOMER_AND_FLIGHT.hex() + ")")
        .contains("the checkpoints under " + run.checkpoints("gold") + " belong to other plans")
        .contains("lived through 42 checkpoints")
        .contains("chk-42 at " + fileUri(newest) + ", was written 3h 0m ago")
        .contains("the oldest of the 2 retained checkpoints was written 2d 0h ago");
    assertThat(changed.log()).startsWith("WARN Job gold of pipeline shop recomputes");

    Output same =
        Output.of(
            () ->
                JobEnvironment.configuration(
                    run, "gold", CUSTOMER, RuntimeExecutionMode.STREAMING));
    assertThat(same.console()).isEmpty();
    assertThat(same.log()).doesNotContain("WARN");
  }

  @Test
  void aSingleCheckpointLeftBehindIsBothNewestAndOldestSoItIsDescribedOnce() throws Exception {
    PipelineRun run = embedded(RunMode.CONTINUOUS);
    checkpoint(
        JobEnvironment.checkpointDirectory(run, "gold", CUSTOMER),
        "job-a",
        9,
        Instant.now().minus(Duration.ofHours(2)));

    Output changed =
        Output.of(
            () ->
                JobEnvironment.configuration(
                    run, "gold", CUSTOMER_AND_FLIGHT, RuntimeExecutionMode.STREAMING));

    assertThat(changed.console())
        .contains("lived through 9 checkpoints")
        .contains("was written 2h 0m ago. To keep that state")
        .doesNotContain("oldest");
  }

  @Test
  void agesReadAsTheTwoLargestUnits() {
    Instant now = Instant.parse("2026-01-10T12:00:00Z");
    assertThat(JobEnvironment.age(now.minusSeconds(12), now)).isEqualTo("12s");
    assertThat(JobEnvironment.age(now.minusSeconds(5 * 60 + 3), now)).isEqualTo("5m 3s");
    assertThat(JobEnvironment.age(now.minus(Duration.ofMinutes(185)), now)).isEqualTo("3h 5m");
    assertThat(JobEnvironment.age(now.minus(Duration.ofHours(52)), now)).isEqualTo("2d 4h");
    assertThat(JobEnvironment.age(now.plusSeconds(3), now)).isEqualTo("0s");
  }

  /** What a call printed on System.err and logged through JobEnvironment's logger. */
  private record Output(Configuration value, String console, String log) {
    static Output of(Callable<Configuration> call) throws Exception {
      LoggerContext context = (LoggerContext) LogManager.getContext(false);
      StringWriter log = new StringWriter();
      WriterAppender appender =
          WriterAppender.newBuilder()
              .setName("job-environment-test")
              .setTarget(log)
              .setLayout(PatternLayout.newBuilder().withPattern("%p %m%n").build())
              .build();
      appender.start();
      LoggerConfig logger =
          context.getConfiguration().getLoggerConfig(JobEnvironment.class.getName());
      logger.addAppender(appender, Level.INFO, null);
      context.updateLoggers();
      ByteArrayOutputStream console = new ByteArrayOutputStream();
      PrintStream err = System.err;
      System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
      try {
        Configuration value = call.call();
        return new Output(value, console.toString(StandardCharsets.UTF_8), log.toString());
      } finally {
        System.setErr(err);
        logger.removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
      }
    }
  }
}
