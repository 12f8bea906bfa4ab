package io.lakehouseflow.core.config;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.RecoveryClaimMode;
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
  /**
   * Managed memory of an embedded cluster. RocksDB lives in it, and the embedded default (a
   * fraction of a small heap) makes it flush its memtables constantly.
   */
  public static final MemorySize EMBEDDED_MANAGED_MEMORY = MemorySize.ofMebiBytes(512);

  /**
   * Heartbeat interval of an embedded cluster. Task heartbeats carry the accumulators an
   * incremental gold run watches to know it has read silver; Flink's default of 10 s would make
   * every such run wait that long.
   */
  public static final Duration EMBEDDED_HEARTBEAT_INTERVAL = Duration.ofMillis(200);

  /**
   * The shortest interval of periodic checkpoints in a streaming job of an available-now run that
   * resumes from its previous run's state (see {@link #createResuming}).
   */
  public static final Duration RESUMING_CHECKPOINT_INTERVAL = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(JobEnvironment.class);
  private static final String ICEBERG_WRITE_RESULT =
      "org.apache.iceberg.flink.sink.FlinkWriteResult";
  private static final String PLAN_DIRECTORY_PREFIX = "plan-";

  private JobEnvironment() {}

  /**
   * Sets, where {@code conf} leaves them open, what an embedded cluster needs for this project's
   * jobs: {@link #EMBEDDED_MANAGED_MEMORY} and {@link #EMBEDDED_HEARTBEAT_INTERVAL}.
   */
  public static Configuration withEmbeddedDefaults(Configuration conf) {
    if (!conf.contains(TaskManagerOptions.MANAGED_MEMORY_SIZE)) {
      conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, EMBEDDED_MANAGED_MEMORY);
    }
    if (!conf.contains(HeartbeatManagerOptions.HEARTBEAT_INTERVAL)) {
      conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, EMBEDDED_HEARTBEAT_INTERVAL);
    }
    return conf;
  }

  /** The Flink configuration of job {@code jobName}, whose operators all have uids of their own. */
  public static Configuration configuration(
      PipelineRun run, String jobName, RuntimeExecutionMode runtimeMode) {
    return configuration(run, jobName, Optional.empty(), runtimeMode);
  }

  /** The Flink configuration of job {@code jobName}, whose operators {@code plan} defines. */
  public static Configuration configuration(
      PipelineRun run, String jobName, PlanFingerprint plan, RuntimeExecutionMode runtimeMode) {
    return configuration(run, jobName, Optional.of(plan), runtimeMode, false);
  }

  private static Configuration configuration(
      PipelineRun run,
      String jobName,
      Optional<PlanFingerprint> plan,
      RuntimeExecutionMode runtimeMode) {
    return configuration(run, jobName, plan, runtimeMode, false);
  }

  /**
   * @param resumesAvailableNow whether a streaming job of an available-now run resumes from the
   *     state its previous run kept, as a continuous job does (incremental gold)
   */
  private static Configuration configuration(
      PipelineRun run,
      String jobName,
      Optional<PlanFingerprint> plan,
      RuntimeExecutionMode runtimeMode,
      boolean resumesAvailableNow) {
    Configuration conf = new Configuration(run.options());
    conf.set(PipelineOptions.NAME, run.spec().name() + "-" + jobName);
    conf.set(ExecutionOptions.RUNTIME_MODE, runtimeMode);
    conf.set(CoreOptions.DEFAULT_PARALLELISM, run.options().get(LakehouseOptions.PARALLELISM));
    conf.set(PipelineOptions.SERIALIZATION_CONFIG, serializationConfig(conf));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
    if (runtimeMode == RuntimeExecutionMode.STREAMING) {
      // A cluster keeps its own settings; these apply to a cluster started for this job only.
      withEmbeddedDefaults(conf);
      Path checkpoints = checkpointDirectory(run, jobName, plan);
      conf.set(
          CheckpointingOptions.CHECKPOINTING_INTERVAL,
          run.options().get(LakehouseOptions.CHECKPOINT_INTERVAL));
      conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
      conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toString());
      conf.set(
          CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
          ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
      if ((run.mode() == RunMode.CONTINUOUS || resumesAvailableNow)
          && !conf.contains(StateRecoveryOptions.SAVEPOINT_PATH)) {
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
      Configuration conf,
      PipelineRun run,
      String jobName,
      Path checkpoints,
      Optional<PlanFingerprint> plan) {
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
      // Claim: the job owns the checkpoint and builds its incremental checkpoints on it. Without
      // claim Flink makes the first checkpoint after a restore a full one, which costs every run
      // time in proportion to all state, not to what it changed. A user's own setting is kept.
      if (!conf.contains(StateRecoveryOptions.RESTORE_MODE)) {
        conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
      }
    } else if (plan.isPresent()) {
      warnIfOtherPlansHoldState(run, jobName, checkpoints, plan.get());
    }
  }

  /**
   * A job whose plan changed starts without state and so recomputes from its input; that is the
   * safe choice, but a user who only edited a spec may not expect it, so say so where they look
   * (the console) and in the log, with how much state is left behind.
   */
  private static void warnIfOtherPlansHoldState(
      PipelineRun run, String jobName, Path checkpoints, PlanFingerprint plan) {
    Path jobDirectory = run.checkpoints(jobName);
    String current = checkpoints.toString() + Path.SEPARATOR;
    List<RetainedCheckpoint> others = new ArrayList<>();
    for (RetainedCheckpoint chk : RetainedCheckpoint.under(jobDirectory)) {
      if (!chk.directory().toString().startsWith(current)) {
        others.add(chk);
      }
    }
    Optional<RetainedCheckpoint> newest = RetainedCheckpoint.newest(others);
    if (newest.isEmpty()) {
      return;
    }
    RetainedCheckpoint oldest = RetainedCheckpoint.oldest(others).orElseThrow();
    Instant now = Instant.now();
    String message =
        "Job "
            + jobName
            + " of pipeline "
            + run.spec().name()
            + " recomputes from its input, without state: its operators changed (plan "
            + plan
            + "), and the checkpoints under "
            + jobDirectory
            + " belong to other plans; their state cannot be mapped onto the new operators"
            + " safely. That state had lived through "
            + newest.get().id()
            + " checkpoints: the newest, "
            + newest.get().directory().getName()
            + " at "
            + newest.get().directory()
            + ", was written "
            + age(newest.get().writtenAt(), now)
            + " ago"
            + (others.size() == 1
                ? ""
                : "; the oldest of the "
                    + others.size()
                    + " retained checkpoints was written "
                    + age(oldest.writtenAt(), now)
                    + " ago")
            + ". To keep that state, stop this run and run the previous spec, which resumes"
            + " from it; otherwise delete the old "
            + PLAN_DIRECTORY_PREFIX
            + "* directories once no longer needed.";
    LOG.warn(message);
    System.err.println("WARNING: " + message);
  }

  /** An age for people: {@code 2d 4h}, {@code 3h 5m}, {@code 5m 12s}, {@code 12s}. */
  static String age(Instant then, Instant now) {
    Duration age = Duration.between(then, now);
    if (age.isNegative()) {
      age = Duration.ZERO;
    }
    if (age.toDays() > 0) {
      return age.toDays() + "d " + age.toHoursPart() + "h";
    }
    if (age.toHours() > 0) {
      return age.toHours() + "h " + age.toMinutesPart() + "m";
    }
    if (age.toMinutes() > 0) {
      return age.toMinutes() + "m " + age.toSecondsPart() + "s";
    }
    return age.toSeconds() + "s";
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
    return StreamExecutionEnvironment.getExecutionEnvironment(
        configuration(run, jobName, runtimeMode));
  }

  /**
   * A stream environment for a job whose operator ids come from a generated plan (Flink SQL), not
   * from uids of its own: the job checkpoints under a directory named by the plan's fingerprint, so
   * a job whose plan changed (the spec changed its tables) never restores state onto operators that
   * merely got the old ids.
   */
  public static StreamExecutionEnvironment create(
      PipelineRun run, String jobName, PlanFingerprint plan, RuntimeExecutionMode runtimeMode) {
    return StreamExecutionEnvironment.getExecutionEnvironment(
        configuration(run, jobName, plan, runtimeMode));
  }

  /**
   * A stream environment for a streaming job of an available-now run that resumes from the newest
   * state its previous run kept (the checkpoint it ended on), under the directory of its plan, like
   * a continuous job.
   */
  public static StreamExecutionEnvironment createResuming(
      PipelineRun run, String jobName, PlanFingerprint plan) {
    return StreamExecutionEnvironment.getExecutionEnvironment(
        resumingConfiguration(run, jobName, plan));
  }

  /** The configuration {@link #createResuming} creates its environment with. */
  static Configuration resumingConfiguration(
      PipelineRun run, String jobName, PlanFingerprint plan) {
    Configuration conf =
        configuration(run, jobName, Optional.of(plan), RuntimeExecutionMode.STREAMING, true);
    // The run ends on a checkpoint it triggers itself, and its results count only then; periodic
    // checkpoints in between only protect a long run from a restart, and each is a commit (a
    // snapshot and small files) of every table it writes. So they come no more often than this.
    Duration interval = conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL);
    if (interval.compareTo(RESUMING_CHECKPOINT_INTERVAL) < 0) {
      conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, RESUMING_CHECKPOINT_INTERVAL);
    }
    // The run watches the job's read counts, which task heartbeats bring to the job manager:
    // Flink's default of 10 s would make every run wait that long. Applies to the embedded
    // cluster only; a cluster keeps its own setting.
    if (!conf.contains(HeartbeatManagerOptions.HEARTBEAT_INTERVAL)) {
      conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, EMBEDDED_HEARTBEAT_INTERVAL);
    }
    return conf;
  }

  /** Where job {@code jobName}, whose operators have uids of their own, checkpoints. */
  public static Path checkpointDirectory(PipelineRun run, String jobName) {
    return checkpointDirectory(run, jobName, Optional.empty());
  }

  /**
   * Where job {@code jobName} with operators defined by {@code plan} checkpoints: {@code
   * plan-<fingerprint>} in the run's checkpoint directory of the job.
   */
  public static Path checkpointDirectory(PipelineRun run, String jobName, PlanFingerprint plan) {
    return checkpointDirectory(run, jobName, Optional.of(plan));
  }

  /**
   * Where job {@code jobName} with operators defined by {@code plan} checkpoints when it runs in
   * {@code mode}, whatever the mode of {@code run}: what a rebuild discards in both.
   */
  public static Path checkpointDirectory(
      PipelineRun run, String jobName, PlanFingerprint plan, RunMode mode) {
    return new Path(run.checkpoints(jobName, mode), PLAN_DIRECTORY_PREFIX + plan.hex());
  }

  private static Path checkpointDirectory(
      PipelineRun run, String jobName, Optional<PlanFingerprint> plan) {
    return plan.map(p -> checkpointDirectory(run, jobName, p, run.mode()))
        .orElse(run.checkpoints(jobName));
  }
}
