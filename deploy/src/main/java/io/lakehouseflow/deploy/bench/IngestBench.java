package io.lakehouseflow.deploy.bench;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.SnapshotSummaries;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.JobEnvironment;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RetainedCheckpoint;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.spec.SourceFormat;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.ingestion.BronzeJob;
import io.lakehouseflow.ingestion.discovery.CommittedLines;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import io.lakehouseflow.ingestion.discovery.LandingFileFilter;
import io.lakehouseflow.ingestion.discovery.LandingFileNames;
import io.lakehouseflow.ingestion.discovery.LandingFiles;
import io.lakehouseflow.ingestion.discovery.ResumingFileEnumerator;
import io.lakehouseflow.ingestion.format.LandingBulkFormat;
import io.lakehouseflow.ingestion.format.RecordFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * {@code lakehouse bench ingest}: generates bookings CSV or JSON Lines files ({@link
 * BookingsLanding}) and times bronze on them, in one process: an available-now run into a fresh
 * warehouse through the real {@link BronzeJob} (checked: bronze holds exactly the generated rows,
 * none corrupt), a second run with nothing new (discovery only), and the parse floor, the same
 * files read by the same reader into a discarding sink, so the ratio tells what writing to Iceberg
 * costs on top of parsing. Optionally a continuous bronze job on the same files, to size its
 * checkpoint once it has seen every file (Flink's continuous file source keeps every processed path
 * in its state).
 */
public final class IngestBench {
  static final String SOURCE = "bookings";

  /** How long a phase waiting on a continuous job may take before the benchmark gives up. */
  private static final Duration CONTINUOUS_DEADLINE = Duration.ofMinutes(15);

  private static final Duration POLL = Duration.ofMillis(200);
  private static final String PARSED_ROWS = "parsed-rows";

  private final long rows;
  private final int files;
  private final Path dir;
  private final long seed;
  private final boolean continuousCheckpoint;
  private final SourceFormat format;

  private IngestBench(Builder builder) {
    this.format = builder.format;
    this.rows = builder.rows;
    this.files = builder.files;
    this.dir = builder.dir;
    this.seed = builder.seed;
    this.continuousCheckpoint = builder.continuousCheckpoint;
  }

  /**
   * A benchmark of {@code rows} rows in {@code files} files; {@link Builder#in} says where.
   *
   * @throws IllegalArgumentException when there are no rows or files, or more files than rows
   */
  public static Builder forRows(long rows, int files) {
    if (rows < 1 || files < 1 || files > rows) {
      throw new IllegalArgumentException(
          "Invalid benchmark size: --rows "
              + rows
              + " --files "
              + files
              + ": every file holds at least one row, so 1 <= files <= rows. Pass fewer files or"
              + " more rows.");
    }
    return new Builder(rows, files);
  }

  /** Settings of an {@link IngestBench} beyond its size. */
  public static final class Builder {
    private final long rows;
    private final int files;
    private Path dir;
    private long seed = 42;
    private boolean continuousCheckpoint;
    private SourceFormat format = SourceFormat.CSV;

    private Builder(long rows, int files) {
      this.rows = rows;
      this.files = files;
    }

