package io.lakehouseflow.ingestion;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.JobEnvironment;
import io.lakehouseflow.core.config.PipelineJob;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.ResetCommandLine;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.ingestion.conservation.LandingConservation;
import io.lakehouseflow.ingestion.discovery.CommittedLines;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import io.lakehouseflow.ingestion.discovery.LandingFileCleaner;
import io.lakehouseflow.ingestion.discovery.LandingFileFilter;
import io.lakehouseflow.ingestion.discovery.LandingFileNames;
import io.lakehouseflow.ingestion.discovery.LandingFiles;
import io.lakehouseflow.ingestion.discovery.LandingSource;
import io.lakehouseflow.ingestion.discovery.ResumingFileEnumerator;
import io.lakehouseflow.ingestion.discovery.Triggers;
import io.lakehouseflow.ingestion.format.LandingBulkFormat;
import io.lakehouseflow.ingestion.format.NewColumnsException;
import io.lakehouseflow.ingestion.format.RecordFormat;
import io.lakehouseflow.ingestion.metrics.BronzeCounts;
import io.lakehouseflow.ingestion.schema.BronzeSchema;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.ExceptionUtils;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bronze job: appends every line of every landing file of every source to {@code
 * bronze.<source>}, lines that do not parse included (with their raw text and the reason). Each
 * line is appended once: a checkpoint restore resumes at the checkpointed line, and a run without a
 * checkpoint resumes each file after its last line already in bronze.
 */
public final class BronzeJob implements PipelineJob {
  public static final String NAME = "bronze";
  private static final Logger LOG = LoggerFactory.getLogger(BronzeJob.class);

  /**
   * Full metrics for {@code _source_file}: a data file holding one landing file then names it
   * exactly in its bounds, so the conservation check counts its rows from metadata alone.
   */
  private static final Map<String, String> TABLE_PROPERTIES =
      Map.of(TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + MetadataColumns.SOURCE_FILE, "full");

  private final PipelineRun run;

  private BronzeJob(PipelineRun run) {
    this.run = run;
  }

  /** The bronze job of {@code run}, for all its sources, in its run mode. */
  public static BronzeJob forRun(PipelineRun run) {
    return new BronzeJob(Objects.requireNonNull(run, "run"));
  }

  /** The bronze tables of {@code spec}'s sources, in spec order. */
  public static List<TableIdentifier> tables(PipelineSpec spec) {
    return spec.sources().keySet().stream().map(TableNames::bronze).toList();
  }

