package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.config.PipelineRun;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOptions;

/**
 * {@code --prometheus-port}: turns on Flink's Prometheus reporter in the run's embedded clusters.
 * Every embedded cluster serves its own {@code /metrics} endpoint on the first free port of the
 * range; a continuous run starts one cluster per layer and one for its maintenance job, so a single
 * port {@code P} stands for {@code P} to {@code P + layers}.
 */
final class PrometheusPorts {
  private static final Pattern PORTS = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");
  private static final String REPORTER = "metrics.reporter.prom.";

  private final int first;
  private final int last;

  private PrometheusPorts(int first, int last) {
    this.first = first;
    this.last = last;
  }

  /**
   * @throws IllegalArgumentException saying what a valid value looks like
   */
  static PrometheusPorts parse(String value, int clusters) {
    Matcher m = PORTS.matcher(value.trim());
    if (!m.matches()) {
      throw invalid(value);
    }
    int first = Integer.parseInt(m.group(1));
    int last = m.group(2) == null ? first + clusters - 1 : Integer.parseInt(m.group(2));
    if (first < 1 || last > 65535 || last < first) {
      throw invalid(value);
    }
    return new PrometheusPorts(first, last);
  }

  private static IllegalArgumentException invalid(String value) {
    return new IllegalArgumentException(
        "Invalid --prometheus-port '"
            + value
            + "': give a port (9249) or a range of ports (9249-9259) between 1 and 65535.");
  }

  /** {@code run} with the reporter on, serving on these ports. */
  PipelineRun enable(PipelineRun run) {
    return run.with(
            ConfigOptions.key(REPORTER + "factory.class").stringType().noDefaultValue(),
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
        .with(ConfigOptions.key(REPORTER + "port").stringType().noDefaultValue(), toString());
  }

  @Override
  public String toString() {
    return first == last ? Integer.toString(first) : first + "-" + last;
  }
}