    /**
     * Where the files and the lakehouse go (required), a new or empty directory: the warehouse must
     * start empty for the row check to mean anything.
     */
    public Builder in(Path dir) {
      this.dir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** The generator's seed (default 42): the same seed writes the same files. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Whether to also size the checkpoint of a continuous bronze job that has seen every file. */
    public Builder continuousCheckpoint(boolean measure) {
      this.continuousCheckpoint = measure;
      return this;
    }

    /** The format of the generated files and of the source reading them (default CSV). */
    public Builder format(SourceFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    public IngestBench build() {
      if (dir == null) {
        throw new IllegalStateException(
            "Cannot build the ingest benchmark: no directory, call in()");
      }
      return new IngestBench(this);
    }
  }

  /**
   * Runs every phase and prints its figures to {@code out}.
   *
   * @throws IllegalStateException when bronze does not hold exactly the generated rows, some of
   *     them corrupt, or a run with nothing new committed something
   */
  public void run(PrintWriter out) throws Exception {
    Path landing = dir.resolve("landing");
    PipelineSpec spec = PipelineSpecLoader.parse(spec(landing, format), "bench-ingest.yaml");
    SourceSpec source = spec.source(SOURCE);
    PipelineRun batch =
        PipelineRun.of(spec, new DataLayout(dir.resolve("available-now")), RunMode.AVAILABLE_NOW)
            .with(LakehouseOptions.PARALLELISM, 2);
    Path sourceDir = landing.resolve(SOURCE);
    if (Files.exists(sourceDir)) {
      throw new IllegalStateException(
          "Cannot run the ingest benchmark in "
              + dir
              + ": it holds landing files of an earlier run ("
              + sourceDir
              + "), and bronze must start empty for the row check. Pass a new --dir or delete it.");
    }
    out.printf(
        "bench ingest: %,d rows in %,d %s files, parallelism %d, seed %d, under %s%n",
        rows,
        files,
        formatName(format),
        batch.options().get(LakehouseOptions.PARALLELISM),
        seed,
        dir);
    long[] bytes = new long[1];
    double generate =
        BenchFigures.timed(
            () -> bytes[0] = BookingsLanding.write(sourceDir, rows, files, seed, format));
    double megabytes = bytes[0] / 1e6;
    out.printf("generate:                 %8.2f s  %.1f MB of input%n", generate, megabytes);
    out.flush();

    // Class loading and the first embedded cluster would otherwise count against the first phase
    // only and skew the ratio to the parse floor.
    double warmUp = BenchFigures.timed(() -> warmUp(batch));
    out.printf(
        "warm-up (a trivial job):  %8.2f s  JVM class loading, first embedded cluster%n", warmUp);
    out.flush();

    double ingest = BenchFigures.timed(() -> BronzeJob.forRun(batch).runToCompletion());
    try (LakehouseCatalog catalog = batch.catalog()) {
      Table bronze = catalog.loadTable(TableNames.bronze(SOURCE));
      long dataFiles = 0;
      for (Snapshot snapshot : bronze.snapshots()) {
        dataFiles += SnapshotSummaries.count(snapshot, SnapshotSummary.ADDED_FILES_PROP);
      }
      String rowCheck = checkRows(bronze);
      out.printf(
          "bronze ingest:            %8.2f s  %,.0f rows/s  %.1f MB/s  data files written: %d%n",
          ingest, rows / ingest, megabytes / ingest, dataFiles);
      out.printf("row check passed: %s%n", rowCheck);
      out.flush();

      long before = bronze.currentSnapshot().snapshotId();
      double nothingNew = BenchFigures.timed(() -> BronzeJob.forRun(batch).runToCompletion());
      bronze.refresh();
      if (bronze.currentSnapshot().snapshotId() != before) {
        throw new IllegalStateException(
            "Failed the ingest benchmark: the run with nothing new committed snapshot "
                + bronze.currentSnapshot().snapshotId()
                + " to "
                + bronze.name()
                + " after "
                + before
                + ", so it read some landing file again. See the log.");
      }
      int[] listed = new int[1];
      double listing =
          BenchFigures.timed(
              () ->
                  listed[0] =
                      LandingFiles.list(
                              new org.apache.flink.core.fs.Path(sourceDir.toUri()),
                              LandingFileFilter.of(source),
                              source.settle(),
                              Instant.now())
                          .size());
      out.printf(
          "discovery, nothing new:   %8.2f s  whole run, no commit (listing the %,d files alone:"
              + " %.2f s)%n",
          nothingNew, listed[0], listing);
      org.apache.flink.core.fs.Path cache = CommittedLines.cache(batch, source);
      out.printf(
          "committed-state cache:    %s (%s)%n",
          size(cache.getFileSystem().getFileStatus(cache).getLen()), cache);
      out.flush();
    }

    long[] parsed = new long[1];
    double floor = BenchFigures.timed(() -> parsed[0] = parseFloor(batch, source, sourceDir));
    if (parsed[0] != rows) {
      throw new IllegalStateException(
          "Failed the ingest benchmark: the parse floor read "
              + parsed[0]
              + " rows from "
              + sourceDir
              + " but the generator wrote "
              + rows
              + ". See the log.");
    }
    out.printf(
        "parse floor:              %8.2f s  %,.0f rows/s  %.1f MB/s  (same reader and splits,"
            + " into a discarding sink)%n",
        floor, rows / floor, megabytes / floor);
    out.printf("ingest / parse floor:     %8.2f%n", ingest / floor);
    out.flush();

    if (continuousCheckpoint) {
      continuousCheckpoint(spec, out);
    } else {
      out.println("continuous checkpoint:    not measured (add --continuous-checkpoint)");
    }
    out.printf("peak RSS (VmHWM):         %s%n", BenchFigures.peakMemory());
    out.flush();
  }

  /**
   * The benchmark's spec: one source of bookings under {@code landing} (an absolute path). The
   * files are complete when the clock starts, so nothing waits for them to settle (a Parquet file
   * is read only once settled, its footer being written last).
   */
  static String spec(Path landing, SourceFormat format) {
    return """
        name: bench-ingest
        catalog: {type: hadoop, warehouse: warehouse}
        landing: "%s"
        sources:
          %s:
            format: %s
            settle: 0 s
            columns: %s
        """
        .formatted(
            landing.toAbsolutePath().toString().replace("\\", "/"),
            SOURCE,
            formatName(format),
            BookingsLanding.COLUMNS);
  }

  private static String formatName(SourceFormat format) {
    return format.name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Checks that bronze holds exactly the generated rows and none of them corrupt, from metadata:
   * the snapshot's record count and the null counts of {@code _corrupt_record}, scanning only the
   * data files whose metrics say they may hold a corrupt row.
   */
  private String checkRows(Table bronze) throws IOException {
    if (bronze.currentSnapshot() == null) {
      throw new IllegalStateException(
          "bronze." + SOURCE + " committed nothing: no landing file was read. See the log.");
    }
    long held =
        SnapshotSummaries.count(bronze.currentSnapshot(), SnapshotSummary.TOTAL_RECORDS_PROP);
    int corruptId = bronze.schema().findField(MetadataColumns.CORRUPT_RECORD).fieldId();
    long corrupt = 0;
    try (CloseableIterable<FileScanTask> tasks =
        bronze
            .newScan()
            .filter(Expressions.notNull(MetadataColumns.CORRUPT_RECORD))
            .includeColumnStats()
            .planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        Long nulls = file.nullValueCounts() == null ? null : file.nullValueCounts().get(corruptId);
        if (nulls == null) {
          throw new IllegalStateException(
              "Cannot count the corrupt rows of "
                  + bronze.name()
                  + ": data file "
                  + file.location()
                  + " keeps no null count of "
                  + MetadataColumns.CORRUPT_RECORD
                  + ". Keep column metrics (write.metadata.metrics.default) on bronze.");
        }
        corrupt += file.recordCount() - nulls;
      }
    }
    if (held != rows || corrupt != 0) {
      throw new IllegalStateException(
          "Failed the ingest benchmark's row check: "
              + bronze.name()
              + " holds "
              + held
              + " rows, "
              + corrupt
              + " of them corrupt, but the generator wrote "
              + rows
              + " valid rows. Query them with ./lakehouse query --data-dir "
              + dir.resolve("available-now")
              + " \"SELECT _source_file, _parse_error FROM bronze."
              + SOURCE
              + " WHERE _corrupt_record IS NOT NULL\".");
    }
    return "bronze." + SOURCE + " holds " + String.format("%,d", held) + " rows, 0 corrupt";
  }

  /**
   * Reads the landing files as bronze does (its format, its enumerator and splits, parallelism,
   * batch mode) into a discarding sink; returns the rows read, counted by an accumulator.
   */
  private static long parseFloor(PipelineRun run, SourceSpec source, Path sourceDir)
      throws Exception {
    LandingFileNames names =
        LandingFileNames.of(run.layout().location(run.spec().landing()), run.spec().landing());
    CommittedLines nothing = new CommittedLines(Map.of(), Map.of());
    org.apache.flink.core.fs.Path directory = new org.apache.flink.core.fs.Path(sourceDir.toUri());
    List<LandingFile> listed =
        LandingFiles.list(directory, LandingFileFilter.of(source), source.settle(), Instant.now());
    LandingBulkFormat format =
        LandingBulkFormat.of(
            RecordFormat.of(source), names, LayerSchemas.bronze(source), nothing.lastLine());
    FileSource<RowData> files =
        FileSource.forBulkFileFormat(format, directory)
            .setFileEnumerator(ResumingFileEnumerator.listed(SOURCE, names, nothing, listed))
            .build();
    StreamExecutionEnvironment env =
        JobEnvironment.create(run, "parse-floor", RuntimeExecutionMode.BATCH);
    env.fromSource(files, WatermarkStrategy.noWatermarks(), "landing " + SOURCE)
        .uid("parse-floor-landing-files")
        .map(new CountingRows())
        .uid("parse-floor-count")
        .sinkTo(new DiscardingSink<>())
        .uid("parse-floor-discard");
    JobExecutionResult result = env.execute(run.spec().name() + "-parse-floor");
    Long counted = result.getAccumulatorResult(PARSED_ROWS);
    return counted == null ? 0 : counted;
  }

  /** Runs a job of one element through the environment every phase uses. */
  private static void warmUp(PipelineRun run) throws Exception {
    StreamExecutionEnvironment env =
        JobEnvironment.create(run, "warm-up", RuntimeExecutionMode.BATCH);
    env.fromData(1L).uid("warm-up-element").sinkTo(new DiscardingSink<>()).uid("warm-up-discard");
    env.execute(run.spec().name() + "-warm-up");
  }

  /** Passes rows on, counting them: the parse floor's check that it read every row. */
  private static final class CountingRows extends RichMapFunction<RowData, RowData> {
    private static final long serialVersionUID = 1L;
    private final LongCounter rows = new LongCounter();

    @Override
    public void open(OpenContext context) {
      getRuntimeContext().addAccumulator(PARSED_ROWS, rows);
    }

    @Override
    public RowData map(RowData row) {
      rows.add(1);
      return row;
    }
  }

  /**
   * Starts bronze in continuous mode on the same files into a warehouse of its own, waits until it
   * holds every row and a checkpoint completed after that (the one whose state has seen every
   * file), cancels it and prints the size of its newest retained checkpoint.
   */
  private void continuousCheckpoint(PipelineSpec spec, PrintWriter out) throws Exception {
    PipelineRun continuous =
        PipelineRun.of(spec, new DataLayout(dir.resolve("continuous")), RunMode.CONTINUOUS)
            .with(LakehouseOptions.PARALLELISM, 2)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1))
            .with(LakehouseOptions.DISCOVERY_INTERVAL, Duration.ofSeconds(1));
    org.apache.flink.core.fs.Path checkpoints = continuous.checkpoints(BronzeJob.NAME);
    long started = System.nanoTime();
    JobClient job = BronzeJob.forRun(continuous).submit();
    double allRows;
    try (LakehouseCatalog catalog = continuous.catalog()) {
      Table bronze = catalog.loadTable(TableNames.bronze(SOURCE));
      long deadline = started + CONTINUOUS_DEADLINE.toNanos();
      while (heldRows(bronze) < rows) {
        await(job, deadline, "bronze to hold " + rows + " rows");
      }
      allRows = (System.nanoTime() - started) / 1e9;
      Instant seenAll = Instant.now();
      while (newestCheckpoint(checkpoints).filter(c -> c.writtenAt().isAfter(seenAll)).isEmpty()) {
        await(job, deadline, "a checkpoint after bronze held every row");
      }
    } finally {
      // Retained on cancellation: the newest checkpoint stays on disk to be measured.
      job.cancel().get();
    }
    RetainedCheckpoint newest = newestCheckpoint(checkpoints).orElseThrow();
    Path chk = Path.of(newest.directory().toUri());
    out.printf(
        "continuous checkpoint:    %s, checkpoint %d after bronze held every row (%.1f s after"
            + " submission) (%s)%n",
        size(BenchFigures.bytesUnder(chk)), newest.id(), allRows, chk);
  }

