package io.lakehouseflow.ingestion.discovery;

import io.lakehouseflow.core.metrics.TableMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.connector.file.src.assigners.LocalityAwareSplitAssigner;
import org.apache.flink.connector.file.src.impl.ContinuousFileSplitEnumerator;
import org.apache.flink.connector.file.src.impl.StaticFileSplitEnumerator;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.data.RowData;

/**
 * A source's landing files as a Flink source: Flink's {@link FileSource} reads them, with the
 * enumerator built here so that its backlog is visible. Beside the splits, the enumerator reports
 * two metrics of the bronze table on the JobManager ({@link TableMetrics}): {@code
 * files_discovered}, each landing file handed over for reading, and {@code files_outstanding}, the
 * files discovered and not yet given to a reader plus those the trigger's limits left for the next
 * discovery. A dashboard reads the backlog from it: zero when bronze keeps up.
 *
 * <p>The enumerator is Flink's own ({@link ContinuousFileSplitEnumerator}, or {@link
 * StaticFileSplitEnumerator} for a bounded run), with Flink's default assigner; its checkpoint
 * format is {@link FileSource}'s, so checkpoints of the plain file source restore into it.
 */
public final class LandingSource
    implements Source<RowData, FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>>,
        ResultTypeQueryable<RowData> {
  private static final long serialVersionUID = 1L;

  private final FileSource<RowData> files;
  private final Path[] paths;
  private final ResumingFileEnumerator.Provider enumerators;
  private final Duration discoveryInterval;
  private final String table;

  private LandingSource(
      BulkFormat<RowData, FileSourceSplit> format,
      Path landing,
      ResumingFileEnumerator.Provider enumerators,
      Duration discoveryInterval,
      String table) {
    this.paths = new Path[] {landing};
    this.enumerators = enumerators;
    this.discoveryInterval = discoveryInterval;
    this.table = table;
    FileSource.FileSourceBuilder<RowData> builder =
        FileSource.forBulkFileFormat(format, landing).setFileEnumerator(enumerators);
    if (discoveryInterval != null) {
      builder.monitorContinuously(discoveryInterval);
    }
    this.files = builder.build();
  }

  /** Reads the files {@code enumerators} lists once, then ends: an available-now run. */
  public static LandingSource bounded(
      BulkFormat<RowData, FileSourceSplit> format,
      Path landing,
      ResumingFileEnumerator.Provider enumerators,
      String table) {
    return new LandingSource(format, landing, enumerators, null, table);
  }

  /** Lists {@code landing} every {@code discoveryInterval} until cancelled: a continuous run. */
  public static LandingSource continuous(
      BulkFormat<RowData, FileSourceSplit> format,
      Path landing,
      ResumingFileEnumerator.Provider enumerators,
      Duration discoveryInterval,
      String table) {
    return new LandingSource(format, landing, enumerators, discoveryInterval, table);
  }

  @Override
  public Boundedness getBoundedness() {
    return files.getBoundedness();
  }

  @Override
  public SourceReader<RowData, FileSourceSplit> createReader(SourceReaderContext context)
      throws Exception {
    return files.createReader(context);
  }

  @Override
  public SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>>
      createEnumerator(SplitEnumeratorContext<FileSourceSplit> context) {
    ResumingFileEnumerator enumerator = enumerators.create();
    Collection<FileSourceSplit> splits;
    try {
      splits = enumerator.enumerateSplits(paths, context.currentParallelism());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot list the landing files of " + table + " under " + paths[0], e);
    }
    return enumerator(context, enumerator, splits, null);
  }

  @Override
  public SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>>
      restoreEnumerator(
          SplitEnumeratorContext<FileSourceSplit> context,
          PendingSplitsCheckpoint<FileSourceSplit> checkpoint) {
    return enumerator(
        context,
        enumerators.create(),
        checkpoint.getSplits(),
        checkpoint.getAlreadyProcessedPaths());
  }

  private SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> enumerator(
      SplitEnumeratorContext<FileSourceSplit> context,
      ResumingFileEnumerator enumerator,
      Collection<FileSourceSplit> splits,
      Collection<Path> alreadyProcessed) {
    MetricGroup group = TableMetrics.of(context.metricGroup(), "bronze", table);
    Counter discovered = group.counter("files_discovered");
    LandingBacklog backlog =
        new LandingBacklog(new LocalityAwareSplitAssigner(splits), splits, discovered::inc);
    group.gauge("files_outstanding", () -> backlog.waiting() + enumerator.heldBack());
    if (discoveryInterval == null) {
      return new StaticFileSplitEnumerator(context, backlog);
    }
    return new ContinuousFileSplitEnumerator(
        context,
        enumerator,
        backlog,
        paths,
        alreadyProcessed == null
            ? splits.stream().map(FileSourceSplit::path).toList()
            : alreadyProcessed,
        discoveryInterval.toMillis());
  }

  @Override
  public SimpleVersionedSerializer<FileSourceSplit> getSplitSerializer() {
    return files.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<PendingSplitsCheckpoint<FileSourceSplit>>
      getEnumeratorCheckpointSerializer() {
    return files.getEnumeratorCheckpointSerializer();
  }

  @Override
  public TypeInformation<RowData> getProducedType() {
    return files.getProducedType();
  }
}
