package io.lakehouseflow.core.config;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.spec.PipelineSpec;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;

/**
 * Everything a job builder needs for one run: the validated spec, where its data lives, and the run
 * settings ({@link LakehouseOptions} and any Flink options).
 */
public record PipelineRun(PipelineSpec spec, DataLayout layout, Configuration options)
    implements Serializable {

  public PipelineRun {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(layout, "layout");
    options = new Configuration(options);
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
    return LakehouseCatalog.of(spec.catalog(), layout);
  }

  /** The landing directory of one source: {@code <landing root>/<source path>}. */
  public String landingLocation(String sourceName) {
    String root = layout.location(spec.landing());
    return root + "/" + spec.source(sourceName).path();
  }

  /**
   * Where job {@code jobName} of this run checkpoints. Available-now runs checkpoint apart from
   * continuous ones ({@code checkpoints/available-now/<job>}): a continuous run resumes only from a
   * continuous run's checkpoint, never from the splits of a finished or killed bounded run.
   */
  public Path checkpoints(String jobName) {
    return mode() == RunMode.CONTINUOUS
        ? layout.checkpoints(jobName)
        : layout.checkpoints(RunMode.AVAILABLE_NOW.cliName()).resolve(jobName);
  }

  /** A copy with one option changed. */
  public <T> PipelineRun with(org.apache.flink.configuration.ConfigOption<T> option, T value) {
    Configuration copy = new Configuration(options);
    copy.set(option, value);
    return new PipelineRun(spec, layout, copy);
  }
}
