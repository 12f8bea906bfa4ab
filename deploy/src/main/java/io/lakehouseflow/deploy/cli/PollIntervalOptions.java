package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.application.DurationConverter;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/**
 * {@code --discovery-interval} and {@code --monitor-interval}: how often a continuous run looks for
 * new input, where the user sets it rather than letting it follow the checkpoint interval ({@link
 * PipelineRun#discoveryInterval()}).
 */
final class PollIntervalOptions {
  @Option(
      names = "--discovery-interval",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Continuous mode: how often landing directories are listed for new files (default: half"
              + " the checkpoint interval, between 100 ms and 5 s).")
  Duration discoveryInterval;

  @Option(
      names = "--monitor-interval",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Continuous mode: how often silver and gold poll the Iceberg tables they read (default:"
              + " the discovery interval).")
  Duration monitorInterval;

  /** The intervals given, as run options; those not given are absent. */
  Configuration options() {
    Configuration conf = new Configuration();
    if (discoveryInterval != null) {
      conf.set(LakehouseOptions.DISCOVERY_INTERVAL, discoveryInterval);
    }
    if (monitorInterval != null) {
      conf.set(LakehouseOptions.MONITOR_INTERVAL, monitorInterval);
    }
    return conf;
  }
}