  /** Every table the job writes, each under one writer at a time: {@link #tables}. */
  public static List<TableIdentifier> writtenTables(PipelineSpec spec) {
    return tables(spec);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Creates missing bronze tables, then submits the job (in available-now mode, the job of the
   * first trigger only: {@link #runToCompletion} runs them all). A landing directory that does not
   * exist is not created: its source reads nothing ({@link
   * io.lakehouseflow.ingestion.discovery.LandingDirectories} tells the user before a run).
   */
  @Override
  public JobClient submit() throws Exception {
    return start().job();
  }

  /**
   * Runs the job to completion; an available-now run then checks that every line it had to read
   * from a landing file was committed to bronze, and fails naming the files when not. A source with
   * {@code max_files_per_trigger} or {@code max_bytes_per_trigger} is read in as many jobs as its
   * limits need, one after the other, each checked before the next starts.
   */
  @Override
  public void runToCompletion() throws Exception {
    if (run.mode() != RunMode.AVAILABLE_NOW) {
      PipelineJob.super.runToCompletion();
      return;
    }
    List<SourcePlan> plans = plan();
    int triggers = plans.stream().mapToInt(p -> p.triggers().size()).max().orElse(0);
    if (triggers == 0) {
      LOG.info("Every landing file of every source is in bronze already: no bronze job to run");
      return;
    }
    for (int trigger = 0; trigger < triggers; trigger++) {
      Started started = submit(plans, trigger);
      try {
        started.job().getJobExecutionResult().get();
      } catch (ExecutionException e) {
        throw failure(e.getCause() == null ? e : e.getCause());
      }
      checkConservation(started.conservation());
      LandingFileCleaner.forRun(run).clean();
      if (triggers > 1) {
        LOG.info("Bronze trigger {} of {} committed", trigger + 1, triggers);
      }
    }
  }

  /**
   * A file that names columns its table lacks is reported as the {@link NewColumnsException} that
   * says what to do, not as Flink's job failure around it.
   */
  @Override
  public Exception failure(Throwable cause) {
    return ExceptionUtils.findThrowable(cause, NewColumnsException.class)
        .map(Exception.class::cast)
        .orElseGet(() -> PipelineJob.super.failure(cause));
  }

  /** The submitted job and, per source, what the conservation check compares its commits with. */
  record Started(JobClient job, List<LandingConservation> conservation) {}

  /**
   * One source as a run found it: its table, what bronze holds of its files and, in available-now
   * mode, the files to read cut into triggers (none when every file is in bronze already).
   */
  private record SourcePlan(
      SourceSpec source,
      LayerSchema layout,
      CommittedLines committed,
      LandingBulkFormat format,
      Path landing,
      List<List<LandingFile>> triggers) {}

  /** Submits the job reading every file of the first trigger (available-now) or discovering. */
  Started start() throws Exception {
    return submit(plan(), 0);
  }

  private List<SourcePlan> plan() throws IOException {
    // At every start: mends a run that stopped between its commit and its cleanup.
    LandingFileCleaner.forRun(run).clean();
    LandingFileNames names = landingNames();
    // One instant decides for every file of the run whether its unterminated last line settled.
    Instant decidedAt = Instant.now();
    List<SourcePlan> plans = new ArrayList<>();
    try (LakehouseCatalog catalog = run.catalog()) {
      for (SourceSpec source : run.spec().sources().values()) {
        plans.add(plan(catalog, names, source, decidedAt));
      }
    }
    return plans;
  }

  private SourcePlan plan(
      LakehouseCatalog catalog, LandingFileNames names, SourceSpec source, Instant decidedAt)
      throws IOException {
    BronzeSchema schema = BronzeSchema.open(catalog, source, TABLE_PROPERTIES);
    CommittedLines committed = CommittedLines.of(schema.table(), CommittedLines.cache(run, source));
    Path landing = new Path(run.landingLocation(source.name()));
    // The files this run will read, listed once: available-now reads exactly these (so the
    // conservation check counts the lines of the files and extents the job read); a continuous run
    // lists again at every discovery, and looks at these only to add the columns they bring.
    List<LandingFile> files = new ArrayList<>();
    for (LandingFile file :
        LandingFiles.list(landing, LandingFileFilter.of(source), source.settle(), decidedAt)) {
      if (!committed.holdsAllOf(file, names.nameOf(file.path()))) {
        files.add(file);
      }
    }
    schema =
        schema.evolve(
            catalog,
            files,
            names,
            format(schema.source(), names, committed, decidedAt),
            TABLE_PROPERTIES);
    SourceSpec resolved = schema.source();
    LayerSchema layout = LayerSchemas.bronze(resolved);
    LandingBulkFormat format = format(resolved, names, committed, decidedAt);
    List<List<LandingFile>> triggers =
        run.mode() == RunMode.AVAILABLE_NOW ? Triggers.of(files, source.discovery()) : List.of();
    LOG.info(
        "Source {}: reading {} into {} ({}), {} files partly or fully committed already, {} to"
            + " read in {} triggers",
        source.name(),
        landing,
        layout.table(),
        run.mode().cliName(),
        committed.lastLine().size(),
        triggers.stream().mapToInt(List::size).sum(),
        triggers.size());
    return new SourcePlan(resolved, layout, committed, format, landing, triggers);
  }

  private LandingBulkFormat format(
      SourceSpec source, LandingFileNames names, CommittedLines committed, Instant decidedAt) {
    LandingBulkFormat format =
        LandingBulkFormat.of(
            RecordFormat.of(source), names, LayerSchemas.bronze(source), committed.lastLine());
    // Readers and the conservation check of an available-now run judge settling as its listing
    // did; a continuous reader judges when it opens a file.
    return run.mode() == RunMode.AVAILABLE_NOW ? format.judgingSettledAt(decidedAt) : format;
  }

  private Started submit(List<SourcePlan> plans, int trigger) throws Exception {
    StreamExecutionEnvironment env = JobEnvironment.create(run, NAME, runtimeMode(run.mode()));
    LandingFileNames names = landingNames();
    List<LandingConservation> conservation = new ArrayList<>();
    try (LakehouseCatalog catalog = run.catalog()) {
      for (SourcePlan plan : plans) {
        List<LandingFile> files =
            trigger < plan.triggers().size() ? plan.triggers().get(trigger) : List.of();
        conservation.add(addSource(env, catalog, names, plan, files));
      }
    }
    return new Started(env.executeAsync(run.spec().name() + "-" + NAME), List.copyOf(conservation));
  }

  private LandingFileNames landingNames() {
    return LandingFileNames.of(run.layout().location(run.spec().landing()), run.spec().landing());
  }

  /**
   * Fails when a landing file's lines after its resume point differ from the rows the run committed
   * for it, naming every such file of every source.
   */
  void checkConservation(List<LandingConservation> conservation) {
    List<String> failures = new ArrayList<>();
    long started = System.currentTimeMillis();
    try (LakehouseCatalog catalog = run.catalog()) {
      for (LandingConservation source : conservation) {
        TableIdentifier id = TableNames.bronze(source.sourceName());
        List<LandingConservation.Imbalance> imbalances = source.imbalances(catalog.loadTable(id));
        if (!imbalances.isEmpty()) {
          failures.add(
              "source '"
                  + source.sourceName()
                  + "' into "
                  + id
                  + ": "
                  + imbalances.stream()
                      .map(LandingConservation.Imbalance::describe)
                      .collect(Collectors.joining("; ")));
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(
          "Failed to ingest landing files of "
              + String.join(", and of ", failures)
              + ". The run committed other rows than the lines it had to read, so it reports"
              + " failure, not success. The landing files are unchanged: run again to read the"
              + " files bronze holds no line of; a file partly in bronze needs its bronze table"
              + " rebuilt ("
              + ResetCommandLine.forLayer(run, ResetCommandLine.ALL_LAYERS)
              + "). Details are in the log.");
    }
    LOG.info(
        "Conservation check of {} sources passed: every landing line is in bronze once ({} ms)",
        conservation.size(),
        System.currentTimeMillis() - started);
  }

  /**
   * Available-now bronze runs as a batch job, like silver and gold: it takes no checkpoints, so
   * Iceberg's committer sees each writer's end-of-input files exactly once and commits them all
   * when the last writer ends. As a streaming job with checkpoints it lost files: Iceberg 1.11's
   * {@code IcebergFilesCommitter} keys the files a writer flushes at end of input by {@code
   * Long.MAX_VALUE}; a checkpoint taken after one writer ended stores them under that key, and the
   * committer's own end of input then replaces that entry with the last writer's files (or an empty
   * one), so whatever the earlier writers read was never committed.
   */
  static RuntimeExecutionMode runtimeMode(RunMode mode) {
    return mode == RunMode.AVAILABLE_NOW
        ? RuntimeExecutionMode.BATCH
        : RuntimeExecutionMode.STREAMING;
  }

  /**
   * Adds a source's reader and bronze sink to {@code env}: in available-now mode reading {@code
   * files}, in continuous mode discovering; returns its conservation check, taken now.
   */
  private LandingConservation addSource(
      StreamExecutionEnvironment env,
      LakehouseCatalog catalog,
      LandingFileNames names,
      SourcePlan plan,
      List<LandingFile> files) {
    SourceSpec source = plan.source();
    TableIdentifier id = plan.layout().table();
    ResumingFileEnumerator.Provider enumerator =
        run.mode() == RunMode.AVAILABLE_NOW
            ? ResumingFileEnumerator.listed(source.name(), names, plan.committed(), files)
            : ResumingFileEnumerator.discovering(
                source.name(),
                names,
                plan.committed(),
                LandingFileFilter.of(source),
                source.settle(),
                source.discovery());
    LandingSource landing =
        run.mode() == RunMode.CONTINUOUS
            ? LandingSource.continuous(
                plan.format(), plan.landing(), enumerator, run.discoveryInterval(), id.toString())
            : LandingSource.bounded(plan.format(), plan.landing(), enumerator, id.toString());
    String uid = NAME + "-" + source.name();
    DataStream<RowData> rows =
        env.fromSource(landing, WatermarkStrategy.noWatermarks(), "landing " + source.name())
            .uid(uid + "-landing-files");
    rows =
        rows.map(new BronzeCounts(plan.layout()), rows.getType())
            .name("count " + source.name())
            .uid(uid + "-counts");
    FlinkSink.forRowData(rows).tableLoader(catalog.tableLoader(id)).uidPrefix(uid).append();
    // Taken at this trigger's start: the commits of earlier triggers are not this one's.
    return LandingConservation.before(
        source.name(),
        catalog.loadTable(id),
        plan.landing(),
        files,
        names,
        plan.committed(),
        plan.format());
  }
}
