package io.lakehouseflow.modeling;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.SnapshotSummaries;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.JobEnvironment;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineJob;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.PlanFingerprint;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RetainedCheckpoint;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.FactSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.modeling.flow.GoldDataflow;
import io.lakehouseflow.modeling.sql.GoldTable;
import io.lakehouseflow.modeling.sql.Refresh;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The silver-to-gold job: one Flink job writing every dimension and fact of the spec, as planned by
 * {@link GoldPlan} and wired by {@link GoldDataflow}. Continuous runs stream silver into gold until
 * cancelled; available-now runs the same streaming job from the state its previous run kept until
 * it has read what silver held at its start ({@link IncrementalStop}), or with {@code --rebuild}
 * one batch job over all of silver. Streaming state (per-key history) lives in RocksDB with
 * incremental checkpoints. All three give the same rows.
 */
public final class GoldJob implements PipelineJob {
  private static final Logger LOG = LoggerFactory.getLogger(GoldJob.class);

  /** The job's name, also its checkpoint directory. */
  public static final String NAME = "gold";

  // Replaced once, at submission, by the run with the columns silver holds (withBronzeColumns).
  private PipelineRun run;
  private boolean columnsResolved;
  private final Refresh refresh;

  /** Of the last submission in incremental mode: what it must read before it stops. */
  private IncrementalStop incrementalStop;

  private GoldJob(PipelineRun run) {
    this.run = Objects.requireNonNull(run, "run");
    this.refresh =
        Refresh.of(
            run.mode(), run.options().get(LakehouseOptions.GOLD_REBUILD), run.monitorInterval());
  }

  /**
   * The gold job of {@code run}; its mode decides batch rebuild or streaming upserts. At submission
   * it reads silver with the columns silver holds then ({@link PipelineRun#withBronzeColumns}), so
   * a column added to silver changes the plan and gold is recomputed once rather than restored into
   * other operators.
   */
  public static GoldJob forRun(PipelineRun run) {
    return new GoldJob(run);
  }

