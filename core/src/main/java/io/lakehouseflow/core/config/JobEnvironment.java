package io.lakehouseflow.core.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the Flink environment of one job of a run: runtime mode, parallelism, exactly-once
 * checkpoints under {@code <checkpoints>/<job>} retained on cancellation, and, for continuous runs
 * whose {@link LakehouseOptions#RECOVERY} is {@link Recovery#LATEST_RETAINED_CHECKPOINT}, recovery
 * from the newest retained checkpoint. In a plain JVM this is a local MiniCluster; under {@code
 * flink run} it is the cluster's.
 */
public final class JobEnvironment {
  private static final Logger LOG = LoggerFactory.getLogger(JobEnvironment.class);
  private static final String ICEBERG_WRITE_RESULT =
      "org.apache.iceberg.flink.sink.FlinkWriteResult";
  private static final String PLAN_DIRECTORY_PREFIX = "plan-";

  private JobEnvironment() {}

  /** The Flink configuration of job {@code jobName} in {@code run}. */
  public static Configuration configuration(
      PipelineRun run, String jobName, RuntimeExecutionMode runtimeMode) {
    return configuration(run, jobName, "", runtimeMode);
  }

  /**
   * The Flink configuration of job {@code jobName}, whose operators are defined by {@code plan}
   * (empty when every stateful operator has a stable uid of its own).
   */
  public static Configuration configuration(
      PipelineRun run, String jobName, String plan, RuntimeExecutionMode runtimeMode) {
    Configuration conf = new Configuration(run.options());
    conf.set(PipelineOptions.NAME, run.spec().name() + "-" + jobName);
    conf.set(ExecutionOptions.RUNTIME_MODE, runtimeMode);
    conf.set(CoreOptions.DEFAULT_PARALLELISM, run.options().get(LakehouseOptions.PARALLELISM));
    conf.set(PipelineOptions.SERIALIZATION_CONFIG, serializationConfig(conf));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
    if (runtimeMode == RuntimeExecutionMode.STREAMING) {
      Path checkpoints = checkpointDirectory(run, jobName, plan);
      conf.set(
          CheckpointingOptions.CHECKPOINTING_INTERVAL,
          run.options().get(LakehouseOptions.CHECKPOINT_INTERVAL));
      conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
      conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toString());
      conf.set(
          CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
          ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
      if (run.mode() == RunMode.CONTINUOUS && !conf.contains(StateRecoveryOptions.SAVEPOINT_PATH)) {
        recover(conf, run, jobName, checkpoints, plan);
      }
    }
    return conf;
  }

  /**
   * Sets the restore path of a continuous job that has none, when this side decides recovery: the
   * newest retained checkpoint of the job's plan. Under {@link Recovery#CLUSTER} nothing is listed
   * or set; the cluster restores what it decides.
   */
  private static void recover(
      Configuration conf, PipelineRun run, String jobName, Path checkpoints, String plan) {
    Recovery recovery = run.options().get(LakehouseOptions.RECOVERY);
    if (recovery == Recovery.CLUSTER) {
      LOG.info(
          "Job {} leaves recovery to the cluster ({}={}); it checkpoints to {}",
          jobName,
          LakehouseOptions.RECOVERY.key(),
          recovery,
          checkpoints);
      return;
    }
    Optional<RetainedCheckpoint> latest = RetainedCheckpoint.newest(checkpoints);
    if (latest.isPresent()) {
      Path chk = latest.get().directory();
      LOG.info("Job {} resumes from retained checkpoint {}", jobName, chk);
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, chk.toString());
    } else if (RetainedCheckpoint.newest(run.checkpoints(jobName)).isPresent()) {
      LOG.warn(
          "Job {} changed since its last checkpoints under {} (the spec changed its tables);"
              + " their state cannot be mapped onto the new operators safely, so it starts"
              + " without them",
          jobName,
          run.checkpoints(jobName));
    }
  }

  /**
   * Iceberg's {@code FlinkSink} ships {@code FlinkWriteResult}s from writers to the committer as
   * Kryo generic types; Flink 2's Kryo 5 instantiates Iceberg's {@code SerializableByteBufferMap}
   * without its constructor and fails with a NullPointerException on the first commit. Java
   * serialization, which those classes support, avoids it. Entries set by the user are kept.
   */
  static List<String> serializationConfig(Configuration conf) {
    List<String> entries =
        new ArrayList<>(conf.getOptional(PipelineOptions.SERIALIZATION_CONFIG).orElse(List.of()));
    if (entries.stream().noneMatch(e -> e.startsWith(ICEBERG_WRITE_RESULT))) {
      entries.add(
          ICEBERG_WRITE_RESULT
              + ": {type: kryo, kryo-type: default, class:"
              + " com.esotericsoftware.kryo.serializers.JavaSerializer}");
    }
    return entries;
  }

  /** A stream environment for job {@code jobName}, configured by {@link #configuration}. */
  public static StreamExecutionEnvironment create(
      PipelineRun run, String jobName, RuntimeExecutionMode runtimeMode) {
    return create(run, jobName, "", runtimeMode);
  }

  /**
   * A stream environment for a job whose operator uids come from a generated plan (Flink SQL), not
   * from names of its own: {@code plan} is the text that defines its operators, and the job
   * checkpoints under a directory named by the plan's fingerprint. A job whose plan changed (the
   * spec added or removed a table) so never restores state onto operators that merely got the old
   * uids.
   */
  public static StreamExecutionEnvironment create(
      PipelineRun run, String jobName, String plan, RuntimeExecutionMode runtimeMode) {
    return StreamExecutionEnvironment.getExecutionEnvironment(
        configuration(run, jobName, plan, runtimeMode));
  }

  /**
   * Where job {@code jobName} with operators defined by {@code plan} checkpoints: the run's
   * checkpoint directory of the job, and below it {@code plan-<fingerprint>} when a plan is given.
   */
  public static Path checkpointDirectory(PipelineRun run, String jobName, String plan) {
    Path job = run.checkpoints(jobName);
    if (plan.isEmpty()) {
      return job;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(plan.getBytes(StandardCharsets.UTF_8));
      return new Path(job, PLAN_DIRECTORY_PREFIX + HexFormat.of().formatHex(digest, 0, 6));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Failed to fingerprint the plan of job " + jobName, e);
    }
  }

  /**
   * The newest complete checkpoint ({@code chk-N} with {@code _metadata}) under a job's checkpoint
   * directory, listed through Flink's file systems ({@code file:}, {@code s3:} with its plugin).
   */
  public static Optional<Path> latestCheckpoint(Path jobCheckpoints) {
    return RetainedCheckpoint.newest(jobCheckpoints).map(RetainedCheckpoint::directory);
  }
}
