package io.lakehouseflow.transforms;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.JobEnvironment;
import io.lakehouseflow.core.config.PipelineJob;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.PlanFingerprint;
import io.lakehouseflow.core.config.ResetCommandLine;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.ExpectationAction;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.SilverTableSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.transforms.conservation.SilverConservation;
import io.lakehouseflow.transforms.expectation.ExpectationFailedException;
import io.lakehouseflow.transforms.expectation.FormattedCast;
import io.lakehouseflow.transforms.expectation.PiiHash;
import io.lakehouseflow.transforms.expectation.SilverLayout;
import io.lakehouseflow.transforms.expectation.SilverQuery;
import io.lakehouseflow.transforms.quality.CheckpointQualityMetrics;
import io.lakehouseflow.transforms.quality.QualityMetrics;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.FlinkConfigOptions;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bronze-to-silver job: for every silver table of the spec, reads the bronze snapshots its
 * silver and quarantine tables have not consumed, renames, casts and checks each row, and appends
 * it to {@code silver.<table>} or {@code silver.<table>_quarantine}, or drops it.
 *
 * <p>Available-now runs are batch jobs; each commit records the bronze snapshot it consumed up to
 * in the snapshot summary ({@value io.lakehouseflow.transforms.progress.SourceSnapshot#PROPERTY}),
 * so every bronze row is written once across runs. Continuous runs stream bronze from that snapshot
 * on and rely on Flink checkpoints afterwards; they do not update the property, so an available-now
 * run after a continuous one re-reads what the continuous job consumed since the last available-now
 * run.
 */
public final class SilverJob implements PipelineJob {
  private static final Logger LOG = LoggerFactory.getLogger(SilverJob.class);

  /** The job name, also its checkpoint directory. */
  public static final String NAME = "silver";

  private final PipelineRun run;

  private SilverJob(PipelineRun run) {
    this.run = run;
  }

  /** The silver job of {@code run}; nothing is created or validated until {@link #submit()}. */
  public static SilverJob forRun(PipelineRun run) {
    return new SilverJob(Objects.requireNonNull(run, "run"));
  }

  /** Each silver table of {@code spec} and its quarantine table, in spec order. */
  public static List<TableIdentifier> tables(PipelineSpec spec) {
    List<TableIdentifier> tables = new ArrayList<>();
    for (String table : spec.silver().keySet()) {
      tables.add(TableNames.silver(table));
      tables.add(TableNames.quarantine(table));
    }
    return tables;
  }

  /**
   * Every table the job writes, each under one writer at a time: {@link #tables} and the quality
   * metrics table its runs append to.
   */
  public static List<TableIdentifier> writtenTables(PipelineSpec spec) {
    List<TableIdentifier> tables = tables(spec);
    tables.add(LayerSchemas.QUALITY_METRICS);
    return tables;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Creates missing silver and quarantine tables and submits the job. An available-now run with
   * nothing new in bronze submits a job that writes nothing.
   */
  @Override
  public JobClient submit() throws Exception {
    try (Started started = start()) {
      return started.job();
    }
  }

  /**
   * Runs the job to completion; an available-now run then checks, per silver table, that the rows
   * it read from bronze equal the rows committed to silver and quarantine plus the rows dropped,
   * and fails naming the tables when not.
   */
  @Override
  public void runToCompletion() throws Exception {
    try (Started started = start()) {
      JobExecutionResult result;
      try {
        result = started.job().getJobExecutionResult().get();
      } catch (ExecutionException e) {
        throw failure(e.getCause() == null ? e : e.getCause());
      }
      if (run.mode() == RunMode.AVAILABLE_NOW) {
        checkConservation(started.conservation(), result);
        QualityMetrics.record(started.catalog(), started.conservation(), result);
      }
    }
  }

  /**
   * The submitted job, the conservation check of each bronze read it runs, and the catalog those
   * checks read the committed tables through: open until the checks are done, since a JDBC or REST
   * catalog cannot refresh a table once closed.
   */
  record Started(JobClient job, List<SilverConservation> conservation, LakehouseCatalog catalog)
      implements AutoCloseable {
    @Override
    public void close() {
      catalog.close();
    }
  }

  void checkConservation(List<SilverConservation> conservation, JobExecutionResult result) {
    List<String> failures = new ArrayList<>();
    for (SilverConservation read : conservation) {
      failures.addAll(read.imbalances(result));
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(
          "Failed to clean bronze into silver: "
              + String.join("; ", failures)
              + ". The run's rows do not add up, so it reports failure, not success. Rebuild the"
              + " silver tables with "
              + ResetCommandLine.forLayer(run, "silver")
              + " and run again; details are in the log.");
    }
    LOG.info(
        "Conservation check of {} silver reads passed: every bronze row read went to silver,"
            + " quarantine, a drop rule or the exact duplicates once",
        conservation.size());
  }

  Started start() throws Exception {
    // Columns schema evolution added to bronze since the spec was written pass into silver too.
    PipelineRun run = this.run.withBronzeColumns();
    boolean batch = run.mode() == RunMode.AVAILABLE_NOW;
    StreamExecutionEnvironment env =
        JobEnvironment.create(
            run,
            NAME,
            plan(run.spec()),
            batch ? RuntimeExecutionMode.BATCH : RuntimeExecutionMode.STREAMING);
    // Whoever decided the restore (this side from a retained checkpoint, `flink run -s`, an
    // operator's upgrade) put it in the job's configuration: the one place to ask.
    boolean restoresState =
        env.getConfiguration().getOptional(StateRecoveryOptions.SAVEPOINT_PATH).isPresent();
    StreamTableEnvironment tableEnv = StreamTableEnvironment.create(env);
    // The FLIP-27 source is the one whose snapshot-range semantics BronzeRange relies on.
    tableEnv.getConfig().set(FlinkConfigOptions.TABLE_EXEC_ICEBERG_USE_FLIP27_SOURCE, true);
    // Casts between timestamp, timestamptz and string, and timestamptz literals in expectations,
    // read a time without zone in the session zone: UTC, as bronze does, whatever the machine's.
    tableEnv.getConfig().setLocalTimeZone(ZoneOffset.UTC);
    registerPiiHash(tableEnv, run.spec(), System.getenv(PiiHash.SALT_VARIABLE));
    FormattedCast.functions().forEach(tableEnv::createTemporarySystemFunction);

    LakehouseCatalog catalog = run.catalog();
    try {
      List<SilverTableFlow> flows = new ArrayList<>();
      for (SilverTableSpec table : run.spec().silver().values()) {
        SilverTableFlow flow = SilverTableFlow.of(run, catalog, table, restoresState);
        flow.createTables();
        flows.add(flow);
      }
      if (!batch) {
        catalog.createOrExtendTable(LayerSchemas.qualityMetrics(), Map.of());
      }
      catalog.registerIn(tableEnv);

      List<SilverConservation> conservation = new ArrayList<>();
      for (SilverTableFlow flow : flows) {
        conservation.addAll(flow.addTo(tableEnv));
      }
      if (!batch) {
        addQualityMetrics(tableEnv, catalog, flows);
      }
      if (conservation.isEmpty()) {
        LOG.info("Silver job has no new bronze snapshots to process in any table");
        env.fromData("nothing").name("No new bronze snapshots").sinkTo(new DiscardingSink<>());
      }
      return new Started(env.executeAsync(), List.copyOf(conservation), catalog);
    } catch (Exception | Error e) {
      catalog.close();
      throw e;
    }
  }

  /**
   * A continuous run records its quality metrics per checkpoint: the tallies of every table's
   * operators are summed by {@link CheckpointQualityMetrics} and appended to {@code
   * silver._quality_metrics} by an Iceberg sink that commits with the checkpoint, so each
   * checkpoint's metrics commit exactly when the rows they count do. (An available-now run records
   * its totals once, after its conservation check.)
   */
  private static void addQualityMetrics(
      StreamTableEnvironment tableEnv, LakehouseCatalog catalog, List<SilverTableFlow> flows) {
    List<DataStream<Row>> tallies = new ArrayList<>();
    Map<String, Map<String, ExpectationAction>> rules = new LinkedHashMap<>();
    for (SilverTableFlow flow : flows) {
      tallies.addAll(flow.tallies());
      rules.put(flow.silverTable(), flow.rules());
    }
    if (tallies.isEmpty()) {
      return;
    }
    DataStream<Row> all = tallies.get(0);
    for (DataStream<Row> more : tallies.subList(1, tallies.size())) {
      all = all.union(more);
    }
    TableIdentifier metricsTable = LayerSchemas.QUALITY_METRICS;
    ResolvedSchema schema = tableEnv.from(TableNames.sql(metricsTable)).getResolvedSchema();
    DataStream<Row> metrics =
        all.transform(
                "Quality metrics per checkpoint",
                ExternalTypeInfo.of(schema.toPhysicalRowDataType()),
                new CheckpointQualityMetrics(rules, schema.getColumnNames()))
            .setParallelism(1)
            .uid(SilverUids.qualityMetrics());
    FlinkSink.forRow(metrics, schema)
        .tableLoader(catalog.tableLoader(metricsTable))
        .uidPrefix(SilverUids.sink(metricsTable))
        .writeParallelism(1)
        .append();
  }

  /**
   * Registers {@link PiiHash} with {@code salt} when a silver table hashes a column. Without a salt
   * the job does not start: digests of an unsalted SHA-256 of emails or phone numbers are reversed
   * by trying every likely value.
   *
   * @throws IllegalStateException when a table hashes a column and {@code salt} is null or blank
   */
  static void registerPiiHash(StreamTableEnvironment tableEnv, PipelineSpec spec, String salt) {
    List<String> hashing = new ArrayList<>();
    spec.silver()
        .values()
        .forEach(t -> t.hashed().forEach(c -> hashing.add("silver." + t.name() + "." + c)));
    if (hashing.isEmpty()) {
      return;
    }
    if (salt == null || salt.isBlank()) {
      throw new IllegalStateException(
          "Cannot start the silver job of pipeline "
              + spec.location()
              + ": it hashes "
              + String.join(", ", hashing)
              + ", and the environment variable "
              + PiiHash.SALT_VARIABLE
              + " that holds the salt is not set. Set it to a secret of your own (for example"
              + " `export "
              + PiiHash.SALT_VARIABLE
              + "=$(openssl rand -hex 32)`), the same on every run: another salt gives other"
              + " digests.");
    }
    tableEnv.createTemporarySystemFunction(SilverQuery.PII_HASH_FUNCTION, new PiiHash(salt));
  }

  /**
   * What defines this job's operators, for every silver table: the query over bronze and the
   * declared bronze columns it reads, the router reading the query's rows, and the sinks with the
   * silver and quarantine row types. Flink derives the ids of the SQL operators from the plan, so
   * checkpoints are kept per plan (see {@link JobEnvironment#create(PipelineRun, String,
   * PlanFingerprint, RuntimeExecutionMode)}). Bronze's metadata columns are read by name in the
   * query, with the types the silver and quarantine row types carry too. The run's source options
   * (which snapshots to read, how often to poll) do not define operators and are left out.
   */
  static PlanFingerprint plan(PipelineSpec spec) {
    PlanFingerprint.Builder plan = PlanFingerprint.builder();
    for (SilverTableSpec table : spec.silver().values()) {
      SourceSpec source = spec.sourceOf(table);
      SilverLayout layout = SilverLayout.of(spec, table);
      String query =
          SilverQuery.of(table, source, layout).sql(TableNames.sql(layout.bronze().table()));
      plan.table(layout.bronze().table(), layout.bronze().icebergSchema())
          .sql(query)
          .operator(SilverUids.router(table.name()), query)
          .operator(SilverUids.sink(layout.silver().table()), layout.silver().rowType())
          .operator(SilverUids.sink(layout.quarantine().table()), layout.quarantine().rowType());
      // Only where declared, so the plans (and checkpoints) of tables without dedup stay as they
      // were.
      if (table.deduplication().isPresent()) {
        plan.operator(SilverUids.duplicates(SilverUids.router(table.name())), query);
      }
    }
    LayerSchema metrics = LayerSchemas.qualityMetrics();
    plan.operator(SilverUids.qualityMetrics(), metrics.rowType())
        .operator(SilverUids.sink(metrics.table()), metrics.rowType());
    return plan.build();
  }

  /**
   * A failed {@code fail} expectation is reported as the {@link ExpectationFailedException} naming
   * the rule, table, file and line, not as Flink's job failure around it.
   */
  @Override
  public Exception failure(Throwable cause) {
    return ExceptionUtils.findThrowable(cause, ExpectationFailedException.class)
        .map(Exception.class::cast)
        .orElseGet(() -> PipelineJob.super.failure(cause));
  }
}