  /**
   * The dimension, then the fact tables of {@code spec}, in spec order, then the tables of its SQL
   * models in planning order: what the job writes.
   */
  public static List<TableIdentifier> writtenTables(PipelineSpec spec) {
    List<TableIdentifier> tables = new ArrayList<>();
    spec.dimensions().keySet().forEach(d -> tables.add(TableNames.dimension(d)));
    spec.facts().keySet().forEach(f -> tables.add(TableNames.fact(f)));
    spec.models().values().stream()
        .filter(m -> m.materialized().hasTable())
        .forEach(m -> tables.add(TableNames.model(m.name())));
    return tables;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** What this job builds, without touching the catalog. */
  public GoldPlan plan() {
    return GoldPlan.of(run.spec());
  }

  /**
   * What defines this job's operators: the silver tables it reads with their data columns, the plan
   * in words and the gold tables with their columns and keys. The silver sources' operator ids come
   * from Flink's planner, so checkpoints are kept per plan (see {@link
   * JobEnvironment#create(PipelineRun, String, PlanFingerprint, RuntimeExecutionMode)}). The poll
   * interval is a run setting and does not count.
   */
  PlanFingerprint fingerprint() {
    return fingerprint(plan());
  }

  private PlanFingerprint fingerprint(GoldPlan plan) {
    PlanFingerprint.Builder fingerprint = PlanFingerprint.builder();
    for (String source : silverSources()) {
      LayerSchema silver = LayerSchemas.silver(run.spec(), source);
      fingerprint.table(silver.table(), silver.icebergSchema());
    }
    fingerprint.sql(plan.describe());
    plan.tables().forEach(t -> fingerprint.table(t.id(), t.schema(), t.primaryKey()));
    return fingerprint.build();
  }

  @Override
  public JobClient submit() throws Exception {
    if (!columnsResolved) {
      run = run.withBronzeColumns();
      columnsResolved = true;
    }
    GoldPlan plan = plan();
    if (plan.isEmpty()) {
      throw new IllegalStateException(
          "Cannot submit the gold job of pipeline "
              + run.spec().location()
              + ": the spec declares no dimensions and no facts. Declare one, or skip the gold job.");
    }
    PlanFingerprint fingerprint = fingerprint(plan);
    Path stateDirectory = JobEnvironment.checkpointDirectory(run, NAME, fingerprint);
    boolean incremental = refresh.kind() == Refresh.Kind.INCREMENTAL;
    if (refresh.kind() == Refresh.Kind.REBUILD) {
      discardState(stateDirectory);
    }
    Map<String, Long> targets = Map.of();
    try (LakehouseCatalog catalog = run.catalog()) {
      requireSilverTables(catalog);
      for (GoldTable table : plan.tables()) {
        table.createIfAbsent(catalog);
        if (refresh.streaming()) {
          table.commitEveryCheckpoint(catalog, incremental);
        }
      }
      if (incremental) {
        boolean resumes =
            run.options().get(LakehouseOptions.RECOVERY) == Recovery.LATEST_RETAINED_CHECKPOINT
                && RetainedCheckpoint.newest(stateDirectory).isPresent();
        if (!resumes) {
          // Without state the job recomputes every key from all of silver; rows gold holds from
          // an earlier plan, a rebuild or a run whose state is gone would otherwise stay beside
          // them. Under Recovery.CLUSTER the client restores nothing, so every run recomputes.
          truncate(plan, catalog);
        }
        targets = silverRows(catalog);
      }
    }
    StreamExecutionEnvironment env =
        incremental
            ? JobEnvironment.createResuming(run, NAME, fingerprint)
            : JobEnvironment.create(
                run,
                NAME,
                fingerprint,
                refresh.streaming() ? RuntimeExecutionMode.STREAMING : RuntimeExecutionMode.BATCH);
    if (refresh.streaming()) {
      env.configure(stateBackend());
    }
    EnvironmentSettings settings =
        refresh.streaming()
            ? EnvironmentSettings.inStreamingMode()
            : EnvironmentSettings.inBatchMode();
    StreamTableEnvironment tableEnv = StreamTableEnvironment.create(env, settings);
    LakehouseCatalog catalog = run.catalog();
    catalog.registerIn(tableEnv);
    LOG.info("Gold plan of pipeline {}:\n{}", run.spec().name(), plan.describe());
    GoldDataflow dataflow = new GoldDataflow(plan, refresh, tableEnv, catalog);
    dataflow.build();
    JobClient client = env.executeAsync();
    if (incremental) {
      Map<String, Long> rowsToRead = new HashMap<>();
      for (Map.Entry<String, String> read : dataflow.reads().entrySet()) {
        rowsToRead.put(read.getKey(), targets.getOrDefault(read.getValue(), 0L));
      }
      List<TableIdentifier> written = new ArrayList<>();
      plan.tables().forEach(t -> written.add(t.id()));
      dataflow.models().forEach(m -> m.table().ifPresent(t -> written.add(t.id())));
      GoldCommits commits = new GoldCommits(catalog, written);
      incrementalStop =
          new IncrementalStop(client, rowsToRead, dataflow.reads(), commits, stateDirectory);
    }
    LOG.info(
        "Submitted gold job {} in {} mode writing {} tables and {} SQL models",
        client.getJobID(),
        run.mode(),
        plan.tables().size(),
        dataflow.models().size());
    return client;
  }

  /**
   * In incremental mode, runs the job until it has read what silver held at its submission, then
   * ends it on the committed checkpoint the next run resumes from; otherwise as every job.
   */
  @Override
  public void runToCompletion() throws Exception {
    if (refresh.kind() != Refresh.Kind.INCREMENTAL) {
      PipelineJob.super.runToCompletion();
      return;
    }
    JobClient client = submit();
    try {
      incrementalStop.await();
    } catch (Exception e) {
      if (!client.getJobStatus().get().isGloballyTerminalState()) {
        client.cancel().get();
      }
      if (e instanceof java.util.concurrent.ExecutionException && e.getCause() != null) {
        throw failure(e.getCause());
      }
      throw e;
    }
  }

  /** The rows each silver table the plan reads held at its current snapshot. */
  private Map<String, Long> silverRows(LakehouseCatalog catalog) {
    Map<String, Long> rows = new HashMap<>();
    for (String source : silverSources()) {
      Snapshot current = catalog.loadTable(TableNames.silver(source)).currentSnapshot();
      rows.put(
          source,
          current == null
              ? 0
              : SnapshotSummaries.count(current, SnapshotSummary.TOTAL_RECORDS_PROP));
    }
    return rows;
  }

  /** Deletes every row of the plan's gold tables and its models' tables, one commit per table. */
  private static void truncate(GoldPlan plan, LakehouseCatalog catalog) {
    List<TableIdentifier> tables = new ArrayList<>();
    plan.tables().forEach(t -> tables.add(t.id()));
    plan.models().stream()
        .filter(m -> m.materialized().hasTable())
        .map(m -> TableNames.model(m.name()))
        .filter(catalog::tableExists)
        .forEach(tables::add);
    for (TableIdentifier table : tables) {
      Table t = catalog.loadTable(table);
      if (t.currentSnapshot() != null) {
        t.newDelete().deleteFromRowFilter(Expressions.alwaysTrue()).commit();
        LOG.info("Emptied {}: the gold job starts without state and rebuilds it", table);
      }
    }
  }

  /**
   * Deletes the state incremental runs kept: after a rebuild, which replaces gold from all of
   * silver, an incremental run resuming from it would replay the changes since that state onto the
   * rebuilt tables, and write rows that are new to the state but not to the tables twice. Without
   * state the next incremental run empties gold and recomputes it once.
   */
  private static void discardState(Path stateDirectory) throws java.io.IOException {
    org.apache.flink.core.fs.FileSystem fs = stateDirectory.getFileSystem();
    if (fs.exists(stateDirectory) && fs.delete(stateDirectory, true)) {
      LOG.info(
          "Discarded gold state {}: the next incremental run recomputes gold after this rebuild",
          stateDirectory);
    }
  }

  /**
   * RocksDB keeps each key's history off the heap and checkpoints only what changed, so gold state
   * grows with the keys, not with the heap.
   */
  private static Configuration stateBackend() {
    Configuration conf = new Configuration();
    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    return conf;
  }

  /** The silver tables the dimensions and facts read, in spec order. */
  private Set<String> silverSources() {
    Set<String> sources = new LinkedHashSet<>();
    run.spec().dimensions().values().stream().map(DimensionSpec::source).forEach(sources::add);
    run.spec().facts().values().stream().map(FactSpec::source).forEach(sources::add);
    return sources;
  }

  private void requireSilverTables(LakehouseCatalog catalog) {
    for (String source : silverSources()) {
      TableIdentifier id = TableNames.silver(source);
      if (!catalog.tableExists(id)) {
        throw new IllegalStateException(
            "Cannot submit the gold job: silver table "
                + id
                + " does not exist (pipeline "
                + run.spec().location()
                + "). Run the silver job first.");
      }
    }
  }
}
