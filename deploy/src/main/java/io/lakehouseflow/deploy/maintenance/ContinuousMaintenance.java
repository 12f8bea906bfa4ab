package io.lakehouseflow.deploy.maintenance;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.config.JobEnvironment;
import io.lakehouseflow.core.config.PipelineJob;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.spec.MaintenancePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.maintenance.api.TableMaintenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maintenance of a continuous run: one Flink job beside the layers' jobs, in which Iceberg's
 * {@link TableMaintenance} watches each table the run writes and compacts it, expires its snapshots
 * and removes its orphan files as the layer's policy says.
 *
 * <p>A job of its own rather than operators inside each layer's job: Iceberg built {@link
 * TableMaintenance#forTable} for exactly this (a monitor source polling the table), so it needs no
 * hook in the writers' jobs, whatever API they are built with (the silver job is Flink SQL), and a
 * failing or slow maintenance task can never restart or back-pressure a writer. Concurrency with
 * the writers is Iceberg's optimistic concurrency: a compaction commits a replace with the sequence
 * number of the snapshot it started from, so equality deletes a gold writer commits meanwhile still
 * apply to the rewritten rows; a writer's commit validates only files of its own checkpoint, which
 * no compaction touches, while a compaction whose input changed fails its validation and is planned
 * again at its next trigger. Tasks of one table never overlap: the trigger manager holds Iceberg's
 * per-job lock (the coordinator lock; Iceberg 1.11 deprecates the external {@code
 * TriggerLockFactory} variants, whose locks a new job resets on start anyway, so they exclude no
 * more). Two runs never maintain one table at once because both would need its {@code WriterLease}.
 */
public final class ContinuousMaintenance implements PipelineJob {
  /** The job's name, also its checkpoint directory. */
  public static final String NAME = "maintenance";

  /** The shortest checkpoint interval of the maintenance job. */
  private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(ContinuousMaintenance.class);

  private final PipelineRun run;
  private final List<TableIdentifier> tables;

  private ContinuousMaintenance(PipelineRun run, List<TableIdentifier> tables) {
    this.run = run;
    this.tables = tables;
  }

  /**
   * The maintenance of {@code written} (tables of a continuous run), leaving out those whose layer
   * disables it; empty when none is left.
   */
  public static Optional<ContinuousMaintenance> of(PipelineRun run, List<TableIdentifier> written) {
    List<TableIdentifier> maintained =
        written.stream().filter(id -> policy(run, id).enabled()).toList();
    return maintained.isEmpty()
        ? Optional.empty()
        : Optional.of(new ContinuousMaintenance(run, maintained));
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The tables this job maintains. */
  public List<TableIdentifier> tables() {
    return tables;
  }

  /** Submits the job; the tables must exist, so the layers' jobs are submitted first. */
  @Override
  public JobClient submit() throws Exception {
    Configuration conf =
        IcebergFileSerialization.configure(
            JobEnvironment.configuration(run, NAME, RuntimeExecutionMode.STREAMING));
    // A run ends when any of its jobs ends; maintenance that keeps failing (a table it cannot
    // read) retries with growing delays rather than stopping the writers after three attempts.
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    // Its tasks commit to Iceberg themselves, not on checkpoints; a checkpoint only keeps the
    // trigger counts, which a restart without them recounts. Checkpointing a job of a dozen
    // operators per table at the writers' 1 s interval cost the writers' freshness on two cores.
    Duration writers = conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL);
    conf.set(
        CheckpointingOptions.CHECKPOINTING_INTERVAL,
        writers.compareTo(CHECKPOINT_INTERVAL) > 0 ? writers : CHECKPOINT_INTERVAL);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    try (LakehouseCatalog catalog = run.catalog()) {
      for (TableIdentifier id : tables) {
        MaintenancePolicy policy = policy(run, id);
        TableMaintenance.forTable(env, catalog.tableLoader(id))
            // Stable uids per table, so the trigger manager's state (commits counted since the
            // last compaction) survives a restart from a checkpoint.
            .uidSuffix("maintenance-" + id)
            .rateLimit(run.options().get(MaintenanceOptions.RATE_LIMIT))
            .lockCheckDelay(run.options().get(MaintenanceOptions.LOCK_CHECK_DELAY))
            .parallelism(1)
            .add(MaintenanceTasks.scheduled(policy))
            .append();
        LOG.info("Maintaining {} continuously: {}", id, policy);
      }
    }
    return env.executeAsync(run.spec().name() + "-" + NAME);
  }

  private static MaintenancePolicy policy(PipelineRun run, TableIdentifier id) {
    return run.spec().maintenance().forLayer(id.namespace().level(0));
  }
}
