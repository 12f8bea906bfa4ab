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
import io.lakehouseflow.core.config.RunMode;
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
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
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

  /** Planned by {@link #prepare} on another thread while earlier layers run; taken by submit. */
  private final AtomicReference<Submission> prepared = new AtomicReference<>();

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
    return fingerprint(run, plan());
  }

  private static PlanFingerprint fingerprint(PipelineRun run, GoldPlan plan) {
    PlanFingerprint.Builder fingerprint = PlanFingerprint.builder();
    for (String source : silverSources(run)) {
      LayerSchema silver = LayerSchemas.silver(run.spec(), source);
      fingerprint.table(silver.table(), silver.icebergSchema());
    }
    fingerprint.sql(plan.describe());
    plan.tables().forEach(t -> fingerprint.table(t.id(), t.schema(), t.primaryKey()));
    return fingerprint.build();
  }

  /**
   * Plans the job with the columns bronze holds now, while the bronze and silver jobs run: the gold
   * tables are created, the job is built, nothing is submitted and no gold row changes. {@link
   * #submit} uses it when the columns (and so the plan) are still the same, and plans again
   * otherwise.
   */
  @Override
  public void prepare() throws Exception {
    long startedAt = System.nanoTime();
    prepared.set(build(run.withBronzeColumns()));
    LOG.info(
        "Planned the gold job of pipeline {} ahead in {} ms",
        run.spec().name(),
        (System.nanoTime() - startedAt) / 1_000_000);
  }

  @Override
  public JobClient submit() throws Exception {
    if (!columnsResolved) {
      run = run.withBronzeColumns();
      columnsResolved = true;
    }
    Submission submission = planned();
    boolean incremental = refresh.kind() == Refresh.Kind.INCREMENTAL;
    if (refresh.kind() == Refresh.Kind.REBUILD) {
      for (RunMode mode : RunMode.values()) {
        discardState(JobEnvironment.checkpointDirectory(run, NAME, submission.fingerprint(), mode));
      }
    }
    Map<String, Long> targets = Map.of();
    try (LakehouseCatalog catalog = run.catalog()) {
      if (recomputes(submission.stateDirectory())) {
        // Without state the job recomputes every key from all of silver and inserts each row
        // anew; rows gold holds from an earlier plan, a rebuild or a run whose state is gone
        // would otherwise stay beside them, twice over.
        truncate(submission.plan(), catalog);
      }
      if (incremental) {
        targets = silverRows(catalog);
      }
    }
    GoldDataflow dataflow = submission.dataflow();
    JobClient client = submission.env().executeAsync();
    if (incremental) {
      Map<String, Long> rowsToRead = new HashMap<>();
      for (Map.Entry<String, String> read : dataflow.reads().entrySet()) {
        rowsToRead.put(read.getKey(), targets.getOrDefault(read.getValue(), 0L));
      }
      List<TableIdentifier> written = new ArrayList<>();
      submission.plan().tables().forEach(t -> written.add(t.id()));
      dataflow.models().forEach(m -> m.table().ifPresent(t -> written.add(t.id())));
      GoldCommits commits = new GoldCommits(submission.catalog(), written);
      incrementalStop =
          new IncrementalStop(
              client, rowsToRead, dataflow.reads(), commits, submission.stateDirectory());
    }
    LOG.info(
        "Submitted gold job {} in {} mode writing {} tables and {} SQL models",
        client.getJobID(),
        run.mode(),
        submission.plan().tables().size(),
        dataflow.models().size());
    return client;
  }

  /**
   * The prepared job when it was planned from the plan {@link #run} now has, otherwise a job
   * planned now.
   */
  private Submission planned() throws Exception {
    Submission ahead = prepared.getAndSet(null);
    if (ahead != null) {
      if (ahead.fingerprint().equals(fingerprint(run, GoldPlan.of(run.spec())))) {
        return ahead;
      }
      LOG.info(
          "Gold plan of pipeline {} changed since it was planned ahead (the columns of bronze"
              + " did); planning again",
          run.spec().name());
    }
    return build(run);
  }

  /**
   * Plans the job of {@code resolved} (a run with the columns silver holds): creates the gold
   * tables it lacks and builds the job, without submitting it or changing a row.
   */
  private Submission build(PipelineRun resolved) throws Exception {
    GoldPlan plan = GoldPlan.of(resolved.spec());
    if (plan.isEmpty()) {
      throw new IllegalStateException(
          "Cannot submit the gold job of pipeline "
              + resolved.spec().location()
              + ": the spec declares no dimensions and no facts. Declare one, or skip the gold job.");
    }
    PlanFingerprint fingerprint = fingerprint(resolved, plan);
    Path stateDirectory = JobEnvironment.checkpointDirectory(resolved, NAME, fingerprint);
    boolean incremental = refresh.kind() == Refresh.Kind.INCREMENTAL;
    try (LakehouseCatalog catalog = resolved.catalog()) {
      requireSilverTables(resolved, catalog);
      for (GoldTable table : plan.tables()) {
        table.createIfAbsent(catalog);
        if (refresh.streaming()) {
          table.commitEveryCheckpoint(catalog, incremental);
        }
      }
    }
    StreamExecutionEnvironment env =
        incremental
            ? JobEnvironment.createResuming(resolved, NAME, fingerprint)
            : JobEnvironment.create(
                resolved,
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
    LakehouseCatalog catalog = resolved.catalog();
    catalog.registerIn(tableEnv);
    LOG.info("Gold plan of pipeline {}:\n{}", resolved.spec().name(), plan.describe());
    GoldDataflow dataflow = new GoldDataflow(plan, refresh, tableEnv, catalog);
    dataflow.build();
    return new Submission(plan, fingerprint, stateDirectory, env, dataflow, catalog);
  }

  /**
   * A planned job: what it builds, the checkpoint directory of its plan, and the environment
   * holding its operators, ready to execute.
   */
  private record Submission(
      GoldPlan plan,
      PlanFingerprint fingerprint,
      Path stateDirectory,
      StreamExecutionEnvironment env,
      GoldDataflow dataflow,
      LakehouseCatalog catalog) {}

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

  /**
   * Whether this submission starts a streaming job without state, known to this side: an
   * incremental run or a continuous job whose restore the client decides ({@link
   * Recovery#LATEST_RETAINED_CHECKPOINT}), with no restore path set and no retained checkpoint of
   * the plan. Under {@link Recovery#CLUSTER} an incremental run restores nothing, so it always
   * recomputes; a continuous job's restore is the cluster's to decide (a savepoint, HA, or the
   * application re-run after a failover), so the client never empties its tables.
   */
  private boolean recomputes(Path stateDirectory) {
    if (!refresh.streaming() || run.options().contains(StateRecoveryOptions.SAVEPOINT_PATH)) {
      return false;
    }
    boolean clientRestores =
        run.options().get(LakehouseOptions.RECOVERY) == Recovery.LATEST_RETAINED_CHECKPOINT;
    if (clientRestores) {
      return RetainedCheckpoint.newest(stateDirectory).isEmpty();
    }
    return refresh.kind() == Refresh.Kind.INCREMENTAL;
  }

  /** The rows each silver table the plan reads held at its current snapshot. */
  private Map<String, Long> silverRows(LakehouseCatalog catalog) {
    Map<String, Long> rows = new HashMap<>();
    for (String source : silverSources(run)) {
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
   * Deletes the state incremental or continuous runs of this plan kept: after a rebuild, which
   * replaces gold from all of silver, a job resuming from it would replay the changes since that
   * state onto the rebuilt tables, and write rows that are new to the state but not to the tables
   * twice. Without state the next incremental run empties gold and recomputes it once; the next
   * continuous job recomputes every key from all of silver, upserting the rows the rebuild wrote.
   * No continuous job runs meanwhile: it would hold the writer lease the rebuild holds.
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
  private static Set<String> silverSources(PipelineRun run) {
    Set<String> sources = new LinkedHashSet<>();
    run.spec().dimensions().values().stream().map(DimensionSpec::source).forEach(sources::add);
    run.spec().facts().values().stream().map(FactSpec::source).forEach(sources::add);
    run.spec().models().values().forEach(m -> sources.addAll(m.silverReads()));
    return sources;
  }

  private static void requireSilverTables(PipelineRun run, LakehouseCatalog catalog) {
    for (String source : silverSources(run)) {
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