  private static long heldRows(Table bronze) {
    bronze.refresh();
    Snapshot current = bronze.currentSnapshot();
    return current == null
        ? 0
        : SnapshotSummaries.count(current, SnapshotSummary.TOTAL_RECORDS_PROP);
  }

  private static Optional<RetainedCheckpoint> newestCheckpoint(
      org.apache.flink.core.fs.Path checkpoints) {
    try {
      return RetainedCheckpoint.newest(checkpoints);
    } catch (UncheckedIOException e) {
      // Flink deleted a subsumed checkpoint while it was listed; the next poll lists again.
      return Optional.empty();
    }
  }

  /** One poll interval, failing when the job ended or the deadline passed. */
  private static void await(JobClient job, long deadline, String what) throws Exception {
    if (job.getJobStatus().get().isGloballyTerminalState()) {
      throw new IllegalStateException(
          "Failed the ingest benchmark: the continuous bronze job ended ("
              + job.getJobStatus().get()
              + ") before "
              + what
              + ". See the log.");
    }
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException(
          "Failed the ingest benchmark: no "
              + what
              + " within "
              + CONTINUOUS_DEADLINE.toMinutes()
              + " minutes of the continuous job's start. See the log, or drop"
              + " --continuous-checkpoint.");
    }
    Thread.sleep(POLL.toMillis());
  }

  private static String size(long bytes) {
    return bytes < 1 << 20
        ? String.format("%.1f KiB", bytes / 1024.0)
        : String.format("%.1f MiB", bytes / 1048576.0);
  }
}
