package io.lakehouseflow.core.config;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.layer.BronzeColumns;
import io.lakehouseflow.core.spec.PipelineSpec;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.Path;

/**
 * Everything a job builder needs for one run: the validated spec, where its data lives, and the run
 * settings ({@link LakehouseOptions} and any Flink options).
 */
public record PipelineRun(PipelineSpec spec, DataLayout layout, Configuration options)
    implements Serializable {

  /** The shortest derived polling interval: listing faster than this only loads the file system. */
  private static final Duration FASTEST_POLL = Duration.ofMillis(100);

  /** The longest derived polling interval, whatever the checkpoint interval. */
  private static final Duration SLOWEST_POLL = Duration.ofSeconds(5);

  public PipelineRun {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(layout, "layout");
    options = new Configuration(options);
    checkpointsRoot(layout, options);
  }

  public static PipelineRun of(PipelineSpec spec, DataLayout layout, RunMode mode) {
    Configuration options = new Configuration();
    options.set(LakehouseOptions.MODE, mode);
    return new PipelineRun(spec, layout, options);
  }

  public RunMode mode() {
    return options.get(LakehouseOptions.MODE);
  }

  public LakehouseCatalog catalog() {
    return LakehouseCatalog.of(spec.catalog(), layout).forPipeline(spec.location());
  }

  /** The landing directory of one source: {@code <landing root>/<source path>}. */
  public String landingLocation(String sourceName) {
    String root = layout.location(spec.landing());
    return root + "/" + spec.source(sourceName).path();
  }

  /**
   * The root of every job's checkpoints: {@link LakehouseOptions#CHECKPOINTS_DIR} when set, else
   * {@code <data-dir>/checkpoints}; always with a scheme ({@code file:}, {@code s3:}).
   */
  public Path checkpointsRoot() {
    return checkpointsRoot(layout, options);
  }

  /** Where job {@code jobName} of this run checkpoints: {@link #checkpoints(String, RunMode)}. */
  public Path checkpoints(String jobName) {
    return checkpoints(jobName, mode());
  }

  /**
   * Where job {@code jobName} checkpoints in {@code mode}. Available-now runs checkpoint apart from
   * continuous ones ({@code <root>/available-now/<job>}): a continuous run resumes only from a
   * continuous run's checkpoint, never from the splits of a finished or killed bounded run.
   */
  public Path checkpoints(String jobName, RunMode mode) {
    Path root = checkpointsRoot();
    return mode == RunMode.CONTINUOUS
        ? new Path(root, jobName)
        : new Path(new Path(root, RunMode.AVAILABLE_NOW.cliName()), jobName);
  }

  /**
   * A copy reading {@code spec} instead, such as the spec resolved by {@link #withBronzeColumns}.
   */
  public PipelineRun withSpec(PipelineSpec resolved) {
    return new PipelineRun(resolved, layout, options);
  }

  /**
   * This run with every source holding the columns its bronze table holds: those the spec declares
   * and those schema evolution added since ({@link BronzeColumns}). Silver, gold and the checks
   * start from this, so a column a later landing file brought reaches silver with no spec change.
   */
  public PipelineRun withBronzeColumns() {
    try (LakehouseCatalog catalog = catalog()) {
      return withSpec(BronzeColumns.resolve(spec, catalog));
    }
  }

  /**
   * How often a continuous bronze job lists its landing directories: {@link
   * LakehouseOptions#DISCOVERY_INTERVAL} when set, else half the checkpoint interval, between
   * {@link #FASTEST_POLL} and {@link #SLOWEST_POLL}. A file waits on average half a listing
   * interval to be seen and half a checkpoint interval to be committed, so polling at half the
   * checkpoint interval keeps the listing below the commit in the latency budget; faster listing
   * would cost directory scans without making commits any sooner.
   */
  public Duration discoveryInterval() {
    return options
        .getOptional(LakehouseOptions.DISCOVERY_INTERVAL)
        .orElseGet(this::halfCheckpointInterval);
  }

  /**
   * How often continuous silver and gold poll the Iceberg tables they read: {@link
   * LakehouseOptions#MONITOR_INTERVAL} when set, else {@link #discoveryInterval()}. A poll reads
   * one small metadata pointer, so polling as often as landing listings is cheap.
   */
  public Duration monitorInterval() {
    return options
        .getOptional(LakehouseOptions.MONITOR_INTERVAL)
        .orElseGet(this::discoveryInterval);
  }

  private Duration halfCheckpointInterval() {
    Duration half = options.get(LakehouseOptions.CHECKPOINT_INTERVAL).dividedBy(2);
    if (half.compareTo(FASTEST_POLL) < 0) {
      return FASTEST_POLL;
    }
    return half.compareTo(SLOWEST_POLL) > 0 ? SLOWEST_POLL : half;
  }

  /** A copy with one option changed. */
  public <T> PipelineRun with(org.apache.flink.configuration.ConfigOption<T> option, T value) {
    Configuration copy = new Configuration(options);
    copy.set(option, value);
    return new PipelineRun(spec, layout, copy);
  }

  /** A copy with every option of {@code more} set, over this run's. */
  public PipelineRun withOptions(Configuration more) {
    Configuration copy = new Configuration(options);
    copy.addAll(more);
    return new PipelineRun(spec, layout, copy);
  }

  private static Path checkpointsRoot(DataLayout layout, Configuration options) {
    String configured = options.get(LakehouseOptions.CHECKPOINTS_DIR);
    if (configured == null) {
      return new Path(layout.checkpoints());
    }
    try {
      return new Path(layout.uri(configured));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid "
              + LakehouseOptions.CHECKPOINTS_DIR.key()
              + " '"
              + configured
              + "': "
              + e.getMessage()
              + ". Write a URI such as s3://bucket/lakehouse/checkpoints or"
              + " file:///var/lakehouse/checkpoints, or a local path.",
          e);
    }
  }
}
